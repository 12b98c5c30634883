// Starts the pane: Outlook's mailbox when running in Outlook, else the stand-in;
// the language Outlook shows (or ?lang= on the stand-in); the API on this origin,
// with the sign-in this server and this host call for (api/entra-sign-in.ts).
// Until React's first render the page shows taskpane.html's skeleton, in the
// language's direction (the server sets it). The language's strings and the selected
// email's card are fetched side by side; React renders once the strings are in, so
// the pane never shows English first.
import { createHttpApi } from '../api/client.ts';
import { paneTokenSource } from '../api/entra-sign-in.ts';
import { pickLocale, startI18n } from '../i18n/index.ts';
import { connectToOutlook } from '../office/office-mailbox.ts';
import { officeSignIn } from '../office/sign-in.ts';
import { createStandInMailbox } from '../office/stand-in.ts';
import { createQueryClient } from '../state/context.tsx';
import { prefetchSelectedItem } from './start.ts';

/** After the microtasks queued now: the requests a token's arrival starts are sent. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

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
  const lookingUp = prefetchSelectedItem(queryClient, api, mailbox);
  // The UI's code (React DOM, Fluent UI, the components: most of the pane's bytes and of
  // its start-up CPU) downloads with the entry (the server preloads it: http/pane-page.ts)
  // but runs only once the card's requests are out: running it is one long task, and the
  // sign-in's hops before the lookup would each wait for it. Then it runs while the
  // server answers.
  const ui = (lookingUp ? tokens.token().then(nextTask, nextTask) : Promise.resolve()).then(
    () => import('./render.tsx'),
  );
  const [i18n, { renderPane }] = await Promise.all([strings, ui]);
  document.documentElement.lang = locale.language;
  document.documentElement.dir = locale.dir;
  const root = document.getElementById('root');
  if (!root) throw new Error('taskpane.html has no #root');
  renderPane(root, { api, mailbox, i18n, formatLocale: locale.formatLocale, session, queryClient, dir: locale.dir });
}

start().catch((error: unknown) => {
  // Before React and i18n are up there is nothing better than a plain line; it holds no error text.
  console.error('pane failed to start', error instanceof Error ? error.name : typeof error);
  const root = document.getElementById('root');
  if (root) root.textContent = 'CRM for Outlook could not start. Close and reopen the pane.';
});
