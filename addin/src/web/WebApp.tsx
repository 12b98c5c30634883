// The web app: the CRM in a browser tab for everyone in the organisation (admins and
// members). The shell (sign-in, header, language) is the console's; once signed in, the
// six pages behind a tab list bound to the URL's hash, each a lazy chunk shown in
// Suspense behind an error boundary of its own.
import type { QueryClient } from '@tanstack/react-query';
import type { i18n } from 'i18next';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuthConfig } from '../api/auth-config.ts';
import type { Locale } from '../i18n/index.ts';
import {
  ErrorBoundary,
  languageSaver,
  Loading,
  PageTabs,
  ShellRoot,
  type SessionStorage,
  type ShellBrowser,
} from '../shell/index.ts';
import { ok, webKeys, WebProviders, type WebSession } from './context.tsx';
import { startWebI18n, WEB_LANGUAGE_KEY } from './i18n.ts';
import { PAGES } from './pages.ts';
import { navigate, useRoute, WEB_PAGES } from './routes.ts';

/** Where a dev-mode sign-in is remembered for this tab (the address only; tokens stay in memory). */
export const WEB_SESSION_EMAIL_KEY = 'crm-web-email';

export type WebRootProps = {
  locale: Locale;
  i18n: i18n;
  loadAuthConfig: (signal?: AbortSignal) => Promise<AuthConfig>;
  /** The API signed in for this server's sign-in (and, in dev mode, the address typed). */
  openSession: (config: AuthConfig, email?: string) => WebSession;
  /** sessionStorage in the browser. */
  session?: SessionStorage | null;
  browser?: ShellBrowser;
  queryClient?: QueryClient;
  /** Sets lang and dir on <html> and the document's title (main.tsx); tests leave it out. */
  onLocale?: (locale: Locale, title: string) => void;
};

const realBrowser: ShellBrowser = { now: () => new Date(), saveLanguage: languageSaver(WEB_LANGUAGE_KEY) };

const loadMe = (session: WebSession, signal?: AbortSignal) => ok(session.client.GET('/api/v1/me', { signal }));

export function WebRoot(props: WebRootProps) {
  return (
    <ShellRoot
      locale={props.locale}
      i18n={props.i18n}
      startI18n={startWebI18n}
      loadAuthConfig={props.loadAuthConfig}
      openApi={props.openSession}
      loadMe={loadMe}
      meKey={webKeys.me}
      session={props.session ?? null}
      sessionKey={WEB_SESSION_EMAIL_KEY}
      browser={props.browser ?? realBrowser}
      queryClient={props.queryClient}
      onLocale={props.onLocale}
    >
      {({ api, me }) => (
        <WebProviders session={api} me={me}>
          <WebPages />
        </WebProviders>
      )}
    </ShellRoot>
  );
}

/** The six pages as tabs; the open one in the panel, its record from the hash. */
function WebPages() {
  const { t } = useTranslation();
  const { page, id } = useRoute();
  const Page = PAGES[page];
  return (
    <PageTabs
      label={t('nav.label')}
      pages={WEB_PAGES}
      labelOf={(p) => t(`nav.${p}`)}
      selected={page}
      onSelect={(next) => navigate({ page: next })}
      idPrefix="web"
    >
      {/* Keyed by route: a page that failed on one record starts afresh on the next. */}
      <ErrorBoundary key={`${page}/${id ?? ''}`}>
        <Suspense fallback={<Loading />}>
          <Page id={id} />
        </Suspense>
      </ErrorBoundary>
    </PageTabs>
  );
}
