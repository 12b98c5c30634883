// Which sign-in the pane gets, and how each behaves when Entra, the browser or the
// user says no. MSAL and Office are fakes at their boundaries; MSAL's errors are its own.
import {
  BrowserAuthError,
  InteractionRequiredAuthError,
  ServerError,
  type AccountInfo,
  type AuthenticationResult,
  type Configuration,
  type PopupRequest,
  type RedirectRequest,
  type SilentRequest,
} from '@azure/msal-browser';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DialogEvent, OfficeSignIn } from '../office/sign-in.ts';
import { DialogOpenError } from '../office/sign-in.ts';
import type { AuthConfig } from './auth-config.ts';
import { failureMessage, tokenMessage } from './dialog-message.ts';
import {
  choosePaneTokenSource,
  createDialogTokenSource,
  createMsalTokenSource,
  createRedirectTokenSource,
  paneTokenSource,
  type MsalFactory,
} from './entra-sign-in.ts';
import { ApiError } from './errors.ts';

const ORIGIN = 'https://crm.example.com';
const SCOPE = `api://crm.example.com/app-1/access_as_user`;
const ENTRA = {
  mode: 'entra' as const,
  clientId: 'app-1',
  authority: 'https://127.0.0.1:8443/organizations',
  apiScope: SCOPE,
  knownAuthorities: ['https://127.0.0.1:8443'],
};
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJvaWQiOiJ1In0.c2ln';

const account = (username = 'nino@contoso.example'): AccountInfo => ({
  homeAccountId: `oid.tid-${username}`,
  environment: '127.0.0.1:8443',
  tenantId: 'tid',
  username,
  localAccountId: 'oid',
});

const result = (accessToken: string, who = account()): AuthenticationResult =>
  ({ accessToken, account: who, expiresOn: new Date(Date.now() + 3600_000), scopes: [SCOPE] }) as AuthenticationResult;

/** MSAL's client as the pane uses it: each call answers what the test queued, in order. */
function fakeMsal() {
  let active: AccountInfo | null = null;
  const silent: (() => AuthenticationResult)[] = [];
  const popup: (() => AuthenticationResult)[] = [];
  const client = {
    silentRequests: [] as SilentRequest[],
    popupRequests: [] as PopupRequest[],
    redirectRequests: [] as RedirectRequest[],
    redirectResult: null as AuthenticationResult | null,
    redirectError: null as Error | null,
    whenSilent: (answer: () => AuthenticationResult) => silent.push(answer),
    whenPopup: (answer: () => AuthenticationResult) => popup.push(answer),
    getActiveAccount: () => active,
    getAllAccounts: () => (active ? [active] : []),
    setActiveAccount: (next: AccountInfo | null) => {
      active = next;
    },
    async acquireTokenSilent(request: SilentRequest) {
      client.silentRequests.push(request);
      const answer = silent.shift();
      if (!answer) throw new InteractionRequiredAuthError('interaction_required', '', 'AADSTS50058: no session');
      return answer();
    },
    async acquireTokenPopup(request: PopupRequest) {
      client.popupRequests.push(request);
      const answer = popup.shift();
      if (!answer) throw new Error('no pop-up answer queued');
      return answer();
    },
    async acquireTokenRedirect(request: RedirectRequest) {
      client.redirectRequests.push(request);
    },
    cleared: 0,
    async clearCache() {
      client.cleared++;
    },
    async handleRedirectPromise() {
      if (client.redirectError) throw client.redirectError;
      return client.redirectResult;
    },
  };
  return client;
}

function factory(client: ReturnType<typeof fakeMsal>) {
  const built: { kind: 'nested' | 'standard'; configuration: Configuration }[] = [];
  const msal: MsalFactory = {
    nested: async (configuration) => {
      built.push({ kind: 'nested', configuration });
      return client;
    },
    standard: async (configuration) => {
      built.push({ kind: 'standard', configuration });
      return client;
    },
  };
  return { msal, built };
}

/** Office's dialog: the test plays the page inside it. */
function fakeOffice(options: { nestedAppAuth?: boolean; openError?: number } = {}) {
  const opened: { url: string; emit: (event: DialogEvent) => void; closed: boolean }[] = [];
  const office: OfficeSignIn = {
    nestedAppAuth: options.nestedAppAuth ?? false,
    async openDialog(url, listener) {
      if (options.openError) throw new DialogOpenError(options.openError);
      const dialog = { url, emit: listener, closed: false };
      opened.push(dialog);
      return {
        close: () => {
          dialog.closed = true;
        },
      };
    },
  };
  const dialog = () => {
    const last = opened.at(-1);
    if (!last) throw new Error('no dialog opened');
    return last;
  };
  return { office, opened, dialog };
}

const codeOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return { kind: (error as ApiError).kind, code: (error as ApiError).code };
};

/** Lets pending promise callbacks run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => vi.unstubAllGlobals());

describe('choosing the pane’s sign-in', () => {
  it('uses the development sign-in on a dev server, and loads no MSAL', async () => {
    const fetch = vi.fn(async () =>
      Response.json({ token: 'dev-token', expiresAt: new Date(Date.now() + 3600_000).toISOString() }),
    );
    vi.stubGlobal('fetch', fetch);
    const { msal, built } = factory(fakeMsal());
    const source = await choosePaneTokenSource({
      origin: ORIGIN,
      config: { mode: 'dev' },
      email: 'alice@contoso.example',
      office: fakeOffice({ nestedAppAuth: true }).office,
      msal,
    });
    expect(await source.token()).toBe('dev-token');
    expect(fetch).toHaveBeenCalledWith(`${ORIGIN}/dev/sign-in`, expect.objectContaining({ method: 'POST' }));
    expect(built).toEqual([]);
  });

  it('uses nested app authentication where Outlook supports NestedAppAuth 1.1, for the API scope only, in memory', async () => {
    const client = fakeMsal();
    client.whenSilent(() => result('naa-token'));
    const { msal, built } = factory(client);
    const { office, opened } = fakeOffice({ nestedAppAuth: true });
    const source = await choosePaneTokenSource({
      origin: ORIGIN,
      config: ENTRA,
      email: 'nino@contoso.example',
      office,
      msal,
    });

    expect(await source.token()).toBe('naa-token');
    expect(built).toHaveLength(1);
    expect(built[0]!.kind).toBe('nested');
    expect(built[0]!.configuration).toMatchObject({
      auth: {
        clientId: 'app-1',
        authority: 'https://127.0.0.1:8443/organizations',
        // MSAL matches known authorities by host and port.
        knownAuthorities: ['127.0.0.1:8443'],
        redirectUri: `${ORIGIN}/auth/redirect.html`,
      },
      cache: { cacheLocation: 'memoryStorage' },
    });
    expect(client.silentRequests[0]!.scopes).toEqual([SCOPE]);
    expect(opened).toEqual([]);
  });

  it('falls back to Office’s dialog where Outlook has no nested app authentication', async () => {
    const { msal, built } = factory(fakeMsal());
    const { office, dialog } = fakeOffice({ nestedAppAuth: false });
    const source = await choosePaneTokenSource({
      origin: ORIGIN,
      config: ENTRA,
      email: 'nino@contoso.example',
      office,
      msal,
    });

    expect(await codeOf(source.token())).toEqual({ kind: 'signedOut', code: 'SIGN_IN_REQUIRED' });
    const signingIn = source.signIn();
    await settle();
    const url = new URL(dialog().url);
    expect(url.origin + url.pathname).toBe(`${ORIGIN}/auth/dialog.html`);
    expect(url.searchParams.get('login_hint')).toBe('nino@contoso.example');
    dialog().emit({ type: 'message', origin: ORIGIN, message: tokenMessage(JWT, new Date(Date.now() + 3600_000)) });
    await signingIn;
    expect(await source.token()).toBe(JWT);
    expect(built).toEqual([]);
  });

  it('uses MSAL with a pop-up outside Office, without a login hint from the stand-in mailbox', async () => {
    const client = fakeMsal();
    const { msal, built } = factory(client);
    const source = await choosePaneTokenSource({
      origin: ORIGIN,
      config: ENTRA,
      email: 'alice@contoso.example',
      office: null,
      msal,
    });
    expect(built.map((b) => b.kind)).toEqual(['standard']);
    client.whenPopup(() => result('popup-token'));
    client.whenSilent(() => result('popup-token'));
    await source.signIn();
    expect(client.popupRequests[0]).toEqual({ scopes: [SCOPE] });
    expect(await source.token()).toBe('popup-token');
  });

  it('asks the server again when its auth settings could not be fetched (offline at start is not signed out)', async () => {
    const client = fakeMsal();
    client.whenSilent(() => result('t'));
    const fetchConfig = vi
      .fn<() => Promise<AuthConfig>>()
      .mockRejectedValueOnce(new ApiError('offline', null))
      .mockResolvedValueOnce(ENTRA);
    const source = paneTokenSource({
      origin: ORIGIN,
      email: 'a@b.example',
      office: null,
      fetchConfig,
      msal: factory(client).msal,
    });
    expect(await codeOf(source.token())).toEqual({ kind: 'offline', code: null });
    expect(await source.token()).toBe('t');
    expect(fetchConfig).toHaveBeenCalledTimes(2);
  });
});

describe('MSAL with a pop-up (nested app authentication, or a browser)', () => {
  it('gets the token silently when it can, for the signed-in account', async () => {
    const client = fakeMsal();
    const nino = account();
    client.whenSilent(() => result('first', nino));
    client.whenSilent(() => result('second', nino));
    const source = createMsalTokenSource(client, { scope: SCOPE });
    expect(await source.token()).toBe('first');
    expect(await source.token()).toBe('second');
    expect(client.silentRequests[1]).toEqual({ scopes: [SCOPE], account: nino });
    expect(client.popupRequests).toEqual([]);
  });

  it('asks once for concurrent requests (several lookups start together)', async () => {
    const client = fakeMsal();
    client.whenSilent(() => result('shared'));
    const source = createMsalTokenSource(client, { scope: SCOPE });
    expect(await Promise.all([source.token(), source.token(), source.token()])).toEqual(['shared', 'shared', 'shared']);
    expect(client.silentRequests).toHaveLength(1);
  });

  it('never opens a pop-up by itself: interaction required means signed out until the user clicks Sign in', async () => {
    const client = fakeMsal();
    const source = createMsalTokenSource(client, { scope: SCOPE, loginHint: 'nino@contoso.example' });
    expect(await codeOf(source.token())).toEqual({ kind: 'signedOut', code: 'SIGN_IN_REQUIRED' });
    expect(client.popupRequests).toEqual([]);

    // The click:
    client.whenPopup(() => result('interactive'));
    await source.signIn();
    expect(client.popupRequests).toEqual([{ scopes: [SCOPE], loginHint: 'nino@contoso.example' }]);
    client.whenSilent(() => result('interactive'));
    expect(await source.token()).toBe('interactive');
    expect(client.silentRequests.at(-1)!.account?.username).toBe('nino@contoso.example');
  });

  it('after a 401 (forget) asks Entra for a fresh token, not the cached one, once', async () => {
    const client = fakeMsal();
    client.whenSilent(() => result('old'));
    client.whenSilent(() => result('fresh'));
    client.whenSilent(() => result('fresh'));
    const source = createMsalTokenSource(client, { scope: SCOPE });
    await source.token();
    source.forget();
    expect(await source.token()).toBe('fresh');
    await source.token();
    expect(client.silentRequests.map((r) => r.forceRefresh ?? false)).toEqual([false, true, false]);
  });

  it('says offline, not signed out, when the network fails', async () => {
    const client = fakeMsal();
    client.whenSilent(() => {
      throw new BrowserAuthError('no_network_connectivity', '');
    });
    const source = createMsalTokenSource(client, { scope: SCOPE });
    expect(await codeOf(source.token())).toEqual({ kind: 'offline', code: null });
  });

  it.each([
    ['the user closed the pop-up', new BrowserAuthError('user_cancelled', ''), 'SIGN_IN_CANCELLED'],
    ['the pop-up waited too long', new BrowserAuthError('timed_out', ''), 'SIGN_IN_CANCELLED'],
    [
      'the user declined consent (AADSTS65004)',
      new ServerError('access_denied', '', 'AADSTS65004: User declined to consent to access the app.'),
      'SIGN_IN_CANCELLED',
    ],
    ['the browser blocked the pop-up', new BrowserAuthError('popup_window_error', ''), 'SIGN_IN_BLOCKED'],
    [
      'the organisation has not consented (AADSTS65001)',
      new InteractionRequiredAuthError(
        'consent_required',
        '',
        'AADSTS65001: The user or administrator has not consented',
      ),
      'ADMIN_CONSENT_REQUIRED',
    ],
    [
      'an admin must approve (AADSTS90094)',
      new ServerError('access_denied', '', 'AADSTS90094: An administrator must grant permission'),
      'ADMIN_CONSENT_REQUIRED',
    ],
    ['Entra failed', new ServerError('server_error', '', 'AADSTS50000: There was an error'), 'SIGN_IN_FAILED'],
    ['something else broke', new Error('boom'), 'SIGN_IN_FAILED'],
  ])('an interactive sign-in that fails because %s says so (%s)', async (_reason, error, code) => {
    const client = fakeMsal();
    client.whenPopup(() => {
      throw error;
    });
    const source = createMsalTokenSource(client, { scope: SCOPE });
    expect(await codeOf(source.signIn())).toEqual({ kind: 'signedOut', code });
    expect(client.getActiveAccount()).toBeNull();
  });

  it('starts over after the user gave up on a pop-up (MSAL would still be waiting for it)', async () => {
    const client = fakeMsal();
    client.whenPopup(() => result('t'));
    client.whenPopup(() => result('t'));
    const source = createMsalTokenSource(client, { scope: SCOPE });
    await source.signIn();
    source.cancelSignIn();
    await source.signIn();
    expect(client.popupRequests.map((r) => r.overrideInteractionInProgress ?? false)).toEqual([false, true]);
  });
});

describe('Office’s dialog (Outlook without nested app authentication)', () => {
  const expiresIn = (ms: number) => new Date(Date.now() + ms);

  async function open(options: { now?: () => number } = {}) {
    const fake = fakeOffice();
    const source = createDialogTokenSource(fake.office, {
      origin: ORIGIN,
      loginHint: 'nino@contoso.example',
      ...options,
    });
    const signingIn = source.signIn();
    await settle();
    return { ...fake, source, signingIn };
  }

  it('keeps the token the dialog sends and closes the dialog', async () => {
    const { source, signingIn, dialog } = await open();
    dialog().emit({ type: 'message', origin: ORIGIN, message: tokenMessage(JWT, expiresIn(3600_000)) });
    await signingIn;
    expect(dialog().closed).toBe(true);
    expect(await source.token()).toBe(JWT);
  });

  it('accepts the message where the host cannot name its origin (no DialogOrigin 1.1; Office allows only our domain)', async () => {
    const { source, signingIn, dialog } = await open();
    dialog().emit({ type: 'message', origin: null, message: tokenMessage(JWT, expiresIn(3600_000)) });
    await signingIn;
    expect(await source.token()).toBe(JWT);
  });

  it.each([
    ['from another origin', 'https://evil.example', tokenMessage(JWT, expiresIn(3600_000))],
    ['from a look-alike origin', 'https://crm.example.com.evil.example', tokenMessage(JWT, expiresIn(3600_000))],
    ['that is not JSON', ORIGIN, 'token=abc'],
    ['of another shape', ORIGIN, JSON.stringify({ accessToken: JWT, expiresOn: Date.now() + 3600_000 })],
    ['whose token is not a JWT', ORIGIN, tokenMessage('<script>alert(1)</script>', expiresIn(3600_000))],
    ['whose token has expired', ORIGIN, tokenMessage(JWT, expiresIn(-1000))],
    ['whose token claims to live a week', ORIGIN, tokenMessage(JWT, expiresIn(7 * 86_400_000))],
    ['with an unknown failure code', ORIGIN, JSON.stringify({ type: 'crm-for-outlook/sign-in', ok: false, code: 'X' })],
  ])('ignores a forged or garbled message %s and keeps waiting for the real one', async (_what, origin, message) => {
    const { source, signingIn, dialog } = await open();
    let done = false;
    void signingIn.finally(() => (done = true));
    dialog().emit({ type: 'message', origin, message });
    await settle();
    expect(done).toBe(false);
    expect(dialog().closed).toBe(false);
    expect(await codeOf(source.token())).toMatchObject({ code: 'SIGN_IN_REQUIRED' });

    dialog().emit({ type: 'message', origin: ORIGIN, message: tokenMessage(JWT, expiresIn(3600_000)) });
    await signingIn;
    expect(await source.token()).toBe(JWT);
  });

  it.each([
    ['ADMIN_CONSENT_REQUIRED', 'ADMIN_CONSENT_REQUIRED'],
    ['SIGN_IN_CANCELLED', 'SIGN_IN_CANCELLED'],
    ['SIGN_IN_FAILED', 'SIGN_IN_FAILED'],
  ] as const)('passes on the dialog’s own failure %s', async (sent, code) => {
    const { signingIn, dialog } = await open();
    dialog().emit({ type: 'message', origin: ORIGIN, message: failureMessage(sent) });
    expect(await codeOf(signingIn)).toEqual({ kind: 'signedOut', code });
    expect(dialog().closed).toBe(true);
  });

  it.each([
    [12006, 'the user closed the dialog', 'SIGN_IN_CANCELLED'],
    [12002, 'the page did not load', 'SIGN_IN_FAILED'],
    [12011, 'the browser blocked it', 'SIGN_IN_BLOCKED'],
  ])('says why when the dialog ends with %i (%s)', async (error, _what, code) => {
    const { source, signingIn, dialog } = await open();
    dialog().emit({ type: 'closed', code: error });
    expect(await codeOf(signingIn)).toEqual({ kind: 'signedOut', code });
    expect(await codeOf(source.token())).toMatchObject({ code: 'SIGN_IN_REQUIRED' });
  });

  it.each([
    [12009, 'SIGN_IN_CANCELLED'],
    [12011, 'SIGN_IN_BLOCKED'],
    [12007, 'SIGN_IN_FAILED'],
  ])('says why when the dialog cannot open (%i)', async (error, code) => {
    const source = createDialogTokenSource(fakeOffice({ openError: error }).office, { origin: ORIGIN });
    expect(await codeOf(source.signIn())).toEqual({ kind: 'signedOut', code });
  });

  it('asks for a new sign-in shortly before the token expires, and after a 401', async () => {
    let now = Date.now();
    const { source, signingIn, dialog } = await open({ now: () => now });
    dialog().emit({ type: 'message', origin: ORIGIN, message: tokenMessage(JWT, new Date(now + 3600_000)) });
    await signingIn;
    now += 57 * 60_000;
    expect(await source.token()).toBe(JWT);
    now += 2 * 60_000; // within two minutes of expiry
    expect(await codeOf(source.token())).toMatchObject({ code: 'SIGN_IN_REQUIRED' });

    const again = source.signIn();
    await settle();
    dialog().emit({ type: 'message', origin: ORIGIN, message: tokenMessage(JWT, new Date(now + 3600_000)) });
    await again;
    source.forget();
    expect(await codeOf(source.token())).toMatchObject({ code: 'SIGN_IN_REQUIRED' });
  });

  it('cancelling closes the dialog', async () => {
    const { source, signingIn, dialog } = await open();
    source.cancelSignIn();
    expect(await codeOf(signingIn)).toMatchObject({ code: 'SIGN_IN_CANCELLED' });
    expect(dialog().closed).toBe(true);
  });
});

describe('the console’s redirect sign-in', () => {
  const currentUrl = () => `${ORIGIN}/console#/settings`;

  it('takes the answer Entra redirected back with, then gets tokens silently', async () => {
    const client = fakeMsal();
    client.redirectResult = result('from-redirect');
    client.whenSilent(() => result('silent'));
    const { msal, built } = factory(client);
    const source = createRedirectTokenSource(ENTRA, { origin: ORIGIN, currentUrl, msal });
    expect(await source.token()).toBe('silent');
    // MSAL keeps a redirect's state across the page change: one tab's sessionStorage, never localStorage.
    expect(built[0]!.configuration.cache).toEqual({ cacheLocation: 'sessionStorage' });
    expect(client.silentRequests[0]).toMatchObject({ scopes: [SCOPE], account: { username: 'nino@contoso.example' } });
    expect(client.redirectRequests).toEqual([]);
  });

  it('sends the browser to sign in when nobody is signed in, back to the same console page', async () => {
    const client = fakeMsal();
    const source = createRedirectTokenSource(ENTRA, {
      origin: ORIGIN,
      currentUrl,
      msal: factory(client).msal,
    });
    let settled = false;
    void source.token().finally(() => (settled = true));
    await settle();
    expect(client.redirectRequests).toEqual([{ scopes: [SCOPE], redirectStartPage: currentUrl() }]);
    expect(settled).toBe(false);
  });

  it('redirects again when Entra wants the user (interaction required)', async () => {
    const client = fakeMsal();
    client.redirectResult = result('from-redirect');
    const source = createRedirectTokenSource(ENTRA, {
      origin: ORIGIN,
      currentUrl,
      msal: factory(client).msal,
    });
    void source.token();
    await settle();
    expect(client.redirectRequests).toHaveLength(1);
    expect(client.redirectRequests[0]!.account?.username).toBe('nino@contoso.example');
  });

  it('says once why the sign-in failed (not consented), then signs in afresh when asked again', async () => {
    const client = fakeMsal();
    client.redirectError = new InteractionRequiredAuthError('consent_required', '', 'AADSTS65001: not consented');
    const source = createRedirectTokenSource(ENTRA, {
      origin: ORIGIN,
      currentUrl,
      msal: factory(client).msal,
    });
    expect(await codeOf(source.token())).toEqual({ kind: 'signedOut', code: 'ADMIN_CONSENT_REQUIRED' });
    expect(client.redirectRequests).toEqual([]);
    void source.token();
    await settle();
    expect(client.redirectRequests).toHaveLength(1);
  });
});
