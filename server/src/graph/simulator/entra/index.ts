// The simulator playing Microsoft Entra ID (login.microsoftonline.com): app registrations
// and consent per directory, the authorize/adminconsent pages, the token endpoint, the
// OpenID metadata and signing keys. Paths and shapes are Microsoft's, so @azure/msal-node
// and @azure/msal-browser work against it unchanged, with knownAuthorities set to its host.
//
// Answers CORS for what browsers call directly (token, metadata, keys), as Entra does for
// single-page apps.
import type { SimResponse } from '../responses.ts';
import type { Store } from '../store.ts';
import { createAuthorize } from './authorize.ts';
import { createEntraDirectory } from './directory.ts';
import { createDiscovery } from './discovery.ts';
import { signedOutPage } from './pages.ts';
import { createSigningKeys } from './signing-keys.ts';
import { createTokens } from './tokens.ts';

export { GRAPH_DEFAULT_SCOPE, type TokenCheck } from './tokens.ts';
export { walkSignIn } from './sign-in-walk.ts';
export { tokenFaultResponse } from './entra-errors.ts';
export type { SimApp, SimAppInput, ConsentKind } from './directory.ts';
export type { SignOptions } from './signing-keys.ts';

export type EntraRequest = {
  method: string;
  path: string;
  /** The raw query string, `?` included or not. */
  search: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: string;
};

const TOKEN_PATH = /^\/([^/]+)\/oauth2\/v2\.0\/token$/;
const AUTHORIZE_PATH = /^\/([^/]+)\/oauth2\/v2\.0\/authorize$/;
const ADMIN_CONSENT_PATH = /^\/([^/]+)\/(?:v2\.0\/)?adminconsent$/;
const LOGIN_PATH = /^\/([^/]+)\/login$/;
const LOGOUT_PATH = /^\/([^/]+)\/oauth2\/v2\.0\/logout$/;
const OPENID_PATH = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/;
const KEYS_PATH = /^\/([^/]+)\/discovery\/v2\.0\/keys$/;
const INSTANCE_PATH = /^\/[^/]+\/discovery\/instance$/;

export function isTokenPath(path: string): boolean {
  return TOKEN_PATH.test(path);
}

export function createEntra(deps: { store: Store; lifetimeSeconds: number; url: () => string }) {
  const keys = createSigningKeys();
  const directory = createEntraDirectory(deps.store);
  const tokens = createTokens({
    store: deps.store,
    directory,
    keys,
    lifetimeSeconds: deps.lifetimeSeconds,
    url: deps.url,
  });
  const authorize = createAuthorize({ store: deps.store, directory, tokens, url: deps.url });
  const discovery = createDiscovery({ store: deps.store, keys, url: deps.url });
  const counts = { jwks: 0 };

  /** CORS for a browser's direct calls: the caller's origin, as Entra answers single-page apps. */
  function corsFor(headers: Record<string, string>): Record<string, string> {
    const origin = headers.origin;
    return origin ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : {};
  }

  function preflight(headers: Record<string, string>): SimResponse {
    return {
      status: 204,
      headers: {
        ...corsFor(headers),
        'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
        'Access-Control-Allow-Headers': headers['access-control-request-headers'] ?? 'Content-Type',
        'Access-Control-Max-Age': '86400',
      },
      body: null,
    };
  }

  const segmentOf = (match: RegExpExecArray) => decodeURIComponent(match[1] ?? '');

  /** Answers an Entra request, or null when the path is not one of Entra's. */
  async function handle(req: EntraRequest): Promise<SimResponse | null> {
    const { method, path, headers } = req;
    const query = new Map(new URLSearchParams(req.search));
    const browserFacing = [TOKEN_PATH, OPENID_PATH, KEYS_PATH, INSTANCE_PATH].some((p) => p.test(path));
    if (browserFacing && method === 'OPTIONS') return preflight(headers);
    const cors = corsFor(headers);

    let match = TOKEN_PATH.exec(path);
    if (match && method === 'POST') {
      return tokens.token(segmentOf(match), new URLSearchParams(req.body), headers, cors);
    }
    if ((match = OPENID_PATH.exec(path)) && method === 'GET')
      return discovery.openidConfiguration(segmentOf(match), cors);
    if ((match = KEYS_PATH.exec(path)) && method === 'GET') {
      counts.jwks += 1;
      return discovery.keys(segmentOf(match), cors);
    }
    if (INSTANCE_PATH.test(path) && method === 'GET') return discovery.instanceDiscovery(cors);
    if ((match = AUTHORIZE_PATH.exec(path)) && method === 'GET') {
      return authorize.authorize(segmentOf(match), query, headers.cookie);
    }
    if ((match = ADMIN_CONSENT_PATH.exec(path)) && method === 'GET') {
      return authorize.adminConsent(segmentOf(match), query);
    }
    if (LOGIN_PATH.test(path) && method === 'POST') return authorize.login(new URLSearchParams(req.body));
    if (LOGOUT_PATH.test(path) && method === 'GET') {
      const back = query.get('post_logout_redirect_uri');
      const clear = 'ESTSAUTH=; Path=/; Secure; HttpOnly; SameSite=None; Max-Age=0';
      if (back && /^https?:\/\//.test(back)) {
        return { status: 302, headers: { Location: back, 'Set-Cookie': clear }, body: null };
      }
      return signedOutPage(clear);
    }
    if (
      [TOKEN_PATH, OPENID_PATH, KEYS_PATH, AUTHORIZE_PATH, ADMIN_CONSENT_PATH, LOGIN_PATH].some((p) => p.test(path))
    ) {
      return { status: 405, headers: { Allow: 'GET, POST', 'Content-Type': 'text/plain' }, body: 'Method not allowed' };
    }
    return null;
  }

  return { handle, keys, directory, tokens, counts };
}

export type Entra = ReturnType<typeof createEntra>;
