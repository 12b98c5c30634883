// The pages of Microsoft's sign-in that are ours (built with the pane into addin/dist/auth):
// - /auth/redirect.html, the redirect URI registered with the app: MSAL's bridge hands
//   Entra's answer to the page that asked (a pop-up's opener, or back to the console or
//   the dialog). MSAL's docs: this page must not send Cross-Origin-Opener-Policy, or the
//   browser puts the window in a new group and the answer has nowhere to go.
// - /auth/dialog.html, opened by Office's dialog where Outlook cannot broker tokens: it
//   talks to Entra and back to Outlook through its opener (messageParent), so it too goes
//   without COOP.
// Both keep a CSP as tight as the pane's.
import { existsSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import { OFFICE_JS_ORIGIN, OUTLOOK_FRAME_ANCESTORS, signInConnectSources } from './pane.ts';
import { sendProblem } from './problem.ts';

export const SIGN_IN_PAGES = ['/auth/redirect.html', '/auth/dialog.html'] as const;

const REDIRECT_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // The bridge posts to a BroadcastChannel and navigates: it fetches nothing.
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  // MSAL's silent renewal loads it in a hidden frame of our own pages.
  "frame-ancestors 'self'",
].join('; ');

const dialogCsp = (authorityOrigin: string | null) =>
  [
    "default-src 'self'",
    `script-src 'self' ${OFFICE_JS_ORIGIN}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    signInConnectSources(authorityOrigin),
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    // Office shows dialogs in a window of their own; a host may still frame one.
    OUTLOOK_FRAME_ANCESTORS,
  ].join('; ');

export function signInPagesRouter(dir: string, options: { authorityOrigin: string | null }) {
  const router = express.Router();
  const csp = { '/auth/redirect.html': REDIRECT_CSP, '/auth/dialog.html': dialogCsp(options.authorityOrigin) };
  for (const page of SIGN_IN_PAGES) {
    router.get(page, (_req, res) => {
      const file = path.join(dir, page);
      if (!existsSync(file)) {
        return sendProblem(res, 503, 'PANE_NOT_BUILT', 'The sign-in pages are not built yet: run npm run build');
      }
      res.removeHeader('Cross-Origin-Opener-Policy');
      res.removeHeader('X-Frame-Options');
      res.set({ 'Content-Security-Policy': csp[page], 'Cache-Control': 'no-cache' });
      res.sendFile(file);
    });
  }
  return router;
}
