// Where the console's bearer token comes from. Dev mode: the development sign-in the
// pane uses, for the address typed in the console's sign-in form. Entra mode: MSAL's
// redirect sign-in belongs here (issue 9), behind this one function, so the rest of
// the console never knows which it got.
import { devSignIn, type TokenSource } from '../api/auth.ts';
import type { AuthConfig } from './api.ts';

/** The demo tenant's admin (prisma/seed.ts): what the dev sign-in form offers first. */
export const DEMO_ADMIN_EMAIL = 'alice@contoso.example';

export class SignInNotWiredError extends Error {
  constructor() {
    super('not wired: Entra sign-in for the admin console is not implemented yet');
    this.name = 'SignInNotWiredError';
  }
}

export function createConsoleTokenSource(config: AuthConfig, options: { origin: string; email?: string }): TokenSource {
  if (config.mode === 'dev') {
    return devSignIn(options.origin, options.email ?? DEMO_ADMIN_EMAIL);
  }
  // TODO(issue 9, Entra sign-in): MSAL (@azure/msal-browser) redirect sign-in with
  // config.clientId, config.authority, config.knownAuthorities; token() asks
  // acquireTokenSilent for [config.apiScope] and falls back to acquireTokenRedirect.
  // The console's CSP (server/src/http/pane.ts) must then allow the authority in connect-src.
  throw new SignInNotWiredError();
}
