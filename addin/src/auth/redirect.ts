// The redirect page (auth/redirect.html): MSAL's bridge takes Microsoft's answer from
// the address and hands it to the page that asked for it, then closes a pop-up or
// goes back to that page. It reads nothing else and sends nothing anywhere.
import { broadcastResponseToMainFrame } from '@azure/msal-browser/redirect-bridge';

broadcastResponseToMainFrame().catch(() => {
  // No sign-in answer in the address (the page opened by hand, or a stale one): nothing to hand on.
});
