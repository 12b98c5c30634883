// The sign-in dialog (auth/dialog.html), for Outlook without nested app
// authentication: MSAL's redirect flow in Office's dialog window (its state in this
// window's sessionStorage, cleared once done), then the token (or why there is none)
// to the pane. First visit: off to Microsoft's sign-in; back from
// it (through auth/redirect.html): the answer, then messageParent.
import { fetchAuthConfig } from '../api/auth-config.ts';
import { failureMessage, tokenMessage, type DialogFailure } from '../api/dialog-message.ts';
import { interactiveFailure, msalConfiguration, msalFromPackage } from '../api/entra-sign-in.ts';
import { messageParentPage } from '../office/sign-in.ts';

const origin = location.origin;

/** An address, as login_hint: anything else is dropped, not passed to Microsoft. */
function loginHint(): string | undefined {
  const hint = new URLSearchParams(location.search).get('login_hint');
  return hint && hint.length <= 320 && /^[^\s@<>"]+@[^\s@<>"]+$/.test(hint) ? hint : undefined;
}

function failureOf(error: unknown): DialogFailure {
  const code = interactiveFailure(error).code;
  return code === 'SIGN_IN_CANCELLED' || code === 'ADMIN_CONSENT_REQUIRED' ? code : 'SIGN_IN_FAILED';
}

async function run(): Promise<string | null> {
  const config = await fetchAuthConfig(origin);
  if (config.mode !== 'entra') return failureMessage('SIGN_IN_FAILED');
  const client = await msalFromPackage.standard(msalConfiguration(config, origin, 'sessionStorage'));
  const result = await client.handleRedirectPromise();
  if (result) {
    // The pane keeps the access token; nothing stays behind in this window's storage.
    await client.clearCache();
    return result.expiresOn ? tokenMessage(result.accessToken, result.expiresOn) : failureMessage('SIGN_IN_FAILED');
  }
  const hint = loginHint();
  await client.acquireTokenRedirect({
    scopes: [config.apiScope],
    ...(hint ? { loginHint: hint } : {}),
    redirectStartPage: location.href,
  });
  // The window is on its way to Microsoft's sign-in.
  return null;
}

run()
  .catch((error: unknown) => failureMessage(failureOf(error)))
  .then((message) => (message ? messageParentPage(message, origin) : true))
  .catch(() => {
    // Not in an Office dialog (opened by hand): there is nobody to tell.
  });
