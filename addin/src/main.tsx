// Starts the pane: Outlook's mailbox when running in Outlook, else the stand-in;
// the language Outlook shows (or ?lang= on the stand-in); the API on this origin,
// with the sign-in this server and this host call for (api/entra-sign-in.ts).
// Until React's first render the page shows taskpane.html's skeleton, in the
// language's direction (the server sets it). The language's strings and the selected
// email's card are fetched side by side; React renders once the strings are in, so
// the pane never shows English first.
import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createHttpApi } from './api/client.ts';
import { paneTokenSource } from './api/entra-sign-in.ts';
import { App } from './components/App.tsx';
import { pickLocale, startI18n } from './i18n/index.ts';
import { connectToOutlook } from './office/office-mailbox.ts';
import { officeSignIn } from './office/sign-in.ts';
import { createStandInMailbox } from './office/stand-in.ts';
import { createQueryClient, PaneProviders } from './state/context.tsx';
import { prefetchSelectedItem } from './state/queries.ts';

async function start() {
  const language = new URLSearchParams(location.search).get('lang');
  const mailbox =
    (await connectToOutlook()) ?? createStandInMailbox(undefined, language ? { displayLanguage: language } : {});
  const locale = pickLocale(mailbox.displayLanguage);
  const strings = startI18n(locale);
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
  const queryClient = createQueryClient();
  prefetchSelectedItem(queryClient, api, mailbox);
  const i18n = await strings;
  document.documentElement.lang = locale.language;
  document.documentElement.dir = locale.dir;
  const root = document.getElementById('root');
  if (!root) throw new Error('taskpane.html has no #root');
  const app = (
    <StrictMode>
      <PaneProviders
        api={api}
        mailbox={mailbox}
        i18n={i18n}
        formatLocale={locale.formatLocale}
        session={session}
        queryClient={queryClient}
      >
        <App dir={locale.dir} />
      </PaneProviders>
    </StrictMode>
  );
  // A transition: React's first render (the biggest task of the start) yields to the
  // sign-in's and the lookup's answers as they arrive, instead of holding them up.
  startTransition(() => createRoot(root).render(app));
}

start().catch((error: unknown) => {
  // Before React and i18n are up there is nothing better than a plain line; it holds no error text.
  console.error('pane failed to start', error instanceof Error ? error.name : typeof error);
  const root = document.getElementById('root');
  if (root) root.textContent = 'CRM for Outlook could not start. Close and reopen the pane.';
});
