// The server in Entra mode against the Graph simulator playing Entra ID over HTTPS, with
// real signed tokens: every way a bearer token can be wrong is refused with 401
// problem+json, and the right one — from a real sign-in through the simulator's pages —
// works. Also: the key set is refetched once for an unknown kid and not again within the
// cooldown, a rotated key is picked up, users are known by oid, and tenants stay apart.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { JWKS_COOLDOWN_MS } from '../../src/auth/index.ts';
import { startEntraWorld, PRODUCT_CLIENT_ID, type Directory, type EntraWorld } from '../entra.ts';
import type { ApiResponse } from '../harness.ts';

const OTHER_APP = 'c8d1e2f3-0000-4000-8000-0000000a9910';
const OTHER_SCOPE = `api://other.example/${OTHER_APP}/access_as_user`;
const OTHER_REDIRECT = 'https://other.example/spa';

let world: EntraWorld;
let alpha: Directory;
let beta: Directory;
let gamma: Directory;

beforeAll(async () => {
  world = await startEntraWorld();
  [alpha, beta, gamma] = await Promise.all([
    world.directory({ onboarded: true }),
    world.directory({ onboarded: true }),
    world.directory({ onboarded: false }),
  ]);
  // Another app, which alpha's admin also consented to: its tokens are not for us.
  world.sim.registerApp({
    clientId: OTHER_APP,
    clientSecret: 'other-secret',
    redirectUris: [],
    spaRedirectUris: [OTHER_REDIRECT],
    apiScopes: [OTHER_SCOPE],
  });
  world.sim.grantConsent(alpha.directoryTenantId, OTHER_APP, ['delegated', 'application']);
});
afterAll(() => world.close());

const me = (token: string | null) => world.client(token).get('/api/v1/me');

function expectRefused(res: ApiResponse, code = 'UNAUTHENTICATED') {
  expect(res.status).toBe(401);
  // problem+json as the route declares it: ApiClient checks every answer against the contract.
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status: 401, code });
  expect(res.headers.get('www-authenticate')).toMatch(/^Bearer( error="invalid_token")?/);
}

describe('the token matrix: each refused with 401 problem+json', () => {
  it('refuses a request without a token, naming the scheme', async () => {
    const res = await me(null);
    expectRefused(res);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('refuses a malformed token', async () => {
    expectRefused(await me('not-a-jwt'));
    expectRefused(await me('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln'));
  });

  type Forge = () => Promise<string>;
  const forged: [string, Forge][] = [
    ['alg none', () => world.sim.signToken(world.claimsFor(alpha.member), { alg: 'none' })],
    ['HS256 keyed with the public key', () => world.sim.signToken(world.claimsFor(alpha.member), { alg: 'HS256' })],
    [
      'signed by a key not in the set (wrong signature)',
      () => world.sim.signToken(world.claimsFor(alpha.member), { key: 'stranger' }),
    ],
    [
      'expired (beyond the clock skew)',
      () => {
        const now = Math.floor(Date.now() / 1000);
        return world.sim.signToken(world.claimsFor(alpha.member, { iat: now - 7200, nbf: now - 7200, exp: now - 600 }));
      },
    ],
    [
      'not yet valid (beyond the clock skew)',
      () => world.sim.signToken(world.claimsFor(alpha.member, { nbf: Math.floor(Date.now() / 1000) + 600 })),
    ],
    ['for another audience', () => world.sim.signToken(world.claimsFor(alpha.member, { aud: 'api://someone-else' }))],
    [
      'from another issuer',
      () =>
        world.sim.signToken(
          world.claimsFor(alpha.member, { iss: `https://login.evil.example/${alpha.directoryTenantId}/v2.0` }),
        ),
    ],
    [
      'with an issuer of another tenant than its tid',
      () => world.sim.signToken(world.claimsFor(alpha.member, { iss: world.sim.issuer(beta.directoryTenantId) })),
    ],
    [
      "from the v1 issuer, which only Microsoft's own authority may use",
      () =>
        world.sim.signToken(
          world.claimsFor(alpha.member, { iss: `https://sts.windows.net/${alpha.directoryTenantId}/` }),
        ),
    ],
    ['without our scope', () => world.sim.signToken(world.claimsFor(alpha.member, { scp: 'User.Read' }))],
    ['without a user object id', () => world.sim.signToken(world.claimsFor(alpha.member, { oid: undefined }))],
  ];
  it.each(forged)('refuses a token %s', async (_name, forge) => {
    const token = await forge();
    const res = await me(token);
    expectRefused(res);
    expect(JSON.stringify(res.body)).not.toContain(token);
  });

  it('refuses a valid token of a directory that is not onboarded with TENANT_NOT_ONBOARDED', async () => {
    expectRefused(await me(await world.sim.signToken(world.claimsFor(gamma.member))), 'TENANT_NOT_ONBOARDED');
    // Its users cannot even get one from Entra: the directory has not consented to the app.
    await expect(world.signIn(gamma.member)).rejects.toThrow(/AADSTS65001/);
  });

  it('refuses a real access token for another app, an ID token, and a token for Microsoft Graph', async () => {
    const other = await world.signIn(alpha.member, {
      clientId: OTHER_APP,
      redirectUri: OTHER_REDIRECT,
      origin: 'https://other.example',
      scope: OTHER_SCOPE,
    });
    expectRefused(await me(other.access_token));
    const ours = await world.signIn(alpha.member);
    expectRefused(await me(ours.id_token));
    const graph = await world.signIn(alpha.member, { scope: 'User.Read' });
    expectRefused(await me(graph.access_token));
  });

  it('refuses a real app-only token for this API on a delegated route', async () => {
    const response = await fetch(`${world.sim.url}/${alpha.directoryTenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: OTHER_APP,
        client_secret: 'other-secret',
        grant_type: 'client_credentials',
        scope: `api://localhost/${PRODUCT_CLIENT_ID}/.default`,
      }),
    });
    const { access_token: appOnly } = (await response.json()) as { access_token: string };
    expect(appOnly).toEqual(expect.any(String));
    expectRefused(await me(appOnly));
    // Even one that claims a scope: idtyp says what it is.
    expectRefused(await me(await world.sim.signToken(world.claimsFor(alpha.member, { idtyp: 'app' }))));
  });
});

describe('good tokens, users and tenants', () => {
  it('admits a real sign-in; the first one creates a member, even for a directory admin', async () => {
    const { access_token } = await world.signIn(alpha.admin);
    const res = await me(access_token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ email: alpha.admin.mail, role: 'member', tenant: { id: alpha.tenantId } });
    const row = await world.server.db.system.user.findFirstOrThrow({ where: { id: res.body.id } });
    expect(row).toMatchObject({ entraObjectId: alpha.admin.id, role: 'member' });
    expect((await me(access_token)).body.id).toBe(res.body.id);
  });

  it('knows the user by oid: a changed address is the same user', async () => {
    const before = await me((await world.signIn(beta.member)).access_token);
    const renamed = `renamed-${beta.member.mail}`;
    const after = await me(await world.sim.signToken(world.claimsFor(beta.member, { preferred_username: renamed })));
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ id: before.body.id, email: renamed });
    // And someone else with the old address is someone else.
    const impostor = await me(
      await world.sim.signToken(world.claimsFor(beta.admin, { preferred_username: renamed, oid: crypto.randomUUID() })),
    );
    expect(impostor.status).toBe(403);
  });

  it("keeps a user of one tenant out of another tenant's data", async () => {
    const owner = world.client((await world.signIn(beta.admin)).access_token);
    const contact = await owner.post('/api/v1/contacts', {
      name: 'Beta Secret',
      emails: ['secret@beta-customer.example'],
    });
    expect(contact.status).toBe(201);
    const stranger = world.client((await world.signIn(alpha.member)).access_token);
    expect((await stranger.get(`/api/v1/contacts/${contact.body.id}`)).status).toBe(404);
    expect((await stranger.patch(`/api/v1/contacts/${contact.body.id}`, { name: 'Taken' })).status).toBe(404);
    const list = await stranger.get('/api/v1/contacts?q=Secret');
    expect(JSON.stringify(list.body)).not.toContain('Beta Secret');
    // A forged tid does not help: the signature, not the claim, decides.
    const forged = await world.sim.signToken(world.claimsFor(alpha.member, { tid: beta.directoryTenantId }), {
      key: 'stranger',
    });
    expectRefused(await me(forged));
  });
});

describe('the key set', () => {
  it('refetches once for an unknown kid, not again within the cooldown, and picks up a rotated key', async () => {
    // The server has its keys (an earlier test signed in), then time passes beyond the cooldown.
    expect((await me((await world.signIn(alpha.member)).access_token)).status).toBe(200);
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    try {
      vi.setSystemTime(Date.now() + JWKS_COOLDOWN_MS + 5_000);
      const fetched = world.sim.jwksRequests();
      const unknownKid = await world.sim.signToken(world.claimsFor(alpha.member), { kid: 'not-published-anywhere' });
      expectRefused(await me(unknownKid));
      expect(world.sim.jwksRequests()).toBe(fetched + 1);
      expectRefused(await me(unknownKid));
      expect(world.sim.jwksRequests()).toBe(fetched + 1);
      expect((await me(await world.sim.signToken(world.claimsFor(alpha.member)))).status).toBe(200);
      expect(world.sim.jwksRequests()).toBe(fetched + 1);

      // Entra rolls its key over: a token with the new key is accepted after one refetch.
      vi.setSystemTime(Date.now() + JWKS_COOLDOWN_MS + 5_000);
      const oldKeyToken = await world.sim.signToken(world.claimsFor(alpha.member));
      world.sim.rotateSigningKey();
      const { access_token: newKeyToken } = await world.signIn(alpha.member);
      expect((await me(newKeyToken)).status).toBe(200);
      expect(world.sim.jwksRequests()).toBe(fetched + 2);
      // The old key is no longer published: its tokens are refused, without another fetch.
      expectRefused(await me(oldKeyToken));
      expect(world.sim.jwksRequests()).toBe(fetched + 2);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('GET /auth/config', () => {
  it('tells anyone the app, the organizations authority, the scope, and the stand-in authority to trust', async () => {
    const res = await world.client(null).get('/api/v1/auth/config');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      mode: 'entra',
      clientId: PRODUCT_CLIENT_ID,
      authority: `${world.sim.url}/organizations`,
      apiScope: world.auth.apiScope,
      knownAuthorities: [new URL(world.sim.url).host],
    });
  });
});
