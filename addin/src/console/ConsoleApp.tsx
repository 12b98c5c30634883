// The admin console: the language, the sign-in, then for admins the four pages
// (Overview, Deployment, Settings, Audit log) behind a tab list bound to the URL's hash.
import {
  Button,
  FluentProvider,
  Select,
  Tab,
  TabList,
  Text,
  makeStyles,
  tokens,
  webLightTheme,
} from '@fluentui/react-components';
import { QueryClientProvider, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { i18n } from 'i18next';
import { useCallback, useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { asApiError } from '../api/errors.ts';
import { FormatsContext } from '../i18n/format.ts';
import { LANGUAGES, pickLocale, type Language, type Locale } from '../i18n/index.ts';
import { createQueryClient } from '../state/context.tsx';
import type { AuthConfig, ConsoleApi, Me } from './api.ts';
import { AuditPage } from './audit/AuditPage.tsx';
import { BrowserContext, realBrowser, useBrowser, type ConsoleBrowser } from './browser.ts';
import { ConnectPage, fetchOnboardingInfo, parseConnectQuery, type OnboardingInfo } from './connect/index.ts';
import {
  ConsoleApiContext,
  ConsoleFormatsContext,
  consoleKeys,
  createConsoleFormats,
  useConsoleApi,
} from './context.tsx';
import { DeploymentPage } from './deployment/DeploymentPage.tsx';
import { LANGUAGE_NAMES, startConsoleI18n } from './i18n.ts';
import { OverviewPage } from './overview/OverviewPage.tsx';
import { PAGES, useHashQuery, useHashRoute, type Page } from './routes.ts';
import { SettingsPage } from './settings/SettingsPage.tsx';
import { NotAdmin, NotOnboarded, SignInForm } from './SignIn.tsx';
import { Loading, ProblemBar } from './states.tsx';

const useStyles = makeStyles({
  shell: { minBlockSize: '100vh', backgroundColor: tokens.colorNeutralBackground2 },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalL,
    paddingBlock: tokens.spacingVerticalM,
    paddingInline: tokens.spacingHorizontalXXL,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBlockEndWidth: '1px',
    borderBlockEndStyle: 'solid',
    borderBlockEndColor: tokens.colorNeutralStroke2,
  },
  brand: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, flexGrow: 1 },
  who: { color: tokens.colorNeutralForeground2 },
  nav: {
    paddingInline: tokens.spacingHorizontalXL,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBlockEndWidth: '1px',
    borderBlockEndStyle: 'solid',
    borderBlockEndColor: tokens.colorNeutralStroke2,
  },
  main: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    paddingBlock: tokens.spacingVerticalXL,
    paddingInline: tokens.spacingHorizontalXXL,
    maxInlineSize: '1100px',
  },
  language: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
});

/** Where a dev-mode sign-in is remembered for this tab (the address only; tokens stay in memory). */
export const SESSION_EMAIL_KEY = 'crm-console-email';

export type ConsoleRootProps = {
  locale: Locale;
  i18n: i18n;
  loadAuthConfig: (signal?: AbortSignal) => Promise<AuthConfig>;
  /** An API signed in for this server's sign-in (and, in dev mode, the address typed). */
  openApi: (config: AuthConfig, email?: string) => ConsoleApi;
  /** sessionStorage in the browser. */
  session?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  browser?: ConsoleBrowser;
  queryClient?: QueryClient;
  /** Sets lang and dir on <html> and the document's title (main.tsx); tests leave it out. */
  onLocale?: (locale: Locale, title: string) => void;
  /** The connect page's data (GET /api/v1/onboarding, no sign-in); default: this origin's. */
  loadOnboarding?: () => Promise<OnboardingInfo>;
  /** This console's origin (the link a user sends their admin); default: the page's. */
  origin?: string;
};

/** The console with its providers: changing the language swaps the strings, formats and direction in place. */
export function ConsoleRoot(props: ConsoleRootProps) {
  const browser = props.browser ?? realBrowser;
  const [queryClient] = useState(() => props.queryClient ?? createQueryClient());
  const [{ locale, i18n }, setLanguage] = useState({ locale: props.locale, i18n: props.i18n });
  const { onLocale } = props;
  useEffect(() => onLocale?.(locale, i18n.t('documentTitle')), [locale, i18n, onLocale]);
  const changeLanguage = useCallback(
    async (language: Language) => {
      const next = pickLocale(language);
      const instance = await startConsoleI18n(next);
      browser.saveLanguage(language);
      setLanguage({ locale: next, i18n: instance });
    },
    [browser],
  );
  const formats = useMemo(
    () => createConsoleFormats(locale.formatLocale, () => browser.now()),
    [locale.formatLocale, browser],
  );
  return (
    <QueryClientProvider client={queryClient}>
      <I18nextProvider i18n={i18n}>
        <FormatsContext.Provider value={formats}>
          <ConsoleFormatsContext.Provider value={formats}>
            <BrowserContext.Provider value={browser}>
              {/* Outside the components whose styles depend on it: Griffel computes each with this direction. */}
              <FluentProvider theme={webLightTheme} dir={locale.dir}>
                <ConsoleApp {...props} language={locale.language} onLanguage={changeLanguage} />
              </FluentProvider>
            </BrowserContext.Provider>
          </ConsoleFormatsContext.Provider>
        </FormatsContext.Provider>
      </I18nextProvider>
    </QueryClientProvider>
  );
}

type Session =
  | { step: 'config' }
  | { step: 'config-failed'; error: unknown }
  | { step: 'sign-in'; config: AuthConfig }
  | { step: 'failed'; config: AuthConfig; error: unknown }
  | { step: 'signed-in'; config: AuthConfig; api: ConsoleApi; email: string | null };

function ConsoleApp(
  props: ConsoleRootProps & {
    language: Language;
    onLanguage: (language: Language) => Promise<void>;
  },
) {
  const styles = useStyles();
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [route] = useHashRoute();
  const [session, setSession] = useState<Session>({ step: 'config' });
  const { loadAuthConfig, openApi } = props;
  const storage = props.session ?? null;

  const open = useCallback(
    (config: AuthConfig, email: string | null): Session => {
      try {
        return { step: 'signed-in', config, api: openApi(config, email ?? undefined), email };
      } catch (error) {
        return { step: 'failed', config, error };
      }
    },
    [openApi],
  );

  useEffect(() => {
    const controller = new AbortController();
    loadAuthConfig(controller.signal).then(
      (config) => {
        const remembered = config.mode === 'dev' ? readSession(storage) : null;
        // Entra: straight to Microsoft's sign-in; dev: the form, unless this tab signed in before.
        if (config.mode === 'entra') setSession(open(config, null));
        else setSession(remembered ? open(config, remembered) : { step: 'sign-in', config });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setSession({ step: 'config-failed', error });
      },
    );
    return () => controller.abort();
  }, [loadAuthConfig, open, storage]);

  const signIn = async (email: string) => {
    if (session.step !== 'sign-in' && session.step !== 'failed') return;
    const next = open(session.config, email);
    if (next.step === 'signed-in') {
      // Signed in when the server knows the address: errors stay on the form.
      const me = await next.api.me();
      queryClient.setQueryData(consoleKeys.me, me);
      writeSession(storage, email);
    }
    setSession(next);
  };

  const signOut = () => {
    removeSession(storage);
    queryClient.clear();
    setSession((current) => ('config' in current ? { step: 'sign-in', config: current.config } : current));
  };

  let content: ReactNode;
  if (route === 'connect') {
    content = (
      <Main>
        <Connect loadOnboarding={props.loadOnboarding} origin={props.origin} />
      </Main>
    );
  } else if (session.step === 'config') {
    content = (
      <Main>
        <Loading />
      </Main>
    );
  } else if (session.step === 'config-failed' || session.step === 'failed') {
    content = (
      <Main>
        <ProblemBar error={session.error} />
      </Main>
    );
  } else if (session.step === 'sign-in') {
    content = (
      <Main>
        <SignInForm onSignIn={signIn} />
      </Main>
    );
  } else {
    content = (
      <ConsoleApiContext.Provider value={session.api}>
        <SignedIn />
      </ConsoleApiContext.Provider>
    );
  }

  return (
    <div className={styles.shell}>
      <header className={styles.header}>
        <h1 className={styles.brand}>{t('title')}</h1>
        <LanguagePicker language={props.language} onLanguage={props.onLanguage} />
        {session.step === 'signed-in' && session.email !== null && (
          <Button appearance="subtle" onClick={signOut}>
            {t('signIn.signOut')}
          </Button>
        )}
      </header>
      {content}
    </div>
  );
}

function readSession(storage: ConsoleRootProps['session']) {
  try {
    return storage?.getItem(SESSION_EMAIL_KEY) ?? null;
  } catch {
    return null;
  }
}
function writeSession(storage: ConsoleRootProps['session'], email: string) {
  try {
    storage?.setItem(SESSION_EMAIL_KEY, email);
  } catch {
    // Storage refused: a reload asks again.
  }
}
function removeSession(storage: ConsoleRootProps['session']) {
  try {
    storage?.removeItem(SESSION_EMAIL_KEY);
  } catch {
    // Nothing was kept.
  }
}

function LanguagePicker(props: { language: Language; onLanguage: (language: Language) => Promise<void> }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const id = useId();
  const [failed, setFailed] = useState<unknown>(null);
  return (
    <div className={styles.language}>
      <label htmlFor={id}>{t('language')}</label>
      <Select
        id={id}
        value={props.language}
        onChange={(_event, data) => {
          props.onLanguage(data.value as Language).then(() => setFailed(null), setFailed);
        }}
        data-testid="language-picker"
      >
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {LANGUAGE_NAMES[language]}
          </option>
        ))}
      </Select>
      {failed !== null && <ProblemBar error={failed} />}
    </div>
  );
}

function Main({ children }: { children: ReactNode }) {
  const styles = useStyles();
  return <main className={styles.main}>{children}</main>;
}

/** After sign-in: who this is decides what they see. */
function SignedIn() {
  const api = useConsoleApi();
  const me = useQuery({ queryKey: consoleKeys.me, queryFn: ({ signal }) => api.me(signal), staleTime: 60_000 });
  if (me.isPending) {
    return (
      <Main>
        <Loading />
      </Main>
    );
  }
  if (me.isError) {
    return (
      <Main>
        {asApiError(me.error).code === 'TENANT_NOT_ONBOARDED' ? (
          <NotOnboarded />
        ) : (
          <ProblemBar error={me.error} onRetry={() => void me.refetch()} />
        )}
      </Main>
    );
  }
  if (me.data.role !== 'admin') {
    return (
      <Main>
        <NotAdmin me={me.data} />
      </Main>
    );
  }
  return <AdminConsole me={me.data} />;
}

function AdminConsole({ me }: { me: Me }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [route, navigate] = useHashRoute();
  const page: Page = route === 'connect' ? 'overview' : route;
  const tabId = (p: Page) => `console-tab-${p}`;
  return (
    <>
      <nav className={styles.nav} aria-label={t('nav.label')}>
        <TabList selectedValue={page} onTabSelect={(_event, data) => navigate(data.value as Page)}>
          {PAGES.map((p) => (
            <Tab key={p} value={p} id={tabId(p)} aria-controls="console-page" data-testid={`tab-${p}`}>
              {t(`nav.${p}`)}
            </Tab>
          ))}
        </TabList>
      </nav>
      <main className={styles.main}>
        <Text className={styles.who} data-testid="signed-in-as">
          {t('signIn.signedInAs', { name: me.displayName, email: me.email, tenant: me.tenant.name })}
        </Text>
        <div role="tabpanel" id="console-page" aria-labelledby={tabId(page)} data-page={page}>
          {page === 'overview' && <OverviewPage />}
          {page === 'deployment' && <DeploymentPage />}
          {page === 'settings' && <SettingsPage me={me} />}
          {page === 'audit' && <AuditPage />}
        </div>
      </main>
    </>
  );
}

/** The connect page (onboarding) with the route's result and this origin: open to anyone, before sign-in. */
function Connect(props: { loadOnboarding?: () => Promise<OnboardingInfo>; origin?: string }) {
  const query = useHashQuery();
  const browser = useBrowser();
  const origin = props.origin ?? window.location.origin;
  const [loadInfo] = useState(() => props.loadOnboarding ?? (() => fetchOnboardingInfo(origin)));
  const { result, step } = parseConnectQuery(query);
  return (
    <ConnectPage
      loadInfo={loadInfo}
      result={result}
      step={step}
      origin={origin}
      copyText={(text) => browser.copyText(text)}
    />
  );
}
