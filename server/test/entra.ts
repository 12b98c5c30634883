// The API in Entra mode against the Graph simulator playing Entra ID, over real HTTPS:
// the product's app registered there, directories with an admin and a member each
// (onboarded or not), and real sign-ins through the simulator's pages (a single-page
// app's code flow with PKCE) for their access tokens. Shared by the token-matrix tests
// and whatever builds on Entra sign-in (onboarding, the console).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Config } from '../src/config.ts';
import { provisionTenant } from '../src/crm/index.ts';
import { trustCertificate } from '../src/graph/index.ts';
import { startGraphSimulator, type GraphSimulator, type SimUser } from '../src/graph/simulator/index.ts';
import { ApiClient, startTestServer, unique, type TestServer } from './harness.ts';

export const PRODUCT_CLIENT_ID = 'c8d1e2f3-0000-4000-8000-00000000c0de';
export const PRODUCT_SECRET = 'product-secret~test';
export const PRODUCT_SCOPE = `api://localhost/${PRODUCT_CLIENT_ID}/access_as_user`;
/** The pane's single-page redirect URI (its origin redeems codes and refresh tokens). */
export const PANE_REDIRECT = 'https://localhost:3000/taskpane.html';
export const PANE_ORIGIN = 'https://localhost:3000';
/** The server's own web redirect URI (redeemed with the secret). */
export const SERVER_REDIRECT = 'https://localhost:3000/api/v1/onboarding/callback';

export type Directory = {
  directoryTenantId: string;
  domain: string;
  admin: SimUser;
  member: SimUser;
  /** The CRM tenant, when the directory is onboarded. */
  tenantId: string | null;
};

export type EntraWorld = Awaited<ReturnType<typeof startEntraWorld>>;

export async function startEntraWorld() {
  const sim: GraphSimulator = await startGraphSimulator();
  trustCertificate(sim.ca);
  sim.registerApp({
    clientId: PRODUCT_CLIENT_ID,
    clientSecret: PRODUCT_SECRET,
    displayName: 'CRM for Outlook',
    redirectUris: [SERVER_REDIRECT],
    spaRedirectUris: [PANE_REDIRECT],
    apiScopes: [PRODUCT_SCOPE],
  });
  const auth: Extract<Config['auth'], { mode: 'entra' }> = {
    mode: 'entra',
    clientId: PRODUCT_CLIENT_ID,
    clientSecret: PRODUCT_SECRET,
    audience: PRODUCT_CLIENT_ID,
    apiScope: PRODUCT_SCOPE,
    authorityHost: sim.url,
    jwksUrl: `${sim.url}/common/discovery/v2.0/keys`,
  };
  let server: TestServer;
  try {
    server = await startTestServer({ entra: auth });
  } catch (error) {
    await sim.close();
    throw error;
  }

  /**
   * A directory with an admin and a member. Onboarded: the product app consented there and a
   * CRM tenant for it (its entraTenantId), as the onboarding leaves them.
   */
  async function directory(options: { onboarded: boolean }): Promise<Directory> {
    const name = unique('dir');
    const domain = `${name}.example`;
    const directoryTenantId = randomUUID();
    sim.addDirectory({ directoryTenantId, displayName: name, domains: [domain] });
    const admin = sim.addUser(directoryTenantId, { mail: `admin@${domain}`, displayName: 'Admin', admin: true });
    const member = sim.addUser(directoryTenantId, { mail: `member@${domain}`, displayName: 'Member' });
    let tenantId: string | null = null;
    if (options.onboarded) {
      sim.grantConsent(directoryTenantId, PRODUCT_CLIENT_ID, ['delegated']);
      const tenant = await provisionTenant(server.db.system, {
        slug: name,
        name,
        domains: [domain],
        entraTenantId: directoryTenantId,
      });
      tenantId = tenant.id;
    }
    return { directoryTenantId, domain, admin, member, tenantId };
  }

  /** The authorize URL a single-page app (the pane) opens, with its PKCE verifier. */
  function paneSignInUrl(options: { clientId?: string; redirectUri?: string; scope?: string } = {}) {
    const verifier = randomBytes(32).toString('base64url');
    const url = new URL(`${sim.url}/organizations/oauth2/v2.0/authorize`);
    for (const [name, value] of Object.entries({
      client_id: options.clientId ?? PRODUCT_CLIENT_ID,
      response_type: 'code',
      response_mode: 'fragment',
      redirect_uri: options.redirectUri ?? PANE_REDIRECT,
      scope: `${options.scope ?? PRODUCT_SCOPE} openid profile offline_access`,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      state: randomUUID(),
      nonce: randomUUID(),
    })) {
      url.searchParams.set(name, value);
    }
    return { url: url.toString(), verifier };
  }

  /**
   * Signs the user in as the pane would (through the simulator's pages, PKCE, the code
   * redeemed from the pane's origin) and returns the token response: access, ID and refresh tokens.
   */
  async function signIn(
    user: SimUser,
    options: { clientId?: string; redirectUri?: string; origin?: string; scope?: string } = {},
  ): Promise<{ access_token: string; id_token: string; refresh_token: string }> {
    const { url, verifier } = paneSignInUrl(options);
    const location = await sim.authorize(url, { userId: user.id });
    const answer = new URLSearchParams(new URL(location).hash.slice(1));
    const code = answer.get('code');
    if (!code) throw new Error(`sign-in refused: ${answer.get('error_description') ?? location}`);
    const response = await fetch(`${sim.url}/organizations/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: options.origin ?? PANE_ORIGIN },
      body: new URLSearchParams({
        client_id: options.clientId ?? PRODUCT_CLIENT_ID,
        grant_type: 'authorization_code',
        code,
        redirect_uri: options.redirectUri ?? PANE_REDIRECT,
        code_verifier: verifier,
        scope: `${options.scope ?? PRODUCT_SCOPE} openid profile offline_access`,
      }),
    });
    const body = (await response.json()) as Record<string, string>;
    if (!response.ok) throw new Error(`token endpoint: ${body.error_description ?? response.status}`);
    return body as { access_token: string; id_token: string; refresh_token: string };
  }

  /** v2 access-token claims for this API, as Entra issues them for the user; `over` changes any. */
  function claimsFor(user: SimUser, over: Record<string, unknown> = {}) {
    const now = Math.floor(Date.now() / 1000);
    return {
      aud: PRODUCT_CLIENT_ID,
      iss: sim.issuer(user.directoryTenantId),
      iat: now,
      nbf: now,
      exp: now + 3600,
      azp: PRODUCT_CLIENT_ID,
      azpacr: '0',
      name: user.displayName,
      oid: user.id,
      preferred_username: user.userPrincipalName,
      scp: 'access_as_user',
      sub: randomUUID(),
      tid: user.directoryTenantId,
      ver: '2.0',
      ...over,
    };
  }

  return {
    sim,
    server,
    auth,
    directory,
    paneSignInUrl,
    signIn,
    claimsFor,
    client: (token: string | null) => new ApiClient(server.base, token),
    async close() {
      await server.close();
      await sim.close();
    },
  };
}
