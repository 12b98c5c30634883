// The pane while nobody is signed in, and for an organisation that is not connected
// yet: what the user sees and what a click does.
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Api } from '../api/client.ts';
import { signInError } from '../api/entra-sign-in.ts';
import { ApiError } from '../api/errors.ts';
import { pickLocale, startI18n } from '../i18n/index.ts';
import { createStandInMailbox, type Sample } from '../office/stand-in.ts';
import { PaneProviders, createQueryClient, type Session } from '../state/context.tsx';
import { contact, fixedApi, knownLookup } from '../test/fakes.ts';
import { App } from './App.tsx';

const me = { email: 'alice@contoso.example', name: 'Alice' };
const CONNECT_URL = 'https://crm.example.com/console#/connect';

const sample: Sample = {
  label: 'a',
  item: {
    kind: 'message',
    internetMessageId: '<a@test>',
    subject: 'Renewal',
    from: { email: 'nino@fabrikam.example', name: 'Nino' },
    to: [me],
    cc: [],
    sentAt: '2026-11-20T08:00:00.000Z',
    conversationId: null,
  },
  body: 'Hello',
};

/** An API that refuses until the session says someone signed in, the way the real one would. */
function gatedApi(refusal: () => ApiError) {
  const state = { signedIn: false };
  const nino = knownLookup(contact('Nino Kapanadze', 'nino@fabrikam.example'));
  const { api } = fixedApi({ lookups: { 'nino@fabrikam.example': nino } });
  const gated: Api = {
    ...api,
    lookup: async (email, signal) => {
      if (!state.signedIn) throw refusal();
      return api.lookup(email, signal);
    },
  };
  return { api: gated, state };
}

/** A session whose sign-in the test answers. */
function session() {
  const attempts: { resolve(): void; reject(error: ApiError): void }[] = [];
  const value: Session & { cancelled: number } = {
    connectUrl: CONNECT_URL,
    cancelled: 0,
    signIn: () => new Promise<void>((resolve, reject) => attempts.push({ resolve, reject })),
    cancelSignIn: () => {
      value.cancelled++;
    },
  };
  return { session: value, attempts };
}

async function renderPane(api: Api, value: Session | undefined, language = 'en-US') {
  const locale = pickLocale(language);
  const i18n = await startI18n(locale);
  render(
    <PaneProviders
      api={api}
      mailbox={createStandInMailbox([sample], { user: me, displayLanguage: language })}
      i18n={i18n}
      formatLocale={locale.formatLocale}
      queryClient={createQueryClient()}
      session={value}
    >
      <App dir={locale.dir} />
    </PaneProviders>,
  );
}

afterEach(cleanup);

describe('signing in from the pane', () => {
  it('shows a Sign in button when nobody is signed in, and the card once the user has signed in', async () => {
    const user = userEvent.setup();
    const { api, state } = gatedApi(() => signInError('SIGN_IN_REQUIRED'));
    const { session: value, attempts } = session();
    await renderPane(api, value);

    const box = await screen.findByTestId('sign-in');
    expect(within(box).getByText('Sign in with your work account to see your CRM beside your email.')).toBeTruthy();
    expect(attempts).toHaveLength(0); // nothing opens by itself
    await user.click(within(box).getByRole('button', { name: 'Sign in' }));
    expect(attempts).toHaveLength(1);
    expect(screen.getByText('Signing in… Finish in the window that opened.')).toBeTruthy();

    state.signedIn = true;
    await act(async () => attempts[0]!.resolve());
    expect(await screen.findByTestId('contact-card')).toBeTruthy();
    expect(screen.queryByTestId('sign-in')).toBeNull();
  });

  it.each([
    ['SIGN_IN_CANCELLED', "Sign-in didn't finish. Sign in again when you're ready."],
    ['SIGN_IN_BLOCKED', 'The sign-in window was blocked. Allow pop-ups for Outlook and try again.'],
    ['SIGN_IN_FAILED', "We couldn't sign you in. Try again in a moment."],
  ] as const)('says why a sign-in ended with %s and offers it again', async (code, text) => {
    const user = userEvent.setup();
    const { api } = gatedApi(() => signInError('SIGN_IN_REQUIRED'));
    const { session: value, attempts } = session();
    await renderPane(api, value);
    await user.click(await screen.findByRole('button', { name: 'Sign in' }));
    await act(async () => attempts[0]!.reject(signInError(code)));

    expect(within(screen.getByTestId('sign-in-failed')).getByText(text)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(attempts).toHaveLength(2);
  });

  it('lets the user give up on a sign-in window they closed', async () => {
    const user = userEvent.setup();
    const { api } = gatedApi(() => signInError('SIGN_IN_REQUIRED'));
    const { session: value } = session();
    await renderPane(api, value);
    await user.click(await screen.findByRole('button', { name: 'Sign in' }));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(value.cancelled).toBe(1);
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
  });

  it('offers Sign in when the server refuses the token even after a fresh one (401)', async () => {
    const { api } = gatedApi(() => new ApiError('signedOut', 401, 'UNAUTHENTICATED'));
    await renderPane(api, session().session);
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
  });

  it('keeps the plain error where the pane has no sign-in to offer', async () => {
    const { api } = gatedApi(() => new ApiError('signedOut', 401, 'UNAUTHENTICATED'));
    await renderPane(api, undefined);
    expect(await screen.findByTestId('error')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Sign in' })).toBeNull();
  });
});

describe('an organisation that is not connected yet', () => {
  it('tells the user to ask their admin, with the console’s connect link to copy', async () => {
    const user = userEvent.setup();
    const { api, state } = gatedApi(() => new ApiError('signedOut', 401, 'TENANT_NOT_ONBOARDED'));
    await renderPane(api, session().session);

    const box = await screen.findByTestId('not-connected');
    expect(within(box).getByText('Your organisation is not connected yet. Ask your admin to connect it:')).toBeTruthy();
    const link = within(box).getByRole('link', { name: CONNECT_URL });
    expect(link.getAttribute('href')).toBe(CONNECT_URL);
    expect(link.getAttribute('rel')).toContain('noopener');
    expect(screen.queryByRole('button', { name: 'Sign in' })).toBeNull();

    await user.click(within(box).getByRole('button', { name: 'Copy link' }));
    expect(await navigator.clipboard.readText()).toBe(CONNECT_URL);
    expect(within(box).getByRole('status').textContent).toBe('Link copied');

    // Once the admin has connected it, trying again shows the card.
    state.signedIn = true;
    await user.click(within(box).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('contact-card')).toBeTruthy();
  });

  it('says the same when Entra refuses the sign-in because nobody consented for the organisation', async () => {
    const user = userEvent.setup();
    const { api } = gatedApi(() => signInError('SIGN_IN_REQUIRED'));
    const { session: value, attempts } = session();
    await renderPane(api, value);
    await user.click(await screen.findByRole('button', { name: 'Sign in' }));
    await act(async () => attempts[0]!.reject(signInError('ADMIN_CONSENT_REQUIRED')));
    expect(await screen.findByTestId('not-connected')).toBeTruthy();
    expect(screen.getByRole('link', { name: CONNECT_URL })).toBeTruthy();
  });

  it('in Persian: the message right to left, the link left to right', async () => {
    const { api } = gatedApi(() => new ApiError('signedOut', 401, 'TENANT_NOT_ONBOARDED'));
    await renderPane(api, session().session, 'fa-IR');
    const box = await screen.findByTestId('not-connected');
    expect(
      within(box).getByText('سازمان شما هنوز متصل نشده است. از سرپرست سیستم بخواهید آن را متصل کند:'),
    ).toBeTruthy();
    expect(box.closest('[dir]')?.getAttribute('dir')).toBe('rtl');
    expect(within(box).getByRole('link').getAttribute('dir')).toBe('ltr');
    expect(within(box).getByRole('button', { name: 'کپی پیوند' })).toBeTruthy();
  });
});
