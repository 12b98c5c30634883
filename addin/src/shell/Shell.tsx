// What the admin console and the web app share around their pages: the providers
// (TanStack Query, i18next, the formats, Fluent UI with the language's direction), the
// header (the app's name, who is signed in, the language picker, sign-out), and the
// sign-in: how this server signs people in, the development sign-in form (remembered
// for the tab), Microsoft's redirect in Entra mode, and who the server says this is.
// Each app passes its API, its strings and what it shows once signed in.
import { Button, FluentProvider, Select, Text, makeStyles, tokens, webLightTheme } from '@fluentui/react-components';
import { QueryClientProvider, useQuery, useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import type { i18n } from 'i18next';
import { useCallback, useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import type { AuthConfig } from '../api/auth-config.ts';
import { asApiError } from '../api/errors.ts';
import type { Me } from '../api/schema.d.ts';
import { AppFormatsContext, FormatsContext, createAppFormats } from '../i18n/format.ts';
import { LANGUAGES, pickLocale, type Language, type Locale } from '../i18n/index.ts';
import { createQueryClient } from '../state/context.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { LANGUAGE_NAMES } from './i18n.ts';
import { NotOnboarded, SignInForm } from './SignIn.tsx';
import { Loading, ProblemBar } from './states.tsx';
import { SHELL_NAMESPACE } from './strings.ts';

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

/** What the shell needs of the browser: the clock, and remembering the language (localStorage). */
export type ShellBrowser = { now(): Date; saveLanguage(language: string): void };

/** sessionStorage in the browser: where a dev-mode sign-in is remembered (the address only; tokens stay in memory). */
export type SessionStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export type ShellProps<Api> = {
  locale: Locale;
  i18n: i18n;
  /** The app's strings in another language (its namespace default, the shell's added). */
  startI18n: (locale: Locale) => Promise<i18n>;
  loadAuthConfig: (signal?: AbortSignal) => Promise<AuthConfig>;
  /** An API signed in for this server's sign-in (and, in dev mode, the address typed). */
  openApi: (config: AuthConfig, email?: string) => Api;
  /** Who the server says is signed in (GET /me through the app's API). */
  loadMe: (api: Api, signal?: AbortSignal) => Promise<Me>;
  /** Where the app caches `loadMe`'s answer. */
  meKey: QueryKey;
  session?: SessionStorage | null;
  /** The key of the dev-mode address in `session`. */
  sessionKey: string;
  browser: ShellBrowser;
  queryClient?: QueryClient | undefined;
  /** Sets lang and dir on <html> and the document's title (main.tsx); tests leave it out. */
  onLocale?: ((locale: Locale, title: string) => void) | undefined;
  /** A page open to anyone, shown instead of the sign-in (the console's connect page). */
  publicPage?: ReactNode;
  /** The app once the server knows who signed in. */
  children: (signedIn: { api: Api; me: Me }) => ReactNode;
};

/**
 * An app in a browser tab with its providers: changing the language swaps the strings,
 * formats and direction in place. The app's namespace has `title` (the header) and
 * `documentTitle` (the tab).
 */
export function ShellRoot<Api>(props: ShellProps<Api>) {
  const { browser, onLocale, startI18n } = props;
  const [queryClient] = useState(() => props.queryClient ?? createQueryClient());
  const [{ locale, i18n }, setLanguage] = useState({ locale: props.locale, i18n: props.i18n });
  useEffect(() => onLocale?.(locale, i18n.t('documentTitle')), [locale, i18n, onLocale]);
  const changeLanguage = useCallback(
    async (language: Language) => {
      const next = pickLocale(language);
      const instance = await startI18n(next);
      browser.saveLanguage(language);
      setLanguage({ locale: next, i18n: instance });
    },
    [browser, startI18n],
  );
  const formats = useMemo(
    () => createAppFormats(locale.formatLocale, () => browser.now()),
    [locale.formatLocale, browser],
  );
  return (
    <QueryClientProvider client={queryClient}>
      <I18nextProvider i18n={i18n}>
        <FormatsContext.Provider value={formats}>
          <AppFormatsContext.Provider value={formats}>
            {/* Outside the components whose styles depend on it: Griffel computes each with this direction. */}
            <FluentProvider theme={webLightTheme} dir={locale.dir}>
              <Shell {...props} language={locale.language} onLanguage={changeLanguage} />
            </FluentProvider>
          </AppFormatsContext.Provider>
        </FormatsContext.Provider>
      </I18nextProvider>
    </QueryClientProvider>
  );
}

type Session<Api> =
  | { step: 'config' }
  | { step: 'config-failed'; error: unknown }
  | { step: 'sign-in'; config: AuthConfig }
  | { step: 'failed'; config: AuthConfig; error: unknown }
  | { step: 'signed-in'; config: AuthConfig; api: Api; email: string | null };

function Shell<Api>(
  props: ShellProps<Api> & { language: Language; onLanguage: (language: Language) => Promise<void> },
) {
  const styles = useStyles();
  const { t } = useTranslation();
  const { t: shellT } = useTranslation(SHELL_NAMESPACE);
  const queryClient = useQueryClient();
  const [session, setSession] = useState<Session<Api>>({ step: 'config' });
  const { loadAuthConfig, openApi, loadMe, meKey, sessionKey } = props;
  const storage = props.session ?? null;

  const open = useCallback(
    (config: AuthConfig, email: string | null): Session<Api> => {
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
        const remembered = config.mode === 'dev' ? readSession(storage, sessionKey) : null;
        // Entra: straight to Microsoft's sign-in; dev: the form, unless this tab signed in before.
        if (config.mode === 'entra') setSession(open(config, null));
        else setSession(remembered ? open(config, remembered) : { step: 'sign-in', config });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setSession({ step: 'config-failed', error });
      },
    );
    return () => controller.abort();
  }, [loadAuthConfig, open, storage, sessionKey]);

  const signIn = async (email: string) => {
    if (session.step !== 'sign-in' && session.step !== 'failed') return;
    const next = open(session.config, email);
    if (next.step === 'signed-in') {
      // Signed in when the server knows the address: errors stay on the form.
      const me = await loadMe(next.api);
      queryClient.setQueryData(meKey, me);
      writeSession(storage, sessionKey, email);
    }
    setSession(next);
  };

  const signOut = () => {
    removeSession(storage, sessionKey);
    queryClient.clear();
    setSession((current) => ('config' in current ? { step: 'sign-in', config: current.config } : current));
  };

  let content: ReactNode;
  if (props.publicPage) {
    content = <Main>{props.publicPage}</Main>;
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
      <SignedIn api={session.api} loadMe={loadMe} meKey={meKey}>
        {props.children}
      </SignedIn>
    );
  }

  const signedIn = session.step === 'signed-in' && !props.publicPage ? session : null;
  const signedInEmail = signedIn ? signedIn.email : null;
  return (
    <div className={styles.shell}>
      <header className={styles.header}>
        <h1 className={styles.brand}>{t('title')}</h1>
        {signedIn && <Who api={signedIn.api} loadMe={loadMe} meKey={meKey} />}
        <LanguagePicker language={props.language} onLanguage={props.onLanguage} />
        {signedInEmail !== null && (
          <Button appearance="subtle" onClick={signOut}>
            {shellT('signIn.signOut')}
          </Button>
        )}
      </header>
      <ErrorBoundary>{content}</ErrorBoundary>
    </div>
  );
}

function readSession(storage: SessionStorage | null, key: string) {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}
function writeSession(storage: SessionStorage | null, key: string, email: string) {
  try {
    storage?.setItem(key, email);
  } catch {
    // Storage refused: a reload asks again.
  }
}
function removeSession(storage: SessionStorage | null, key: string) {
  try {
    storage?.removeItem(key);
  } catch {
    // Nothing was kept.
  }
}

function LanguagePicker(props: { language: Language; onLanguage: (language: Language) => Promise<void> }) {
  const styles = useStyles();
  const { t } = useTranslation(SHELL_NAMESPACE);
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

/** The page's main landmark, as the shell lays it out. */
export function Main({ children }: { children: ReactNode }) {
  const styles = useStyles();
  return <main className={styles.main}>{children}</main>;
}

type MeSource<Api> = { api: Api; loadMe: (api: Api, signal?: AbortSignal) => Promise<Me>; meKey: QueryKey };

function useMeQuery<Api>({ api, loadMe, meKey }: MeSource<Api>) {
  return useQuery({ queryKey: meKey, queryFn: ({ signal }) => loadMe(api, signal), staleTime: 60_000 });
}

/** Who is signed in, in the header, once the server has said. */
function Who<Api>(props: MeSource<Api>) {
  const styles = useStyles();
  const { t } = useTranslation(SHELL_NAMESPACE);
  const me = useMeQuery(props);
  if (!me.data) return null;
  return (
    <Text className={styles.who} data-testid="signed-in-as">
      {t('signIn.signedInAs', { name: me.data.displayName, email: me.data.email, tenant: me.data.tenant.name })}
    </Text>
  );
}

/** After sign-in: the app, once the server says who this is. */
function SignedIn<Api>(props: MeSource<Api> & { children: ShellProps<Api>['children'] }) {
  const me = useMeQuery(props);
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
  return props.children({ api: props.api, me: me.data });
}
