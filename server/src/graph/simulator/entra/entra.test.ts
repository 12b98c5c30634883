import { createHash, randomBytes } from 'node:crypto';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphSimulator, type GraphSimulator, type SimUser } from '../index.ts';
import { trust } from '../test-helpers.ts';

const CONTOSO = 'a1b2c3d4-0000-4000-8000-00000000c057';
const TAILSPIN = 'a1b2c3d4-0000-4000-8000-0000000007a1';
const PRODUCT = 'b7a3c1e2-0000-4000-8000-000000000001';
const OTHER_APP = 'b7a3c1e2-0000-4000-8000-000000000002';
const SECRET = 'product-secret~';
const WEB_REDIRECT = 'https://crm.example/onboarding/callback';
const SPA_REDIRECT = 'https://crm.example/taskpane.html';
const API_SCOPE = `api://crm.example/${PRODUCT}/access_as_user`;
const ORIGIN = 'https://crm.example';

let sim: GraphSimulator;
let contosoAdmin: SimUser;
let contosoMember: SimUser;
let tailspinAdmin: SimUser;
let tailspinMember: SimUser;

beforeAll(async () => {
  sim = await startGraphSimulator();
  trust(sim.ca);
  sim.addDirectory({ directoryTenantId: CONTOSO, displayName: 'Contoso', domains: ['contoso.example'] });
  sim.addDirectory({ directoryTenantId: TAILSPIN, displayName: 'Tailspin Toys', domains: ['tailspin.example'] });
  contosoAdmin = sim.addUser(CONTOSO, { mail: 'alice@contoso.example', displayName: 'Alice Larsson', admin: true });
  contosoMember = sim.addUser(CONTOSO, { mail: 'bob@contoso.example', displayName: 'Bob Beridze' });
  tailspinAdmin = sim.addUser(TAILSPIN, { mail: 'nino@tailspin.example', displayName: 'Nino Kapanadze', admin: true });
  tailspinMember = sim.addUser(TAILSPIN, { mail: 'mari@tailspin.example', displayName: '<script>alert(1)</script>' });
  sim.registerApp({
    clientId: PRODUCT,
    clientSecret: SECRET,
    displayName: 'CRM for Outlook',
    redirectUris: [WEB_REDIRECT],
    spaRedirectUris: [SPA_REDIRECT],
    apiScopes: [API_SCOPE],
    applicationPermissions: ['Mail.Read'],
  });
  sim.registerApp({ clientId: OTHER_APP, clientSecret: 'other', redirectUris: [WEB_REDIRECT] });
  // Contoso is onboarded already; Tailspin is not.
  sim.grantConsent(CONTOSO, PRODUCT, ['delegated']);
});
afterAll(() => sim.close());

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(params: Record<string, string>, tenant = 'organizations') {
  const url = new URL(`${sim.url}/${tenant}/oauth2/v2.0/authorize`);
  const all = {
    client_id: PRODUCT,
    response_type: 'code',
    redirect_uri: WEB_REDIRECT,
    scope: `openid profile offline_access ${API_SCOPE}`,
    state: 'state-1',
    nonce: 'nonce-1',
    ...params,
  };
  for (const [name, value] of Object.entries(all)) url.searchParams.set(name, value);
  return url.toString();
}

async function redeem(form: Record<string, string>, headers: Record<string, string> = {}, tenant = 'organizations') {
  const response = await fetch(`${sim.url}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({
      client_id: PRODUCT,
      redirect_uri: WEB_REDIRECT,
      grant_type: 'authorization_code',
      scope: `openid profile offline_access ${API_SCOPE}`,
      ...form,
    }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as TokenBody };
}

/** The token endpoint's answer: the tokens, or error and error_codes. */
type TokenBody = Record<string, unknown> & {
  access_token: string;
  id_token: string;
  refresh_token: string;
  client_info: string;
  scope: string;
};

const params = (location: string) => new URL(location).searchParams;
const fragment = (location: string) => new URLSearchParams(new URL(location).hash.slice(1));

async function jwks(): Promise<JSONWebKeySet> {
  return (await (await fetch(`${sim.url}/common/discovery/v2.0/keys`)).json()) as JSONWebKeySet;
}

describe('OpenID metadata and keys', () => {
  it("publishes Microsoft's shapes: {tenantid} issuer for organizations, the tenant's own when named by a domain", async () => {
    const any = (await (
      await fetch(`${sim.url}/organizations/v2.0/.well-known/openid-configuration`)
    ).json()) as Record<string, string>;
    expect(any).toMatchObject({
      issuer: `${sim.url}/{tenantid}/v2.0`,
      authorization_endpoint: `${sim.url}/organizations/oauth2/v2.0/authorize`,
      token_endpoint: `${sim.url}/organizations/oauth2/v2.0/token`,
      jwks_uri: `${sim.url}/organizations/discovery/v2.0/keys`,
    });
    const own = (await (
      await fetch(`${sim.url}/tailspin.example/v2.0/.well-known/openid-configuration`)
    ).json()) as Record<string, string>;
    expect(own.issuer).toBe(`${sim.url}/${TAILSPIN}/v2.0`);
    expect((await fetch(`${sim.url}/nowhere.example/v2.0/.well-known/openid-configuration`)).status).toBe(400);
  });

  it('serves RS256 keys with a kid, counts the fetches, and publishes only the new key after a rotation', async () => {
    const before = sim.jwksRequests();
    const set = await jwks();
    expect(set.keys).toEqual([
      expect.objectContaining({
        kty: 'RSA',
        use: 'sig',
        kid: sim.signingKeyId(),
        e: 'AQAB',
        issuer: `${sim.url}/{tenantid}/v2.0`,
      }),
    ]);
    const tenantKeys = (await (await fetch(`${sim.url}/${CONTOSO}/discovery/v2.0/keys`)).json()) as JSONWebKeySet;
    expect(tenantKeys.keys[0]).toMatchObject({ kid: sim.signingKeyId(), issuer: `${sim.url}/${CONTOSO}/v2.0` });
    expect(sim.jwksRequests() - before).toBe(2);

    const old = sim.signingKeyId();
    const oldToken = await sim.signToken({ sub: 'x' });
    const kid = sim.rotateSigningKey();
    expect(kid).not.toBe(old);
    const rotated = await jwks();
    expect(rotated.keys.map((k) => k.kid)).toEqual([kid]);
    await expect(jwtVerify(oldToken, createLocalJWKSet(rotated))).rejects.toThrow();
    await expect(jwtVerify(await sim.signToken({ sub: 'x' }), createLocalJWKSet(rotated))).resolves.toBeDefined();
  });

  it('forges the tokens a verifier must refuse: alg none, HS256 with the public key, a key never published', async () => {
    const keys = createLocalJWKSet(await jwks());
    const none = await sim.signToken({ sub: 'x' }, { alg: 'none' });
    expect(decodeProtectedHeader(none).alg).toBe('none');
    const hs = await sim.signToken({ sub: 'x' }, { alg: 'HS256' });
    expect(decodeProtectedHeader(hs)).toMatchObject({ alg: 'HS256', kid: sim.signingKeyId() });
    const stranger = await sim.signToken({ sub: 'x' }, { key: 'stranger' });
    expect(decodeProtectedHeader(stranger)).toMatchObject({ alg: 'RS256', kid: sim.signingKeyId() });
    for (const token of [none, hs, stranger]) await expect(jwtVerify(token, keys)).rejects.toThrow();
    const unknownKid = await sim.signToken({ sub: 'x' }, { kid: 'not-published' });
    await expect(jwtVerify(unknownKid, keys)).rejects.toThrow(/no applicable key/i);
  });

  it('answers CORS for browsers on the token endpoint, metadata and keys, preflight included', async () => {
    const preflight = await fetch(`${sim.url}/organizations/oauth2/v2.0/token`, {
      method: 'OPTIONS',
      headers: {
        Origin: ORIGIN,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type');
    const keys = await fetch(`${sim.url}/common/discovery/v2.0/keys`, { headers: { Origin: ORIGIN } });
    expect(keys.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });
});

describe('sign-in with the authorization code flow', () => {
  it('lets a member of a consented directory sign in: code, then v2 ID and access tokens that verify with the JWKS', async () => {
    const location = await sim.authorize(authorizeUrl({}), { userId: contosoMember.id });
    expect(location.startsWith(`${WEB_REDIRECT}?`)).toBe(true);
    expect(params(location).get('state')).toBe('state-1');
    const { status, body } = await redeem({
      code: params(location).get('code')!,
      client_secret: SECRET,
      client_info: '1',
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599 });
    expect(body.scope).toContain(API_SCOPE);
    expect(body.refresh_token).toEqual(expect.any(String));
    expect(JSON.parse(Buffer.from(body.client_info, 'base64url').toString())).toEqual({
      uid: contosoMember.id,
      utid: CONTOSO,
    });

    const keys = createLocalJWKSet(await jwks());
    const id = await jwtVerify(body.id_token, keys, { issuer: `${sim.url}/${CONTOSO}/v2.0`, audience: PRODUCT });
    expect(id.payload).toMatchObject({
      tid: CONTOSO,
      oid: contosoMember.id,
      nonce: 'nonce-1',
      name: 'Bob Beridze',
      preferred_username: 'bob@contoso.example',
      ver: '2.0',
    });
    const access = await jwtVerify(body.access_token, keys, {
      issuer: `${sim.url}/${CONTOSO}/v2.0`,
      audience: PRODUCT,
    });
    expect(access.payload).toMatchObject({
      scp: 'access_as_user',
      azp: PRODUCT,
      oid: contosoMember.id,
      tid: CONTOSO,
      ver: '2.0',
    });
    expect(access.payload.roles).toBeUndefined();
  });

  it('sends a member of a directory that has not consented back with consent_required (AADSTS65001)', async () => {
    const location = await sim.authorize(authorizeUrl({}), { userId: tailspinMember.id });
    expect(params(location).get('error')).toBe('consent_required');
    expect(params(location).get('error_description')).toMatch(/^AADSTS65001: /);
    expect(params(location).get('state')).toBe('state-1');
    expect(params(location).get('code')).toBeNull();
  });

  it('asks an admin to consent; cancelling is access_denied (AADSTS65004) and grants nothing; accepting is for the organisation', async () => {
    const cancelled = await sim.authorize(authorizeUrl({ prompt: 'admin_consent' }), {
      userId: tailspinAdmin.id,
      decision: 'cancel',
    });
    expect(params(cancelled).get('error')).toBe('access_denied');
    expect(params(cancelled).get('error_description')).toBe('AADSTS65004: User declined to consent to access the app.');
    expect(sim.consented(TAILSPIN, PRODUCT, 'delegated')).toBe(false);

    const accepted = await sim.authorize(authorizeUrl({ prompt: 'admin_consent' }), { userId: tailspinAdmin.id });
    const { body } = await redeem({ code: params(accepted).get('code')!, client_secret: SECRET });
    expect(decodeJwt(body.id_token)).toMatchObject({ tid: TAILSPIN, oid: tailspinAdmin.id, name: 'Nino Kapanadze' });
    expect(sim.consented(TAILSPIN, PRODUCT, 'delegated')).toBe(true);
    // Now the directory's members may sign in.
    expect(params(await sim.authorize(authorizeUrl({}), { userId: tailspinMember.id })).get('code')).toBeTruthy();
    sim.revokeConsent(TAILSPIN);
  });

  it('refuses admin consent from a member on the page (AADSTS90094)', async () => {
    await expect(
      sim.authorize(authorizeUrl({ prompt: 'admin_consent' }), { userId: contosoMember.id }),
    ).rejects.toThrow(/AADSTS90094/);
    const back = await sim.authorize(authorizeUrl({ prompt: 'admin_consent' }), {
      userId: contosoMember.id,
      decision: 'cancel',
    });
    expect(params(back).get('error')).toBe('access_denied');
  });

  it.each([
    ['an unregistered redirect URI', { redirect_uri: 'https://evil.example/callback' }, /^AADSTS50011: /],
    ['an unknown app', { client_id: 'no-such-app' }, /^AADSTS700016: /],
  ])('shows an error page and sends nothing back for %s', async (_name, override, message) => {
    const page = await fetch(authorizeUrl(override), { redirect: 'manual' });
    expect(page.status).toBe(400);
    expect(page.headers.get('location')).toBeNull();
    await expect(sim.authorize(authorizeUrl(override), { userId: contosoMember.id })).rejects.toThrow(message);
  });

  it('lists only the named directory when the path names one, and escapes what it shows', async () => {
    const html = await (await fetch(authorizeUrl({}, 'tailspin.example'))).text();
    expect(html).toContain('nino@tailspin.example');
    expect(html).not.toContain('alice@contoso.example');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)');
    await expect(sim.authorize(authorizeUrl({}, 'tailspin.example'), { userId: contosoMember.id })).rejects.toThrow(
      /does not offer/,
    );
  });

  it('answers in the fragment or as a form post when asked', async () => {
    const inFragment = await sim.authorize(authorizeUrl({ response_mode: 'fragment' }), { userId: contosoMember.id });
    expect(new URL(inFragment).search).toBe('');
    expect(fragment(inFragment).get('code')).toBeTruthy();
    expect(fragment(inFragment).get('state')).toBe('state-1');
    const posted = await sim.authorize(authorizeUrl({ response_mode: 'form_post' }), { userId: contosoMember.id });
    expect(params(posted).get('code')).toBeTruthy();
  });

  it('redeems a code once, only with the redirect URI it was issued for and the right secret', async () => {
    const code = async () => params(await sim.authorize(authorizeUrl({}), { userId: contosoMember.id })).get('code')!;
    const first = await code();
    expect((await redeem({ code: first, client_secret: SECRET })).status).toBe(200);
    const again = await redeem({ code: first, client_secret: SECRET });
    expect(again.body).toMatchObject({ error: 'invalid_grant', error_codes: [54005] });

    const elsewhere = await redeem({
      code: await code(),
      client_secret: SECRET,
      redirect_uri: 'https://crm.example/other',
    });
    expect(elsewhere.body).toMatchObject({ error: 'invalid_grant', error_codes: [500112] });
    const wrongSecret = await redeem({ code: await code(), client_secret: 'guess' });
    expect(wrongSecret).toMatchObject({ status: 401, body: { error: 'invalid_client', error_codes: [7000215] } });
    const noSecret = await redeem({ code: await code() });
    expect(noSecret.body).toMatchObject({ error: 'invalid_client', error_codes: [7000218] });
  });

  it('redeems a single-page app code only cross-origin and with the PKCE verifier of its challenge', async () => {
    const { verifier, challenge } = pkce();
    const spaCode = async () =>
      params(
        await sim.authorize(
          authorizeUrl({ redirect_uri: SPA_REDIRECT, code_challenge: challenge, code_challenge_method: 'S256' }),
          { userId: contosoMember.id },
        ),
      ).get('code')!;
    const spa = (
      code: string,
      form: Record<string, string> = {},
      headers: Record<string, string> = { Origin: ORIGIN },
    ) => redeem({ code, redirect_uri: SPA_REDIRECT, code_verifier: verifier, ...form }, headers);

    const mismatch = await spa(await spaCode(), { code_verifier: pkce().verifier });
    expect(mismatch.body).toMatchObject({ error: 'invalid_grant', error_codes: [501481] });
    const fromServer = await spa(await spaCode(), {}, {});
    expect(fromServer.body).toMatchObject({ error: 'invalid_request', error_codes: [9002327] });

    const ok = await spa(await spaCode());
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(decodeJwt(ok.body.access_token)).toMatchObject({ azpacr: '0', aud: PRODUCT });
    expect(ok.body.refresh_token_expires_in).toBe(86400);

    const refreshed = await fetch(`${sim.url}/organizations/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN },
      body: new URLSearchParams({
        client_id: PRODUCT,
        grant_type: 'refresh_token',
        refresh_token: ok.body.refresh_token,
        scope: API_SCOPE,
      }),
    });
    expect(refreshed.status).toBe(200);
  });

  it('refuses a refresh once the directory withdrew its consent', async () => {
    const location = await sim.authorize(authorizeUrl({}), { userId: contosoMember.id });
    const { body } = await redeem({ code: params(location).get('code')!, client_secret: SECRET });
    const refresh = () =>
      redeem({ grant_type: 'refresh_token', refresh_token: body.refresh_token, client_secret: SECRET, code: '' });
    expect((await refresh()).status).toBe(200);
    sim.revokeConsent(CONTOSO, PRODUCT);
    try {
      expect((await refresh()).body).toMatchObject({ error: 'invalid_grant', error_codes: [65001] });
    } finally {
      sim.restoreConsent(CONTOSO, PRODUCT);
    }
  });

  it('answers prompt=none without a session with interaction_required, and with a session with a code', async () => {
    const silent = await fetch(authorizeUrl({ prompt: 'none' }), { redirect: 'manual' });
    expect(silent.status).toBe(302);
    expect(params(silent.headers.get('location')!).get('error')).toBe('interaction_required');

    // Sign in through the picker by hand, keeping the session cookie as a browser would.
    const picker = await (await fetch(authorizeUrl({}))).text();
    const flow = /name="flow" value="([^"]+)"/.exec(picker)![1]!;
    const signedIn = await fetch(`${sim.url}/organizations/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ flow, user: contosoMember.id, action: 'next' }),
      redirect: 'manual',
    });
    const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).toMatch(/^ESTSAUTH=/);
    const withSession = await fetch(authorizeUrl({ prompt: 'none', login_hint: 'bob@contoso.example' }), {
      headers: { Cookie: cookie },
      redirect: 'manual',
    });
    expect(params(withSession.headers.get('location')!).get('code')).toBeTruthy();
    const otherHint = await fetch(authorizeUrl({ prompt: 'none', login_hint: 'alice@contoso.example' }), {
      headers: { Cookie: cookie },
      redirect: 'manual',
    });
    expect(params(otherHint.headers.get('location')!).get('error')).toBe('interaction_required');
  });

  it('works with the real msal-node: auth code URL, the pages, code redemption, then a silent token for Graph', async () => {
    const app = new ConfidentialClientApplication({
      auth: {
        clientId: PRODUCT,
        clientSecret: SECRET,
        authority: `${sim.url}/organizations`,
        knownAuthorities: [new URL(sim.url).host],
      },
    });
    const url = await app.getAuthCodeUrl({ scopes: [API_SCOPE], redirectUri: WEB_REDIRECT, state: 'xyz' });
    const location = await sim.authorize(url, { userId: contosoAdmin.id });
    const result = await app.acquireTokenByCode({
      code: params(location).get('code')!,
      scopes: [API_SCOPE],
      redirectUri: WEB_REDIRECT,
    });
    expect(result.account).toMatchObject({
      tenantId: CONTOSO,
      localAccountId: contosoAdmin.id,
      username: 'alice@contoso.example',
    });
    expect(decodeJwt(result.accessToken)).toMatchObject({ aud: PRODUCT, scp: 'access_as_user' });

    const graph = await app.acquireTokenSilent({ account: result.account!, scopes: ['User.Read'] });
    expect(decodeJwt(graph.accessToken)).toMatchObject({ aud: 'https://graph.microsoft.com', scp: 'User.Read' });
    const me = await fetch(`${sim.graphBaseUrl}/me`, { headers: { Authorization: `Bearer ${graph.accessToken}` } });
    expect(await me.json()).toMatchObject({ id: contosoAdmin.id, mail: 'alice@contoso.example' });
    const org = (await (
      await fetch(`${sim.graphBaseUrl}/organization`, { headers: { Authorization: `Bearer ${graph.accessToken}` } })
    ).json()) as { value: { id: string; displayName: string; verifiedDomains: Record<string, unknown>[] }[] };
    expect(org.value).toEqual([
      expect.objectContaining({
        id: CONTOSO,
        displayName: 'Contoso',
        verifiedDomains: [
          {
            capabilities: 'Email, OfficeCommunicationsOnline',
            isDefault: true,
            isInitial: false,
            name: 'contoso.example',
            type: 'Managed',
          },
          {
            capabilities: 'Email, OfficeCommunicationsOnline',
            isDefault: false,
            isInitial: true,
            name: 'contoso.onmicrosoft.com',
            type: 'Managed',
          },
        ],
      }),
    ]);
    // A signed-in user's Graph token reads no one's mailbox.
    const mailbox = await fetch(`${sim.graphBaseUrl}/users/${contosoMember.id}/mailFolders`, {
      headers: { Authorization: `Bearer ${graph.accessToken}` },
    });
    expect(mailbox.status).toBe(403);
  });
});

describe('admin consent for application permissions', () => {
  const adminConsentUrl = (tenant = 'organizations') => {
    const url = new URL(`${sim.url}/${tenant}/v2.0/adminconsent`);
    url.searchParams.set('client_id', PRODUCT);
    url.searchParams.set('scope', 'https://graph.microsoft.com/.default');
    url.searchParams.set('redirect_uri', WEB_REDIRECT);
    url.searchParams.set('state', 'onboard-1');
    return url.toString();
  };
  const clientCredentials = (tenant: string) =>
    fetch(`${sim.url}/${tenant}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: PRODUCT,
        client_secret: SECRET,
        grant_type: 'client_credentials',
        scope: 'https://graph.microsoft.com/.default',
      }),
    });

  it("grants the app its permissions in the admin's directory and says so on the redirect", async () => {
    expect((await clientCredentials(TAILSPIN)).status).toBe(400);
    const cancelled = await sim.authorize(adminConsentUrl(), { userId: tailspinAdmin.id, decision: 'cancel' });
    expect(params(cancelled).get('error')).toBe('access_denied');
    expect(params(cancelled).get('state')).toBe('onboard-1');
    expect((await clientCredentials(TAILSPIN)).status).toBe(400);

    const location = await sim.authorize(adminConsentUrl(), { userId: tailspinAdmin.id });
    expect(Object.fromEntries(params(location))).toEqual({
      admin_consent: 'True',
      tenant: TAILSPIN,
      scope: 'https://graph.microsoft.com/.default',
      state: 'onboard-1',
    });
    const token = (await (await clientCredentials('tailspin.example')).json()) as { access_token: string };
    expect(decodeJwt(token.access_token)).toMatchObject({
      aud: 'https://graph.microsoft.com',
      roles: ['Mail.Read'],
      idtyp: 'app',
      tid: TAILSPIN,
      iss: `https://sts.windows.net/${TAILSPIN}/`,
    });
    expect(decodeJwt(token.access_token).scp).toBeUndefined();
    const me = await fetch(`${sim.graphBaseUrl}/me`, { headers: { Authorization: `Bearer ${token.access_token}` } });
    expect(me.status).toBe(400);
    sim.revokeConsent(TAILSPIN);
  });

  it('refuses a member', async () => {
    await expect(sim.authorize(adminConsentUrl(), { userId: tailspinMember.id })).rejects.toThrow(/AADSTS90094/);
  });

  it('issues app-only tokens for a registered API too: roles-less, idtyp app, no scp', async () => {
    sim.grantConsent(CONTOSO, OTHER_APP, ['application']);
    const response = await fetch(`${sim.url}/${CONTOSO}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: OTHER_APP,
        client_secret: 'other',
        grant_type: 'client_credentials',
        scope: `api://crm.example/${PRODUCT}/.default`,
      }),
    });
    const { access_token } = (await response.json()) as { access_token: string };
    expect(decodeJwt(access_token)).toMatchObject({
      aud: PRODUCT,
      azp: OTHER_APP,
      idtyp: 'app',
      tid: CONTOSO,
      ver: '2.0',
    });
    expect(decodeJwt(access_token).scp).toBeUndefined();
  });
});
