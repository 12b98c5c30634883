// Onboarding over real HTTP: a browser (a cookie jar following redirects by hand) walks
// /onboarding/start → the Graph simulator playing Entra (its pages, walked by
// sim.authorize as a person would) → /onboarding/callback → the console, then the same
// for the sync's admin consent. The server runs in Entra mode against the simulator with
// the real MSAL, Graph client and sync service; tokens are the simulator's, signed.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAuthConfig, createApp } from '../../src/app.ts';
import type { Config } from '../../src/config.ts';
import { createEntraTokenVerifier } from '../../src/auth/index.ts';
import { ONBOARDING_RESULTS, provisionTenant } from '../../src/crm/index.ts';
import { ScopedClients, type Database } from '../../src/db/index.ts';
import { createAppTokens, createMailGraph, trustCertificate } from '../../src/graph/index.ts';
import { startGraphSimulator, type GraphSimulator, type SimUser } from '../../src/graph/simulator/index.ts';
import { createLogger } from '../../src/shared/log.ts';
import { createSyncService } from '../../src/sync/index.ts';
import { ApiClient, openTestDatabase, unique, useTestServer } from '../harness.ts';

const PRODUCT_APP = randomUUID();
const PRODUCT_SECRET = randomBytes(24).toString('base64url');
const API_SCOPE = `api://localhost/${PRODUCT_APP}/access_as_user`;
const SYNC_APP = randomUUID();
const SYNC_SECRET = randomBytes(24).toString('base64url');

let sim: GraphSimulator;
let db: Database;
let http: Server;
let base: string;
/** Moves the server's clock (the states' and cookies' expiry) ahead of the wall clock. */
let clockOffsetMs = 0;
const roundsRequested: string[] = [];
/** Every line the server logged, at debug level. */
const logLines: string[] = [];

beforeAll(async () => {
  sim = await startGraphSimulator();
  trustCertificate(sim.ca);
  db = await openTestDatabase();
  // The redirect URIs registered with Entra are under the server's public address: listen first.
  http = createServer();
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  sim.registerApp({
    clientId: PRODUCT_APP,
    clientSecret: PRODUCT_SECRET,
    redirectUris: [`${base}/onboarding/callback`, `${base}/test/signed-in`],
    apiScopes: [API_SCOPE],
    displayName: 'CRM for Outlook',
  });
  sim.registerApp({
    clientId: SYNC_APP,
    clientSecret: SYNC_SECRET,
    redirectUris: [`${base}/onboarding/sync/callback`],
    applicationPermissions: ['Mail.Read', 'User.Read.All'],
    displayName: 'CRM for Outlook mail sync',
  });
  const auth: Extract<Config['auth'], { mode: 'entra' }> = {
    mode: 'entra',
    clientId: PRODUCT_APP,
    clientSecret: PRODUCT_SECRET,
    audience: PRODUCT_APP,
    apiScope: API_SCOPE,
    authorityHost: sim.url,
    jwksUrl: `${sim.url}/common/discovery/v2.0/keys`,
  };
  const log = createLogger(
    'debug',
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    }),
  );
  const clock = { now: () => new Date(Date.now() + clockOffsetMs) };
  const sync = createSyncService({
    system: db.system,
    scoped: new ScopedClients(db.system),
    graph: createMailGraph({
      graphBaseUrl: sim.url,
      tokens: createAppTokens({ authorityHost: sim.url, clientId: SYNC_APP, clientSecret: SYNC_SECRET, log }),
      log,
      appWideConcurrency: 4,
    }),
    log,
    clock,
    endpoints: { notificationUrl: null, lifecycleUrl: null },
    requestRound: async (_tenantId, mailboxId) => {
      roundsRequested.push(mailboxId);
    },
  });
  const app = createApp({
    system: db.system,
    verifyToken: createEntraTokenVerifier(auth),
    authMode: 'entra',
    authConfig: clientAuthConfig(auth),
    log,
    publicUrl: base,
    clock,
    sync,
    onboarding: {
      authorityHost: sim.url,
      clientId: PRODUCT_APP,
      clientSecret: PRODUCT_SECRET,
      apiScope: API_SCOPE,
      graphBaseUrl: sim.url,
      syncClientId: SYNC_APP,
    },
  });
  http.on('request', app);
});

afterAll(async () => {
  http.closeAllConnections();
  await new Promise((resolve) => http.close(resolve));
  await sim.close();
  await db.close();
});

/** A browser: keeps this server's cookies, shows where each answer sends it. */
class Browser {
  readonly cookies = new Map<string, string>();
  readonly setCookieHeaders: string[] = [];

  async visit(target: string): Promise<{ status: number; location: string; body: string; contentType: string }> {
    const url = new URL(target, base);
    expect(url.origin, 'the browser only talks to the server here').toBe(base);
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    for (const header of res.headers.getSetCookie()) {
      this.setCookieHeaders.push(header);
      const [pair = ''] = header.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (!value || /max-age=0|expires=thu, 01 jan 1970/i.test(header)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return {
      status: res.status,
      location: res.headers.get('location') ?? '',
      body: await res.text(),
      contentType: res.headers.get('content-type') ?? '',
    };
  }
}

/** Where the console was sent: the result code and step of `/console#/connect?…`. */
function consoleResult(location: string) {
  const [path, hash = ''] = location.split('#');
  expect(path).toBe('/console');
  const [route, query = ''] = hash.split('?');
  expect(route).toBe('/connect');
  const params = new URLSearchParams(query);
  const result = params.get('result');
  expect(ONBOARDING_RESULTS).toContain(result);
  return { result, step: params.get('step') };
}

type Directory = { tid: string; name: string; domains: string[]; admin: SimUser; member: SimUser };

/** A Microsoft 365 organisation in the simulator that has not met the product yet. */
function newDirectory(name = 'Tailspin Toys'): Directory {
  const tid = randomUUID();
  const domain = `${unique('tailspin')}.example`;
  sim.addDirectory({ directoryTenantId: tid, displayName: name, domains: [domain] });
  const admin = sim.addUser(tid, { mail: `nino@${domain}`, displayName: 'Nino Kapanadze', admin: true });
  const member = sim.addUser(tid, { mail: `lasha@${domain}`, displayName: 'Lasha Beridze' });
  return { tid, name, domains: [domain], admin, member };
}

/** An admin's whole consent for the organisation; returns the console's result. */
async function consent(browser: Browser, user: SimUser, decision: 'accept' | 'cancel' = 'accept') {
  const start = await browser.visit('/onboarding/start');
  expect(start.status).toBe(302);
  const back = await sim.authorize(start.location, { userId: user.id, decision });
  const done = await browser.visit(back);
  expect(done.status).toBe(302);
  return consoleResult(done.location);
}

async function allowSync(browser: Browser, user: SimUser, decision: 'accept' | 'cancel' = 'accept') {
  const start = await browser.visit('/onboarding/sync/start');
  expect(start.status).toBe(302);
  const back = await sim.authorize(start.location, { userId: user.id, decision });
  const done = await browser.visit(back);
  expect(done.status).toBe(302);
  return consoleResult(done.location);
}

/** A signed-in user's access token for the API, through the code flow, as the pane gets one. */
async function signIn(user: SimUser): Promise<string> {
  const verifier = randomBytes(32).toString('base64url');
  const authorize = new URL(`${sim.url}/organizations/oauth2/v2.0/authorize`);
  const redirectUri = `${base}/test/signed-in`;
  authorize.search = new URLSearchParams({
    client_id: PRODUCT_APP,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: `${API_SCOPE} openid profile offline_access`,
    state: 'pane',
    nonce: randomUUID(),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const back = new URL(await sim.authorize(authorize.toString(), { userId: user.id }));
  const code = back.searchParams.get('code');
  if (!code) throw new Error(`no code: ${back.searchParams.get('error_description') ?? back.toString()}`);
  const res = await fetch(`${sim.url}/organizations/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      client_id: PRODUCT_APP,
      client_secret: PRODUCT_SECRET,
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
      scope: `${API_SCOPE} openid profile offline_access`,
    }),
  });
  const body = (await res.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`no token: ${JSON.stringify(body)}`);
  return body.access_token;
}

const tenantOf = (tid: string) =>
  db.system.tenant.findUnique({ where: { entraTenantId: tid }, include: { users: true, pipelines: true } });
const auditOf = (tenantId: string) => db.system.auditEvent.findMany({ where: { tenantId }, orderBy: { at: 'asc' } });

describe('connecting an organisation', () => {
  it('tells the console what is asked of the admin and where to start', async () => {
    const res = await new ApiClient(base, null).get('/api/v1/onboarding');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      available: true,
      organisation: null,
      needs: { delegated: ['openid', 'profile', 'offline_access', 'User.Read', API_SCOPE], application: ['Mail.Read'] },
      startUrl: '/onboarding/start',
      syncStartUrl: '/onboarding/sync/start',
      syncAvailable: true,
    });
  });

  it('sends the admin to Entra for admin consent with PKCE, a nonce and a state bound to a __Host- cookie', async () => {
    const browser = new Browser();
    const start = await browser.visit('/onboarding/start');
    expect(start.status).toBe(302);
    const entra = new URL(start.location);
    expect(`${entra.origin}${entra.pathname}`).toBe(`${sim.url}/organizations/oauth2/v2.0/authorize`);
    const q = entra.searchParams;
    expect(q.get('client_id')).toBe(PRODUCT_APP);
    expect(q.get('response_type')).toBe('code');
    expect(q.get('prompt')).toBe('admin_consent');
    expect(q.get('redirect_uri')).toBe(`${base}/onboarding/callback`);
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(q.get('nonce')).toBeTruthy();
    expect(q.get('state')).toBeTruthy();
    expect((q.get('scope') ?? '').split(' ').sort()).toEqual(
      ['openid', 'profile', 'offline_access', 'User.Read', API_SCOPE].sort(),
    );
    const [cookie] = browser.setCookieHeaders;
    expect(cookie).toMatch(/^__Host-crm-onboarding=[^;]+;/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).not.toMatch(/Domain=/i);
    // The verifier stays in the browser's sealed cookie, never in the URL Entra sees.
    expect(start.location).not.toContain(browser.cookies.get('__Host-crm-onboarding'));
  });

  it('records the tenant, its domains and its first admin, lets members sign in, then connects the sync', async () => {
    const dir = newDirectory('Tailspin Toys');
    const browser = new Browser();

    expect(await consent(browser, dir.admin)).toEqual({ result: 'connected', step: 'sync' });

    const tenant = await tenantOf(dir.tid);
    expect(tenant).toMatchObject({
      name: 'Tailspin Toys',
      // The directory's verified domains, its initial *.onmicrosoft.com one too.
      domains: [dir.domains[0], expect.stringMatching(/^[a-z0-9]+\.onmicrosoft\.com$/)],
      consentedByObjectId: dir.admin.id,
      consentedByName: 'Nino Kapanadze',
      syncConsentedAt: null,
    });
    expect(tenant?.slug).toMatch(/^tailspin-toys(-\d+)?$/);
    expect(tenant?.consentedAt).toBeInstanceOf(Date);
    expect(tenant?.pipelines.filter((p) => p.isDefault)).toHaveLength(1);
    expect(tenant?.users.map((u) => ({ email: u.email, role: u.role, oid: u.entraObjectId }))).toEqual([
      { email: dir.admin.mail, role: 'admin', oid: dir.admin.id },
    ]);
    const audit = await auditOf(tenant!.id);
    expect(audit.map((e) => ({ action: e.action, actor: e.actorLabel, user: e.actorUserId }))).toEqual([
      { action: 'consent.granted', actor: 'Nino Kapanadze', user: tenant!.users[0]!.id },
    ]);
    expect(JSON.stringify(audit)).not.toMatch(/eyJ/); // no token in the audit

    // A member of the directory signs in with a real token: they become a member of the tenant.
    const member = new ApiClient(base, await signIn(dir.member));
    const me = await member.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: dir.member.mail, role: 'member', tenant: { id: tenant!.id } });
    // And the admin who consented is the tenant's admin when they sign in.
    const admin = await new ApiClient(base, await signIn(dir.admin)).get('/api/v1/me');
    expect(admin.body).toMatchObject({ id: tenant!.users[0]!.id, role: 'admin', tenant: { id: tenant!.id } });
    const users = await db.system.user.findMany({ where: { tenantId: tenant!.id }, orderBy: { email: 'asc' } });
    expect(users.map((u) => [u.email, u.role, u.entraObjectId])).toEqual([
      [dir.member.mail, 'member', dir.member.id],
      [dir.admin.mail, 'admin', dir.admin.id],
    ]);

    // Then the admin allows the mail sync, which connects and finds both mailboxes.
    expect(sim.consented(dir.tid, SYNC_APP, 'application')).toBe(false);
    expect(await allowSync(browser, dir.admin)).toEqual({ result: 'sync-connected', step: null });
    expect(sim.consented(dir.tid, SYNC_APP, 'application')).toBe(true);
    const after = await db.system.tenant.findUniqueOrThrow({
      where: { id: tenant!.id },
      include: { graphConnection: true },
    });
    expect(after.syncConsentedAt).toBeInstanceOf(Date);
    expect(after.graphConnection).toMatchObject({ directoryTenantId: dir.tid, state: 'CONNECTED' });
    const mailboxes = await db.system.mailbox.findMany({
      where: { tenantId: tenant!.id },
      orderBy: { address: 'asc' },
    });
    expect(mailboxes.map((m) => [m.address, m.graphUserId])).toEqual([
      [dir.member.mail, dir.member.id],
      [dir.admin.mail, dir.admin.id],
    ]);
    expect(roundsRequested).toEqual(expect.arrayContaining(mailboxes.map((m) => m.id)));
    expect((await auditOf(tenant!.id)).map((e) => e.action)).toEqual(['consent.granted', 'sync-consent.granted']);
  });

  it('changes nothing when the admin cancels on Entra’s page', async () => {
    const dir = newDirectory();
    expect(await consent(new Browser(), dir.admin, 'cancel')).toEqual({ result: 'cancelled', step: null });
    expect(await tenantOf(dir.tid)).toBeNull();
    expect(await db.system.user.count({ where: { entraObjectId: dir.admin.id } })).toBe(0);
  });

  it('leaves a member who tries to connect the organisation on Entra’s "need admin approval" page, and records nothing', async () => {
    const dir = newDirectory();
    const browser = new Browser();
    const start = await browser.visit('/onboarding/start');
    await expect(sim.authorize(start.location, { userId: dir.member.id, decision: 'accept' })).rejects.toThrow(
      /AADSTS90094/,
    );
    // The only way on from there is back to the product, without consent.
    const back = await sim.authorize(start.location, { userId: dir.member.id, decision: 'cancel' });
    expect(consoleResult((await browser.visit(back)).location).result).toBe('cancelled');
    expect(await tenantOf(dir.tid)).toBeNull();
    // And the directory's users still cannot sign in: nobody consented.
    await expect(signIn(dir.member)).rejects.toThrow(/AADSTS65001|consent/i);
  });

  it('re-consent of an onboarded organisation updates its domains and consent, never its roles', async () => {
    const dir = newDirectory();
    await consent(new Browser(), dir.admin);
    const tenant = (await tenantOf(dir.tid))!;
    // Meanwhile: the admins renamed it in the console, and the domains went stale.
    await db.system.tenant.update({
      where: { id: tenant.id },
      data: { name: 'Tailspin (CRM)', domains: ['old.example'] },
    });
    const second = sim.addUser(dir.tid, { mail: `eka@${dir.domains[0]}`, displayName: 'Eka Admin', admin: true });

    expect(await consent(new Browser(), second)).toEqual({ result: 'reconnected', step: 'sync' });

    const after = (await tenantOf(dir.tid))!;
    expect(after.id).toBe(tenant.id);
    expect(after.name).toBe('Tailspin (CRM)');
    expect(after.domains).toEqual(tenant.domains);
    expect(after.consentedByObjectId).toBe(second.id);
    expect(after.consentedAt!.getTime()).toBeGreaterThanOrEqual(tenant.consentedAt!.getTime());
    const roles = Object.fromEntries(after.users.map((u) => [u.email, u.role]));
    expect(roles).toEqual({ [dir.admin.mail]: 'admin', [second.mail]: 'member' });
    expect(await db.system.tenant.count({ where: { entraTenantId: dir.tid } })).toBe(1);
    expect((await auditOf(tenant.id)).map((e) => [e.action, e.actorLabel])).toEqual([
      ['consent.granted', 'Nino Kapanadze'],
      ['consent.granted', 'Eka Admin'],
    ]);
  });

  it('refuses to onboard a directory whose mail another organisation of this CRM already syncs', async () => {
    const dir = newDirectory();
    const other = await provisionTenant(db.system, { slug: unique('other'), name: 'Other' });
    await db.system.graphConnection.create({ data: { tenantId: other.id, directoryTenantId: dir.tid } });

    expect((await consent(new Browser(), dir.admin)).result).toBe('directory-taken');
    expect(await tenantOf(dir.tid)).toBeNull();
    expect(await db.system.user.count({ where: { entraObjectId: dir.admin.id } })).toBe(0);
  });

  it('gives each organisation its own slug, even with the same name', async () => {
    const first = newDirectory('Fabrikam, Inc.');
    const second = newDirectory('Fabrikam, Inc.');
    await consent(new Browser(), first.admin);
    await consent(new Browser(), second.admin);
    const slugs = [(await tenantOf(first.tid))!.slug, (await tenantOf(second.tid))!.slug];
    expect(slugs[0]).toMatch(/^fabrikam-inc(-\d+)?$/);
    expect(slugs[1]).toMatch(/^fabrikam-inc-\d+$/);
    expect(new Set(slugs).size).toBe(2);
  });
});

describe('what the server logs of onboarding', () => {
  it('never holds a code, a state, a cookie or a token, only what identifies the step', async () => {
    const dir = newDirectory();
    const browser = new Browser();
    const start = await browser.visit('/onboarding/start');
    const answer = new URL(await sim.authorize(start.location, { userId: dir.admin.id }));
    const cookie = browser.cookies.get('__Host-crm-onboarding')!;
    const from = logLines.length;
    await browser.visit(answer.toString());
    browser.cookies.set('__Host-crm-onboarding', cookie);
    await browser.visit(answer.toString()); // the code again: refused, and logged as such
    await allowSync(browser, dir.admin, 'cancel');
    const lines = logLines.slice(from).join('\n');
    expect(lines).toContain('onboarding.consented');
    expect(lines).toContain('onboarding.redeem-failed');
    expect(lines).toContain('onboarding.refused');
    for (const secret of [answer.searchParams.get('code')!, answer.searchParams.get('state')!, cookie, 'eyJ']) {
      expect(lines).not.toContain(secret);
    }
    expect(lines).not.toContain(dir.admin.mail);
  });
});

describe('a consent answer the server cannot trust changes nothing', () => {
  /** Starts a consent in a browser and gets Entra's answer, not yet delivered. */
  async function answerFor(browser: Browser, user: SimUser) {
    const start = await browser.visit('/onboarding/start');
    return sim.authorize(start.location, { userId: user.id });
  }

  async function expectNothingRecorded(dir: Directory) {
    expect(await tenantOf(dir.tid)).toBeNull();
    expect(await db.system.user.count({ where: { entraObjectId: dir.admin.id } })).toBe(0);
  }

  it('refuses an answer whose state was changed', async () => {
    const dir = newDirectory();
    const browser = new Browser();
    const answer = new URL(await answerFor(browser, dir.admin));
    const state = answer.searchParams.get('state')!;
    answer.searchParams.set('state', `${state.slice(0, -4)}AAAA`);
    expect(consoleResult((await browser.visit(answer.toString())).location).result).toBe('state-invalid');
    await expectNothingRecorded(dir);
  });

  it('refuses an answer without its state', async () => {
    const dir = newDirectory();
    const browser = new Browser();
    const answer = new URL(await answerFor(browser, dir.admin));
    answer.searchParams.delete('state');
    expect(consoleResult((await browser.visit(answer.toString())).location).result).toBe('state-invalid');
    await expectNothingRecorded(dir);
  });

  it('refuses an answer arriving in a browser without the cookie (another device, cookies cleared)', async () => {
    const dir = newDirectory();
    const answer = await answerFor(new Browser(), dir.admin);
    expect(consoleResult((await new Browser().visit(answer)).location).result).toBe('state-invalid');
    await expectNothingRecorded(dir);
  });

  it('refuses the answer to another browser’s sign-in (a login CSRF)', async () => {
    const dir = newDirectory();
    const attacker = new Browser();
    const victim = new Browser();
    await victim.visit('/onboarding/start'); // the victim has a sign-in of their own under way
    const answer = await answerFor(attacker, dir.admin);
    expect(consoleResult((await victim.visit(answer)).location).result).toBe('state-invalid');
    await expectNothingRecorded(dir);
  });

  it('refuses a cookie that was altered', async () => {
    const dir = newDirectory();
    const browser = new Browser();
    const answer = await answerFor(browser, dir.admin);
    const sealed = browser.cookies.get('__Host-crm-onboarding')!;
    browser.cookies.set('__Host-crm-onboarding', `${sealed.slice(0, -6)}AAAAAA`);
    expect(consoleResult((await browser.visit(answer)).location).result).toBe('state-invalid');
    await expectNothingRecorded(dir);
  });

  it('says the sign-in expired when the answer comes back after ten minutes', async () => {
    const dir = newDirectory();
    const browser = new Browser();
    const answer = await answerFor(browser, dir.admin);
    clockOffsetMs = 11 * 60_000;
    try {
      expect(consoleResult((await browser.visit(answer)).location).result).toBe('state-expired');
    } finally {
      clockOffsetMs = 0;
    }
    await expectNothingRecorded(dir);
  });

  it('says the sign-in failed when the code cannot be redeemed, and keeps the consent as it was', async () => {
    const dir = newDirectory();
    const browser = new Browser();
    const answer = await answerFor(browser, dir.admin);
    const cookie = browser.cookies.get('__Host-crm-onboarding')!;
    expect(consoleResult((await browser.visit(answer)).location).result).toBe('connected');
    const before = (await tenantOf(dir.tid))!;
    // The same answer again, with the cookie it came with: Entra refuses a code used once.
    browser.cookies.set('__Host-crm-onboarding', cookie);
    expect(consoleResult((await browser.visit(answer)).location).result).toBe('sign-in-failed');
    const after = (await tenantOf(dir.tid))!;
    expect(after.consentedAt).toEqual(before.consentedAt);
    expect((await auditOf(after.id)).map((e) => e.action)).toEqual(['consent.granted']);
  });

  it('says the sign-in failed when Entra is out of service at the code’s redemption', async () => {
    const dir = newDirectory();
    const browser = new Browser();
    const answer = await answerFor(browser, dir.admin);
    sim.fault({ when: { kind: 'token' }, respond: { status: 503 }, times: Infinity });
    try {
      expect(consoleResult((await browser.visit(answer)).location).result).toBe('sign-in-failed');
    } finally {
      sim.clearFaults();
    }
    await expectNothingRecorded(dir);
    // Entra back: the next admin connects at once (MSAL's throttling of a failed request does not linger).
    expect((await consent(new Browser(), newDirectory().admin)).result).toBe('connected');
  });

  it('clears the sign-in cookie once the answer is read, whatever it was', async () => {
    const dir = newDirectory();
    const browser = new Browser();
    await consent(browser, dir.admin, 'cancel');
    expect(browser.cookies.has('__Host-crm-onboarding')).toBe(false);
  });
});

describe('allowing the mail sync', () => {
  it('needs the organisation connected first, in this browser', async () => {
    const res = await new Browser().visit('/onboarding/sync/start');
    expect(res.status).toBe(302);
    expect(consoleResult(res.location)).toEqual({ result: 'sign-in-required', step: null });
  });

  it('sends the admin to Entra’s admin consent for the sync app, in their own directory', async () => {
    const dir = newDirectory();
    const browser = new Browser();
    await consent(browser, dir.admin);
    const start = await browser.visit('/onboarding/sync/start');
    const entra = new URL(start.location);
    expect(`${entra.origin}${entra.pathname}`).toBe(`${sim.url}/${dir.tid}/v2.0/adminconsent`);
    expect(Object.fromEntries(entra.searchParams)).toMatchObject({
      client_id: SYNC_APP,
      scope: 'https://graph.microsoft.com/.default',
      redirect_uri: `${base}/onboarding/sync/callback`,
    });
    expect(entra.searchParams.get('state')).toBeTruthy();
  });

  it('records nothing when the admin cancels, and audits the failed attempt', async () => {
    const dir = newDirectory();
    const browser = new Browser();
    await consent(browser, dir.admin);
    expect(await allowSync(browser, dir.admin, 'cancel')).toEqual({ result: 'cancelled', step: null });
    const tenant = (await tenantOf(dir.tid))!;
    expect(tenant.syncConsentedAt).toBeNull();
    expect(await db.system.graphConnection.findUnique({ where: { tenantId: tenant.id } })).toBeNull();
    expect(sim.consented(dir.tid, SYNC_APP, 'application')).toBe(false);
    const audit = await auditOf(tenant.id);
    expect(audit.map((e) => e.action)).toEqual(['consent.granted', 'consent.failed']);
    expect(audit[1]!.details).toMatchObject({ step: 'sync', result: 'cancelled' });
  });

  it('refuses an answer for another directory than the one the admin signed in to', async () => {
    const dir = newDirectory();
    const browser = new Browser();
    await consent(browser, dir.admin);
    const start = await browser.visit('/onboarding/sync/start');
    const answer = new URL(await sim.authorize(start.location, { userId: dir.admin.id }));
    answer.searchParams.set('tenant', randomUUID());
    expect(consoleResult((await browser.visit(answer.toString())).location).result).toBe('tenant-mismatch');
    const tenant = (await tenantOf(dir.tid))!;
    expect(tenant.syncConsentedAt).toBeNull();
    expect(await db.system.graphConnection.findUnique({ where: { tenantId: tenant.id } })).toBeNull();
  });

  it('refuses to connect a directory another organisation of this CRM syncs already', async () => {
    const dir = newDirectory();
    const browser = new Browser();
    await consent(browser, dir.admin);
    const other = await provisionTenant(db.system, { slug: unique('other'), name: 'Other' });
    await db.system.graphConnection.create({ data: { tenantId: other.id, directoryTenantId: dir.tid } });
    expect((await allowSync(browser, dir.admin)).result).toBe('directory-taken');
    const tenant = (await tenantOf(dir.tid))!;
    expect(tenant.syncConsentedAt).toBeNull();
    expect((await auditOf(tenant.id)).map((e) => e.action)).toEqual(['consent.granted', 'consent.failed']);
  });
});

describe('in development mode (no Entra)', () => {
  const dev = useTestServer();

  it.each([
    '/onboarding/start',
    '/onboarding/callback?code=x&state=y',
    '/onboarding/sync/start',
    '/onboarding/sync/callback',
  ])('answers %s with 404 ONBOARDING_UNAVAILABLE', async (path) => {
    const res = await fetch(dev.base + path, { redirect: 'manual' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status: 404, code: 'ONBOARDING_UNAVAILABLE' });
  });

  it('tells the console that onboarding is not available here', async () => {
    const res = await dev.anonymous().get('/api/v1/onboarding');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ available: false, syncAvailable: false, organisation: null });
    expect(res.body.needs.application).toEqual(['Mail.Read']);
  });

  it('answers another method on an onboarding path with 405', async () => {
    const res = await fetch(`${dev.base}/onboarding/start`, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });
});

describe('the onboarding redirects, open to anyone', () => {
  const limited = useTestServer({
    rateLimits: { userPerMinute: 1000, publicPerMinute: 2, keyPrefix: `${randomUUID()}:` },
  });

  it('are limited per address: the third request in a minute gets 429 problem+json with Retry-After', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await fetch(`${limited.base}/onboarding/start`, { redirect: 'manual' }));
    expect(statuses.map((r) => r.status)).toEqual([404, 404, 429]);
    const refused = statuses[2]!;
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
