// The admin console: the language, the sign-in, then for admins the four pages
// (Overview, Deployment, Settings, Audit log) behind a tab list bound to the URL's hash.
import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { QueryClient } from '@tanstack/react-query';
import type { i18n } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../i18n/index.ts';
import { Main, PageTabs, ShellRoot, type SessionStorage } from '../shell/index.ts';
import type { AuthConfig, ConsoleApi, Me } from './api.ts';
import { AuditPage } from './audit/AuditPage.tsx';
import { BrowserContext, realBrowser, useBrowser, type ConsoleBrowser } from './browser.ts';
import { ConnectPage, fetchOnboardingInfo, parseConnectQuery, type OnboardingInfo } from './connect/index.ts';
import { ConsoleApiContext, consoleKeys } from './context.tsx';
import { DeploymentPage } from './deployment/DeploymentPage.tsx';
import { startConsoleI18n } from './i18n.ts';
import { OverviewPage } from './overview/OverviewPage.tsx';
import { PAGES, useHashQuery, useHashRoute, type Page } from './routes.ts';
import { SettingsPage } from './settings/SettingsPage.tsx';

/** Where a dev-mode sign-in is remembered for this tab (the address only; tokens stay in memory). */
export const SESSION_EMAIL_KEY = 'crm-console-email';

export type ConsoleRootProps = {
  locale: Locale;
  i18n: i18n;
  loadAuthConfig: (signal?: AbortSignal) => Promise<AuthConfig>;
  /** An API signed in for this server's sign-in (and, in dev mode, the address typed). */
  openApi: (config: AuthConfig, email?: string) => ConsoleApi;
  /** sessionStorage in the browser. */
  session?: SessionStorage | null;
  browser?: ConsoleBrowser;
  queryClient?: QueryClient;
  /** Sets lang and dir on <html> and the document's title (main.tsx); tests leave it out. */
  onLocale?: (locale: Locale, title: string) => void;
  /** The connect page's data (GET /api/v1/onboarding, no sign-in); default: this origin's. */
  loadOnboarding?: () => Promise<OnboardingInfo>;
  /** This console's origin (the link a user sends their admin); default: the page's. */
  origin?: string;
};

/** The console in the shell: changing the language swaps the strings, formats and direction in place. */
export function ConsoleRoot(props: ConsoleRootProps) {
  const browser = props.browser ?? realBrowser;
  const [route] = useHashRoute();
  return (
    <BrowserContext.Provider value={browser}>
      <ShellRoot
        locale={props.locale}
        i18n={props.i18n}
        startI18n={startConsoleI18n}
        loadAuthConfig={props.loadAuthConfig}
        openApi={props.openApi}
        loadMe={loadMe}
        meKey={consoleKeys.me}
        session={props.session ?? null}
        sessionKey={SESSION_EMAIL_KEY}
        browser={browser}
        queryClient={props.queryClient}
        onLocale={props.onLocale}
        publicPage={
          route === 'connect' ? <Connect loadOnboarding={props.loadOnboarding} origin={props.origin} /> : null
        }
      >
        {({ api, me }) => (
          <ConsoleApiContext.Provider value={api}>
            {me.role === 'admin' ? (
              <AdminConsole me={me} />
            ) : (
              <Main>
                <NotAdmin me={me} />
              </Main>
            )}
          </ConsoleApiContext.Provider>
        )}
      </ShellRoot>
    </BrowserContext.Provider>
  );
}

const loadMe = (api: ConsoleApi, signal?: AbortSignal) => api.me(signal);

/** A member signed in: the console is for admins. */
function NotAdmin({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <MessageBar intent="info" layout="multiline" data-testid="not-admin">
      <MessageBarBody>
        <MessageBarTitle>{t('notAdmin.title')}</MessageBarTitle>
        {t('notAdmin.body', { name: me.displayName, tenant: me.tenant.name })}
      </MessageBarBody>
    </MessageBar>
  );
}

function AdminConsole({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [route, navigate] = useHashRoute();
  const page: Page = route === 'connect' ? 'overview' : route;
  return (
    <PageTabs
      label={t('nav.label')}
      pages={PAGES}
      labelOf={(p) => t(`nav.${p}`)}
      selected={page}
      onSelect={navigate}
      idPrefix="console"
    >
      {page === 'overview' && <OverviewPage />}
      {page === 'deployment' && <DeploymentPage />}
      {page === 'settings' && <SettingsPage me={me} />}
      {page === 'audit' && <AuditPage />}
    </PageTabs>
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
