// Sign-in with Microsoft for the pane and the console, behind TokenSource: the rest
// of the add-in asks for a token and never knows where it came from.
//
// The source is chosen at start from the server's auth settings:
// - development server: the development sign-in (api/auth.ts);
// - in Outlook with nested app authentication: MSAL's nestable client (Outlook's own
//   account, silently; a pop-up only when Entra wants the user);
// - in Outlook without it: Office's dialog around auth/dialog.html, which runs MSAL's
//   redirect flow and hands the token back (office/sign-in.ts);
// - outside Office (the stand-in mailbox in a browser): MSAL with a pop-up;
// - the admin console: MSAL's redirect flow (createRedirectTokenSource).
// Tokens are for the API's scope only. The pane keeps them in memory (MSAL's
// memoryStorage): no refresh token or account outlives the page. MSAL's redirect flow
// cannot work from memory (the page it starts is gone when the answer comes back), so
// the redirect flows use sessionStorage, the narrowest storage there is: one tab, gone
// with it. The sign-in dialog clears it before it hands the token over. MSAL renews an
// access token before it expires (its silent call refreshes one within five minutes of
// expiry).
import type { AuthenticationResult, Configuration, IPublicClientApplication } from '@azure/msal-browser';
import {
  DIALOG_ERRORS,
  DialogOpenError,
  type DialogEvent,
  type OfficeSignIn,
  type OpenDialog,
} from '../office/sign-in.ts';
import { devSignIn, type TokenSource } from './auth.ts';
import { authorityHosts, fetchAuthConfig, type AuthConfig } from './auth-config.ts';
import { parseDialogMessage } from './dialog-message.ts';
import { ApiError } from './errors.ts';

/** The page MSAL's responses come back to (registered with the app as a redirect URI). */
export const REDIRECT_PATH = '/auth/redirect.html';
/** The page Office's dialog opens where Outlook cannot broker tokens. */
export const DIALOG_PATH = '/auth/dialog.html';

/** Why there is no token, as ApiError codes the pane words (kind 'signedOut'). */
export type SignInCode =
  /** Nothing silent works: the user has to sign in (a click). */
  | 'SIGN_IN_REQUIRED'
  /** The user closed the window or declined. */
  | 'SIGN_IN_CANCELLED'
  /** The browser blocked the sign-in window. */
  | 'SIGN_IN_BLOCKED'
  /** The organisation has not consented to the app: its admin must connect it. */
  | 'ADMIN_CONSENT_REQUIRED'
  | 'SIGN_IN_FAILED';

export const signInError = (code: SignInCode) => new ApiError('signedOut', null, code);

/** A token source a person signs in to, interactively, from a click. */
export type SignInSource = TokenSource & {
  /** Opens the sign-in (a pop-up or Office's dialog); resolves once a token is at hand, or rejects with an ApiError. */
  signIn(): Promise<void>;
  /** Gives up a sign-in the user walked away from: the next signIn() starts afresh. */
  cancelSignIn(): void;
};

type EntraConfig = Extract<AuthConfig, { mode: 'entra' }>;

/** The part of MSAL's client the add-in uses: tests hand in a fake. */
export type MsalClient = Pick<
  IPublicClientApplication,
  'acquireTokenSilent' | 'acquireTokenPopup' | 'getActiveAccount' | 'getAllAccounts' | 'setActiveAccount'
>;
export type MsalRedirectClient = Pick<
  IPublicClientApplication,
  | 'acquireTokenSilent'
  | 'acquireTokenRedirect'
  | 'getActiveAccount'
  | 'getAllAccounts'
  | 'setActiveAccount'
  | 'clearCache'
> & { handleRedirectPromise(): Promise<Pick<AuthenticationResult, 'account' | 'accessToken' | 'expiresOn'> | null> };

/** Builds MSAL's clients; loaded only when the server signs in with Entra (MSAL is not in the dev pane's first paint). */
export type MsalFactory = {
  nested(configuration: Configuration): Promise<MsalClient>;
  standard(configuration: Configuration): Promise<MsalClient & MsalRedirectClient>;
};

export const msalFromPackage: MsalFactory = {
  nested: async (configuration) =>
    (await import('@azure/msal-browser')).createNestablePublicClientApplication(configuration),
  standard: async (configuration) =>
    (await import('@azure/msal-browser')).createStandardPublicClientApplication(configuration),
};

export function msalConfiguration(
  config: EntraConfig,
  origin: string,
  /** memoryStorage for the pane; the redirect flows need sessionStorage (MSAL refuses memory for them). */
  cacheLocation: 'memoryStorage' | 'sessionStorage' = 'memoryStorage',
): Configuration {
  return {
    auth: {
      clientId: config.clientId,
      authority: config.authority,
      knownAuthorities: authorityHosts(config.knownAuthorities),
      redirectUri: `${origin}${REDIRECT_PATH}`,
    },
    cache: { cacheLocation },
  };
}

/**
 * MSAL's errors, by their documented codes and names rather than their classes: importing
 * the classes would put MSAL in the first paint of every pane, dev servers' included.
 */
type MsalError = { name: string; errorCode: string; errorMessage: string; subError: string };
const isMsalError = (error: unknown): error is MsalError =>
  error instanceof Error && typeof (error as Partial<MsalError>).errorCode === 'string';

const NETWORK_CODES = new Set([
  'no_network_connectivity',
  'post_request_failed',
  'get_request_failed',
  'network_error',
]);
const CANCELLED_CODES = new Set([
  'user_cancelled',
  'user_canceled',
  'interaction_in_progress_cancelled',
  'timed_out',
  'access_denied',
]);
const BLOCKED_CODES = new Set(['popup_window_error', 'empty_window_error']);
/**
 * Entra's "needs admin approval" family: AADSTS65001 (no consent for the app), 90094 and
 * 90095 (user consent not allowed, admin approval required).
 */
const ADMIN_CONSENT = /\bAADSTS(65001|90094|90095)\b/;

/** What a failed silent call means: sign in again, or the network is down. */
export function silentFailure(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (isMsalError(error) && NETWORK_CODES.has(error.errorCode)) return new ApiError('offline', null);
  if (error instanceof TypeError) return new ApiError('offline', null);
  // InteractionRequiredAuthError, no account, an expired session, or anything else a
  // silent call cannot mend: a sign-in, from a click, can.
  return signInError('SIGN_IN_REQUIRED');
}

/** What a failed interactive sign-in means to the user. */
export function interactiveFailure(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (!isMsalError(error)) {
    return error instanceof TypeError ? new ApiError('offline', null) : signInError('SIGN_IN_FAILED');
  }
  const text = `${error.errorCode} ${error.subError} ${error.errorMessage}`;
  if (
    ADMIN_CONSENT.test(text) ||
    (error.name === 'InteractionRequiredAuthError' && error.errorCode === 'consent_required')
  ) {
    return signInError('ADMIN_CONSENT_REQUIRED');
  }
  if (CANCELLED_CODES.has(error.errorCode) || /\bAADSTS65004\b/.test(text)) return signInError('SIGN_IN_CANCELLED');
  if (BLOCKED_CODES.has(error.errorCode)) return signInError('SIGN_IN_BLOCKED');
  if (NETWORK_CODES.has(error.errorCode)) return new ApiError('offline', null);
  return signInError('SIGN_IN_FAILED');
}

/**
 * MSAL with a pop-up: the nestable client in Outlook (NAA), the standard one in a
 * browser. Silent first; the pop-up only through signIn(), which a click calls.
 */
export function createMsalTokenSource(
  client: MsalClient,
  options: { scope: string; loginHint?: string },
): SignInSource {
  let forceRefresh = false;
  let abandoned = false;
  let pending: Promise<string> | null = null;
  async function silent(): Promise<string> {
    const account = client.getActiveAccount() ?? client.getAllAccounts()[0];
    try {
      // Under NAA no account is needed: Outlook's signed-in account is the one.
      const result = await client.acquireTokenSilent({
        scopes: [options.scope],
        ...(account ? { account } : {}),
        ...(forceRefresh ? { forceRefresh: true } : {}),
      });
      forceRefresh = false;
      client.setActiveAccount(result.account);
      return result.accessToken;
    } catch (error) {
      throw silentFailure(error);
    }
  }
  return {
    token() {
      pending ??= silent().finally(() => {
        pending = null;
      });
      return pending;
    },
    forget() {
      forceRefresh = true;
    },
    async signIn() {
      // A pop-up the user closed leaves MSAL waiting for its answer: start over instead.
      const override = abandoned;
      abandoned = false;
      try {
        const result = await client.acquireTokenPopup({
          scopes: [options.scope],
          ...(options.loginHint ? { loginHint: options.loginHint } : {}),
          ...(override ? { overrideInteractionInProgress: true } : {}),
        });
        client.setActiveAccount(result.account);
        forceRefresh = false;
      } catch (error) {
        throw interactiveFailure(error);
      }
    },
    cancelSignIn() {
      abandoned = true;
    },
  };
}

/** Renew this long before expiry, so no request goes out with a token about to lapse. */
const RENEW_BEFORE_MS = 2 * 60_000;

function dialogClosedError(code: number): ApiError {
  if (code === DIALOG_ERRORS.closedByUser || code === DIALOG_ERRORS.ignoredByUser)
    return signInError('SIGN_IN_CANCELLED');
  if (code === DIALOG_ERRORS.blockedByBrowser) return signInError('SIGN_IN_BLOCKED');
  return signInError('SIGN_IN_FAILED');
}

/**
 * Outlook without nested app authentication: Office's dialog opens auth/dialog.html,
 * which signs in with MSAL's redirect flow and sends the token back. Only a message of
 * our shape from our origin is believed; anything else is ignored. The token is kept
 * in memory until shortly before it expires; then the user signs in again (the dialog
 * holds the refresh token, and it is gone once the dialog closes).
 */
export function createDialogTokenSource(
  office: Pick<OfficeSignIn, 'openDialog'>,
  options: { origin: string; loginHint?: string; now?: () => number },
): SignInSource {
  const now = options.now ?? Date.now;
  const url = new URL(DIALOG_PATH, options.origin);
  if (options.loginHint) url.searchParams.set('login_hint', options.loginHint);
  let session: { token: string; expiresOn: number } | null = null;
  let cancelOpen: (() => void) | null = null;
  return {
    token() {
      if (session && session.expiresOn - now() > RENEW_BEFORE_MS) return Promise.resolve(session.token);
      session = null;
      return Promise.reject(signInError('SIGN_IN_REQUIRED'));
    },
    forget() {
      session = null;
    },
    signIn() {
      cancelOpen?.();
      return new Promise<void>((resolve, reject) => {
        let dialog: OpenDialog | null = null;
        let settled = false;
        const finish = (error: ApiError | null) => {
          if (settled) return;
          settled = true;
          cancelOpen = null;
          dialog?.close();
          if (error) reject(error);
          else resolve();
        };
        const listener = (event: DialogEvent) => {
          if (event.type === 'closed') {
            finish(dialogClosedError(event.code));
            return;
          }
          // Office delivers messages only from pages of the pane's domain; where it names
          // the origin, it must be ours exactly.
          if (event.origin !== null && event.origin !== options.origin) return;
          const message = parseDialogMessage(event.message, now());
          if (!message) return;
          if (!message.ok) {
            finish(signInError(message.code));
            return;
          }
          session = { token: message.accessToken, expiresOn: message.expiresOn };
          finish(null);
        };
        cancelOpen = () => finish(signInError('SIGN_IN_CANCELLED'));
        office.openDialog(url.href, listener).then(
          (opened) => {
            dialog = opened;
            if (settled) opened.close();
          },
          (error: unknown) => {
            finish(
              error instanceof DialogOpenError
                ? error.code === DIALOG_ERRORS.alreadyOpen
                  ? signInError('SIGN_IN_FAILED')
                  : dialogClosedError(error.code)
                : signInError('SIGN_IN_FAILED'),
            );
          },
        );
      });
    },
    cancelSignIn() {
      cancelOpen?.();
    },
  };
}

/** The development sign-in, with nothing to click: signing in is asking again. */
function devSource(origin: string, email: string): SignInSource {
  const tokens = devSignIn(origin, email);
  return {
    ...tokens,
    async signIn() {
      tokens.forget();
      await tokens.token();
    },
    cancelSignIn() {
      // Nothing opens, so nothing to give up.
    },
  };
}

export type ChooseOptions = {
  origin: string;
  config: AuthConfig;
  /** The mailbox user: the development sign-in's address. */
  email: string;
  /** Outlook's sign-in support; null outside Office. */
  office: OfficeSignIn | null;
  msal?: MsalFactory;
};

/** The pane's token source for this server and this host. */
export async function choosePaneTokenSource(options: ChooseOptions): Promise<SignInSource> {
  const { config, office, origin } = options;
  if (config.mode === 'dev') return devSource(origin, options.email);
  const msal = options.msal ?? msalFromPackage;
  const configuration = msalConfiguration(config, origin);
  // In Outlook the mailbox's address names the account; outside it (the stand-in) the user picks.
  const loginHint = office ? options.email : undefined;
  if (office?.nestedAppAuth) {
    return createMsalTokenSource(await msal.nested(configuration), { scope: config.apiScope, loginHint });
  }
  if (office) return createDialogTokenSource(office, { origin, loginHint });
  return createMsalTokenSource(await msal.standard(configuration), { scope: config.apiScope });
}

/**
 * The pane's token source, chosen on first use from the server's auth settings (asked
 * again if that failed: offline at start is not signed out for good).
 */
export function paneTokenSource(
  options: Omit<ChooseOptions, 'config'> & { fetchConfig?: () => Promise<AuthConfig> },
): SignInSource {
  const fetchConfig = options.fetchConfig ?? (() => fetchAuthConfig(options.origin));
  let chosen: Promise<SignInSource> | null = null;
  let current: SignInSource | null = null;
  const source = () => {
    chosen ??= fetchConfig()
      .then((config) => choosePaneTokenSource({ ...options, config }))
      .then(
        (picked) => (current = picked),
        (error: unknown) => {
          chosen = null;
          throw error;
        },
      );
    return chosen;
  };
  return {
    token: async () => (await source()).token(),
    forget: () => current?.forget(),
    signIn: async () => (await source()).signIn(),
    cancelSignIn: () => current?.cancelSignIn(),
  };
}

/**
 * The admin console's token source on an Entra server: MSAL's redirect flow. At start
 * the page takes the answer Entra redirected back with; with no account it sends the
 * browser to sign in, and when Entra wants the user again it redirects there too.
 * token() then never settles: the page is leaving.
 */
export function createRedirectTokenSource(
  config: EntraConfig,
  options: { origin: string; currentUrl: () => string; msal?: MsalFactory },
): TokenSource {
  const msal = options.msal ?? msalFromPackage;
  const scopes = [config.apiScope];
  let forceRefresh = false;
  let startError: ApiError | null = null;
  const ready = (async () => {
    const client = await msal.standard(msalConfiguration(config, options.origin, 'sessionStorage'));
    try {
      const result = await client.handleRedirectPromise();
      if (result) client.setActiveAccount(result.account);
    } catch (error) {
      // Say once why the sign-in failed (cancelled, not consented); asking again signs in afresh.
      startError = interactiveFailure(error);
    }
    return client;
  })();
  const leaving = () => new Promise<never>(() => undefined);
  return {
    async token() {
      const client = await ready;
      if (startError) {
        const error = startError;
        startError = null;
        throw error;
      }
      const account = client.getActiveAccount() ?? client.getAllAccounts()[0];
      if (!account) {
        await client.acquireTokenRedirect({ scopes, redirectStartPage: options.currentUrl() });
        return leaving();
      }
      try {
        const result = await client.acquireTokenSilent({ scopes, account, ...(forceRefresh ? { forceRefresh } : {}) });
        forceRefresh = false;
        return result.accessToken;
      } catch (error) {
        const failure = silentFailure(error);
        if (failure.code !== 'SIGN_IN_REQUIRED') throw failure;
        await client.acquireTokenRedirect({ scopes, account, redirectStartPage: options.currentUrl() });
        return leaving();
      }
    },
    forget() {
      forceRefresh = true;
    },
  };
}
