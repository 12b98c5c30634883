// Where the console's and the web app's bearer token comes from. Dev mode: the
// development sign-in the pane uses, for the address typed in the sign-in form. Entra
// mode: MSAL's redirect sign-in (each is a tab of its own: no pop-up), behind this one
// function, so the rest of the app never knows which it got.
import { devSignIn, type TokenSource } from '../api/auth.ts';
import { createRedirectTokenSource } from '../api/entra-sign-in.ts';
import type { AuthConfig } from '../api/auth-config.ts';

/** The demo tenant's admin (prisma/seed.ts): what the dev sign-in form offers first. */
export const DEMO_ADMIN_EMAIL = 'alice@contoso.example';

/** MSAL's redirect sign-in: one per page load (handleRedirectPromise must run once). */
let entraSource: TokenSource | null = null;

export function createTabTokenSource(config: AuthConfig, options: { origin: string; email?: string }): TokenSource {
  if (config.mode === 'dev') {
    return devSignIn(options.origin, options.email ?? DEMO_ADMIN_EMAIL);
  }
  entraSource ??= createRedirectTokenSource(config, { origin: options.origin, currentUrl: () => location.href });
  return entraSource;
}
