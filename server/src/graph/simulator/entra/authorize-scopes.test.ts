// Entra's /authorize takes scopes of several resources (one consent covers them all:
// MSAL's extraScopesToConsent, the onboarding's admin consent for Graph and the API);
// the token endpoint gives a token for one resource only.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphSimulator, type GraphSimulator, type SimUser } from '../index.ts';
import { trust } from '../test-helpers.ts';

const DIRECTORY = randomUUID();
const PRODUCT = randomUUID();
const OTHER_API = randomUUID();
const SECRET = 'product-secret~';
const REDIRECT = 'https://crm.example/onboarding/callback';
const API_SCOPE = `api://crm.example/${PRODUCT}/access_as_user`;
const OTHER_SCOPE = `api://other.example/${OTHER_API}/read`;

let sim: GraphSimulator;
let admin: SimUser;

beforeAll(async () => {
  sim = await startGraphSimulator();
  trust(sim.ca);
  sim.addDirectory({ directoryTenantId: DIRECTORY, displayName: 'Tailspin Toys', domains: ['tailspin.example'] });
  admin = sim.addUser(DIRECTORY, { mail: 'nino@tailspin.example', displayName: 'Nino', admin: true });
  sim.registerApp({ clientId: PRODUCT, clientSecret: SECRET, redirectUris: [REDIRECT], apiScopes: [API_SCOPE] });
  sim.registerApp({ clientId: OTHER_API, clientSecret: 'x', redirectUris: [], apiScopes: [OTHER_SCOPE] });
});
afterAll(() => sim.close());

async function signIn(scope: string) {
  const verifier = randomBytes(32).toString('base64url');
  const url = new URL(`${sim.url}/organizations/oauth2/v2.0/authorize`);
  url.search = new URLSearchParams({
    client_id: PRODUCT,
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope,
    prompt: 'admin_consent',
    state: 's',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const back = new URL(await sim.authorize(url.toString(), { userId: admin.id }));
  return { back, verifier };
}

async function redeem(code: string, verifier: string, scope: string) {
  const res = await fetch(`${sim.url}/organizations/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      client_id: PRODUCT,
      client_secret: SECRET,
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
      scope,
    }),
  });
  return { status: res.status, body: (await res.json()) as { access_token?: string; error_codes?: number[] } };
}

describe('scopes of several resources', () => {
  it('are consented at once on /authorize, and the code gives a token for the resource redeemed', async () => {
    const { back, verifier } = await signIn(`openid profile User.Read ${API_SCOPE} ${OTHER_SCOPE}`);
    expect(back.searchParams.get('error_description')).toBeNull();
    const code = back.searchParams.get('code')!;
    const graph = await redeem(code, verifier, 'openid profile User.Read');
    expect(graph.status).toBe(200);
    expect(decodeJwt(graph.body.access_token!)).toMatchObject({ aud: 'https://graph.microsoft.com', scp: 'User.Read' });
    // The consent covered the other API too: its delegated grant exists in the directory.
    expect(sim.consented(DIRECTORY, OTHER_API, 'delegated')).toBe(true);
  });

  it('are refused at the token endpoint: a token is for one resource (AADSTS28000)', async () => {
    const { back, verifier } = await signIn(`openid User.Read ${API_SCOPE}`);
    const res = await redeem(back.searchParams.get('code')!, verifier, `User.Read ${API_SCOPE}`);
    expect(res.status).toBe(400);
    expect(res.body.error_codes).toEqual([28000]);
  });

  it('must still each exist on their resource', async () => {
    const { back } = await signIn(`User.Read api://crm.example/${PRODUCT}/no_such_scope`);
    expect(back.searchParams.get('error')).toBe('invalid_scope');
    expect(back.searchParams.get('error_description')).toMatch(/^AADSTS65005/);
  });
});
