// Starts the pane: Outlook's mailbox when running in Outlook, else the stand-in;
// the language Outlook shows (or ?lang= on the stand-in); the API on this origin,
// with the sign-in this server and this host call for (api/entra-sign-in.ts).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createHttpApi } from './api/client.ts';
import { paneTokenSource } from './api/entra-sign-in.ts';
import { App } from './components/App.tsx';
import { pickLocale, startI18n } from './i18n/index.ts';
import { connectToOutlook } from './office/office-mailbox.ts';
import { officeSignIn } from './office/sign-in.ts';
import { createStandInMailbox } from './office/stand-in.ts';
import { PaneProviders } from './state/context.tsx';

async function start() {
  const language = new URLSearchParams(location.search).get('lang');
  const mailbox =
    (await connectToOutlook()) ?? createStandInMailbox(undefined, language ? { displayLanguage: language } : {});
  const locale = pickLocale(mailbox.displayLanguage);
  const i18n = await startI18n(locale);
  document.documentElement.lang = locale.language;
  document.documentElement.dir = locale.dir;
  const origin = location.origin;
  const tokens = paneTokenSource({
    origin,
    email: mailbox.user.email,
    office: mailbox.host === 'outlook' ? officeSignIn() : null,
  });
  const api = createHttpApi(origin, tokens);
  const session = {
    signIn: () => tokens.signIn(),
    cancelSignIn: () => tokens.cancelSignIn(),
    connectUrl: `${origin}/console#/connect`,
  };
  const root = document.getElementById('root');
  if (!root) throw new Error('taskpane.html has no #root');
  createRoot(root).render(
    <StrictMode>
      <PaneProviders api={api} mailbox={mailbox} i18n={i18n} formatLocale={locale.formatLocale} session={session}>
        <App dir={locale.dir} />
      </PaneProviders>
    </StrictMode>,
  );
}

start().catch((error: unknown) => {
  // Before React and i18n are up there is nothing better than a plain line; it holds no error text.
  console.error('pane failed to start', error instanceof Error ? error.name : typeof error);
  const root = document.getElementById('root');
  if (root) root.textContent = 'CRM for Outlook could not start. Close and reopen the pane.';
});
