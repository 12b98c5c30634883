// The add-in's task pane, the admin console and the web app (one Vite build into addin/dist) and,
// in dev mode only, the sign-in that gives them a token for the user they run as.
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { signDevToken, type DevKey } from '../auth/index.ts';
import { EmailAddress, findDevSignInIdentity } from '../crm/index.ts';
import type { SystemDb } from '../db/index.ts';
import { AppError } from '../shared/errors.ts';
import { servePrecompressed } from './delivery.ts';
import { createPanePage, requestLocale } from './pane-page.ts';
import { sendProblem } from './problem.ts';

export const DEFAULT_PANE_DIR = path.resolve(import.meta.dirname, '../../../addin/dist');
export const OFFICE_JS_ORIGIN = 'https://appsforoffice.microsoft.com';

/** Outlook's pages that show the pane (and may show the sign-in dialog) in a frame. */
export const OUTLOOK_FRAME_ANCESTORS = [
  'frame-ancestors',
  "'self'",
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://outlook.live.com',
  'https://*.outlook.com',
  'https://*.office.com',
  'https://*.cloud.microsoft',
].join(' ');

/**
 * connect-src of a page that signs in with MSAL: this server, and in Entra mode the
 * authority's origin (its metadata, keys and token endpoint), nothing more.
 */
export function signInConnectSources(authorityOrigin: string | null | undefined): string {
  return ["connect-src 'self'", ...(authorityOrigin ? [new URL(authorityOrigin).origin] : [])].join(' ');
}

/**
 * The CSP of the pane and of the console: the same page of ours (Fluent UI's
 * CSS-in-JS inserts its rules at run time, hence inline styles; sign-in reaches the
 * authority) but for what may run it and frame it.
 */
const appPageCsp = (options: {
  scriptSrc: string;
  frameAncestors: string;
  authorityOrigin: string | null | undefined;
}) =>
  [
    "default-src 'self'",
    options.scriptSrc,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    signInConnectSources(options.authorityOrigin),
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    options.frameAncestors,
  ].join('; ');

/**
 * Outlook shows the pane in a frame of its own pages (web, new Outlook) and loads
 * office.js from Microsoft's CDN; nothing else may run or frame it.
 */
const paneCsp = (authorityOrigin: string | null | undefined) =>
  appPageCsp({
    scriptSrc: `script-src 'self' ${OFFICE_JS_ORIGIN}`,
    frameAncestors: OUTLOOK_FRAME_ANCESTORS,
    authorityOrigin,
  });

/**
 * The admin console and the web app are pages of their own in a browser tab, never
 * framed (clickjacking an admin's settings or a user's records is the risk), and load
 * no script but ours.
 */
const tabPageCsp = (authorityOrigin: string | null | undefined) =>
  appPageCsp({ scriptSrc: "script-src 'self'", frameAncestors: "frame-ancestors 'none'", authorityOrigin });

/** The console's addresses: each answers GET only (http/app.ts's method guard). */
export const CONSOLE_PATHS = ['/console', '/console/'];
/** The web app's addresses (the CRM in a browser tab): GET only too. */
export const WEB_APP_PATHS = ['/app', '/app/'];

/** The pane's files alone, served as the server serves them: for tests of the pane build. */
export function createPaneApp(dir: string) {
  return express().use(paneRouter(dir));
}

/** `authorityOrigin`: Entra's sign-in (Entra mode), which the pane reaches when it signs in without Outlook's help. */
export function paneRouter(dir: string, options: { authorityOrigin?: string | null } = {}) {
  const router = express.Router();
  const csp = paneCsp(options.authorityOrigin);
  const tabCspHeader = tabPageCsp(options.authorityOrigin);
  const panePage = createPanePage(dir);
  router.get('/taskpane.html', (req, res) => {
    const html = panePage(requestLocale(req));
    if (html === null) {
      return sendProblem(res, 503, 'PANE_NOT_BUILT', 'The add-in pane is not built yet: run npm run build');
    }
    res.removeHeader('X-Frame-Options');
    res.set({
      'Content-Security-Policy': csp,
      'Cache-Control': 'no-cache',
      // Chosen, not inherited from helmet. Outlook shows the pane in a frame (web, new
      // Outlook) or a WebView (classic Windows, Mac): COOP applies only to top-level
      // documents, so there it does nothing. It applies where the pane is a tab of its
      // own (outside Office, the tests), where helmet's same-origin would cut the sign-in
      // pop-up MSAL opens off from its opener; same-origin-allow-popups keeps our pop-ups
      // and still keeps a page of another site that opened the pane from holding a handle
      // to it. Speed did not decide it: issue 10 measured same-origin at 200–280 ms of
      // first paint on the pane that painted with its JavaScript; with the skeleton in the
      // HTML, 20 alternating cold loads each here gave FCP medians of 144 ms
      // (same-origin-allow-popups), 136 ms (none) and 132 ms (same-origin): noise.
      'Cross-Origin-Opener-Policy': 'same-origin-allow-popups',
    });
    res.vary('Accept-Language').type('html').send(html);
  });
  /** A page of its own in a browser tab (console.html, app.html): ours alone, never framed. */
  const tabPage = (file: string, name: string) => (_req: Request, res: Response) => {
    const html = path.join(dir, file);
    if (!existsSync(html)) {
      return sendProblem(res, 503, 'PANE_NOT_BUILT', `The ${name} is not built yet: run npm run build`);
    }
    res.set({ 'Content-Security-Policy': tabCspHeader, 'Cache-Control': 'no-cache', 'X-Frame-Options': 'DENY' });
    res.sendFile(html);
  };
  // Strict routing is off: '/console' matches /console and /console/ alike.
  router.get('/console', tabPage('console.html', 'admin console'));
  router.get('/app', tabPage('app.html', 'web app'));
  // File names carry a content hash: cached for good, sent as compressed at build time.
  router.use('/pane', servePrecompressed(path.join(dir, 'pane')));
  return router;
}

const SignInBody = z.object({ email: EmailAddress });
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
export const isLoopback = (address: string | undefined) => LOOPBACK.has(address ?? '');

/**
 * Headers a proxy, load balancer or CDN adds to say who the real caller is. Any of
 * them means the loopback peer is a relay for someone else (and a caller that sets
 * one by hand is not the pane); every X-Forwarded-* is refused too.
 */
const PROXY_HEADERS = new Set([
  'forwarded',
  'via',
  'x-real-ip',
  'true-client-ip',
  'x-client-ip',
  'x-cluster-client-ip',
  'x-original-forwarded-for',
  'cf-connecting-ip',
  'fastly-client-ip',
  'akamai-client-ip',
]);
const isProxyHeader = (name: string) => PROXY_HEADERS.has(name) || name.startsWith('x-forwarded-');

const hostOf = (authority: string) => authority.replace(/:\d*$/, '').toLowerCase();

/**
 * From this machine, and meant for it: a loopback peer; an origin-form request
 * target (an absolute `POST https://other.example/dev/sign-in` is what a proxy is
 * sent, and its authority, not Host, names the site); a loopback Host (a page on
 * another name that resolves here, DNS rebinding, is refused); a loopback Origin
 * when the browser sends one; and no proxy headers (a reverse proxy on this
 * machine makes every caller look local).
 */
export function isLocalRequest(req: Request): boolean {
  if (!isLoopback(req.socket.remoteAddress)) return false;
  if (!req.originalUrl.startsWith('/')) return false;
  if (Object.keys(req.headers).some(isProxyHeader)) return false;
  if (!LOOPBACK_HOSTS.has(hostOf(req.get('host') ?? ''))) return false;
  const origin = req.get('origin');
  if (origin !== undefined) {
    const url = URL.parse(origin);
    if (!url || !LOOPBACK_HOSTS.has(url.hostname.toLowerCase())) return false;
  }
  return true;
}
const DEV_SESSION_SECONDS = 3600;

/**
 * Dev mode only, and only for callers on this machine: a token for the mailbox
 * user, in the tenant that owns the address's domain. Lets the pane run in a
 * browser or a test against `npm start` without an identity provider.
 */
export function devSignInRouter(system: SystemDb, key: DevKey) {
  const router = express.Router();
  router.post('/dev/sign-in', express.json({ limit: 4096 }), async (req: Request, res: Response) => {
    if (!isLocalRequest(req)) {
      return sendProblem(res, 403, 'FORBIDDEN', 'Development sign-in is open to this machine only');
    }
    const parsed = SignInBody.safeParse(req.body);
    if (!parsed.success) throw new AppError('VALIDATION_FAILED', 400, 'Send {"email": "<mailbox address>"}');
    const { email } = parsed.data;
    const identity = await findDevSignInIdentity(system, email);
    const token = await signDevToken(key, {
      tenant: identity.tenantSlug,
      email,
      name: identity.displayName,
      role: identity.role,
      ttlSeconds: DEV_SESSION_SECONDS,
    });
    res.set('Cache-Control', 'no-store').json({
      token,
      expiresAt: new Date(Date.now() + DEV_SESSION_SECONDS * 1000).toISOString(),
    });
  });
  return router;
}
