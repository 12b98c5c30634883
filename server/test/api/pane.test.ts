// The task pane as the server serves it, and the development sign-in it uses.
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { get, request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { provisionTenant } from '../../src/crm/tenants/index.ts';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app.ts';
import { createDevTokenVerifier, generateEphemeralDevKey } from '../../src/auth/index.ts';
import { isLoopback } from '../../src/http/pane.ts';
import { createLogger } from '../../src/shared/log.ts';
import { startTestServer, unique, useTestServer } from '../harness.ts';

function rawStatus(url: string): Promise<number> {
  const { host, port } = new URL(url);
  const requestPath = url.slice(url.indexOf('/', 'http://'.length));
  return new Promise((resolve, reject) => {
    get({ host: host.split(':')[0], port, path: requestPath }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });
}

let paneDir: string;

beforeAll(async () => {
  paneDir = await mkdtemp(path.join(tmpdir(), 'pane-'));
  await mkdir(path.join(paneDir, 'pane'));
  await writeFile(path.join(paneDir, 'taskpane.html'), '<!doctype html><title>pane</title>');
  await writeFile(path.join(paneDir, 'console.html'), '<!doctype html><title>console</title>');
  await writeFile(path.join(paneDir, 'app.html'), '<!doctype html><title>app</title>');
  await writeFile(path.join(paneDir, 'pane', 'main-abc123.js'), 'console.log(1)');
});
const server = useTestServer(() => ({ paneDir }));

describe('the task pane', () => {
  it('is served for Outlook to frame, with a policy that lets only this server and office.js run', async () => {
    const res = await fetch(`${server.base}/taskpane.html`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>pane</title>');
    expect(res.headers.get('x-frame-options')).toBeNull();
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self' https://appsforoffice.microsoft.com");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toMatch(/frame-ancestors 'self' https:\/\/outlook\.office\.com/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });

  it('serves its hashed files for a year, and nothing outside them', async () => {
    const res = await fetch(`${server.base}/pane/main-abc123.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // fetch would resolve the "..": send the path as written, as an attacker would.
    expect(await rawStatus(`${server.base}/pane/../taskpane.html`)).toBe(404);
    expect(await rawStatus(`${server.base}/pane/%2e%2e/taskpane.html`)).toBe(404);
    expect((await fetch(`${server.base}/pane/missing.js`)).status).toBe(404);
    // Other pages keep helmet's policy: nobody frames them.
    expect((await fetch(`${server.base}/health`)).headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('says how to build it when it is not built', async () => {
    const bare = await startTestServer({ paneDir: path.join(paneDir, 'missing') });
    try {
      const res = await bare.anonymous().get('/taskpane.html');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'PANE_NOT_BUILT', detail: expect.stringContaining('npm run build') });
    } finally {
      await bare.close();
    }
  });
});

// The two pages of a browser tab, served alike: the admin console and the web app.
describe.each([
  { app: 'the admin console', address: '/console', title: 'console', name: 'admin console' },
  { app: 'the web app', address: '/app', title: 'app', name: 'web app' },
])('$app', ({ address, title, name }) => {
  it.each([address, `${address}/`])(
    'is served at %s as a page nobody may frame, running only this server’s scripts',
    async (at) => {
      const res = await fetch(`${server.base}${at}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain(`<title>${title}</title>`);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self';");
      expect(csp).not.toContain('appsforoffice');
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("object-src 'none'");
    },
  );

  it('answers GET only, and says how to build it when it is not built', async () => {
    const post = await fetch(`${server.base}${address}`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect((await fetch(`${server.base}${address}/other`)).status).toBe(404);
    const bare = await startTestServer({ paneDir: path.join(paneDir, 'missing') });
    try {
      const res = await bare.anonymous().get(address);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({
        code: 'PANE_NOT_BUILT',
        detail: `The ${name} is not built yet: run npm run build`,
      });
    } finally {
      await bare.close();
    }
  });
});

describe('development sign-in', () => {
  const signIn = (base: string, body: unknown) =>
    fetch(`${base}/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it("gives the mailbox user a token of the tenant that owns the address's domain, keeping their role", async () => {
    const slug = unique('signin');
    const domain = `${slug}.example`;
    const tenant = await provisionTenant(server.db.system, { slug, name: slug, domains: [domain] });
    await server.db.system.user.create({
      data: { tenantId: tenant.id, email: `boss@${domain}`, displayName: 'The Boss', role: 'admin' },
    });

    const res = await signIn(server.base, { email: `Boss@${domain}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { token, expiresAt } = (await res.json()) as { token: string; expiresAt: string };
    expect(decodeJwt(token)).toMatchObject({ tid: slug, preferred_username: `boss@${domain}`, roles: ['admin'] });
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(50 * 60_000);

    const me = await fetch(`${server.base}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: `boss@${domain}`, role: 'admin' });
  });

  it('refuses addresses of no tenant and bad input', async () => {
    const unknown = await signIn(server.base, { email: 'someone@nowhere.example' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { code: string }).code).toBe('TENANT_NOT_FOUND');
    const bad = await signIn(server.base, { email: 'not an address' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe('VALIDATION_FAILED');
  });

  it('exists only in dev mode', async () => {
    const key = await generateEphemeralDevKey();
    const app = createApp({
      system: server.db.system,
      verifyToken: createDevTokenVerifier(key),
      authMode: 'entra',
      authConfig: {
        mode: 'entra',
        clientId: 'c',
        authority: 'https://login.microsoftonline.com/organizations',
        apiScope: 'api://crm.example/c/access_as_user',
        knownAuthorities: [],
      },
      devSignInKey: key,
      log: createLogger('silent'),
      paneDir,
    });
    const entra = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => entra.once('listening', resolve));
    try {
      const base = `http://127.0.0.1:${(entra.address() as AddressInfo).port}`;
      expect((await signIn(base, { email: 'a@b.example' })).status).toBe(404);
    } finally {
      entra.closeAllConnections();
      await new Promise((resolve) => entra.close(resolve));
    }
  });

  /** node:http sends what fetch will not: another Host, an absolute-form target. */
  const rawPost = (target: string, headers: Record<string, string>, body: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: new URL(server.base).port,
          path: target,
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  describe('refuses callers through a proxy or under another host name', () => {
    let body: string;
    beforeAll(async () => {
      const slug = unique('proxy');
      await provisionTenant(server.db.system, { slug, name: slug, domains: [`${slug}.example`] });
      body = JSON.stringify({ email: `a@${slug}.example` });
    });
    const post = (headers: Record<string, string>) =>
      fetch(`${server.base}/dev/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });

    it('answers a plain local caller, and one whose page is on this machine', async () => {
      expect((await post({})).status).toBe(200);
      expect((await post({ origin: `https://localhost:${new URL(server.base).port}` })).status).toBe(200);
      expect((await post({ origin: 'http://127.0.0.1:5173' })).status).toBe(200);
    });

    it.each([
      ['x-forwarded-for', '203.0.113.9'],
      ['forwarded', 'for=203.0.113.9'],
      ['x-real-ip', '203.0.113.9'],
      ['true-client-ip', '203.0.113.9'],
      ['x-client-ip', '203.0.113.9'],
      ['x-forwarded-host', 'localhost'],
      ['x-forwarded-proto', 'https'],
      ['x-forwarded-server', 'proxy.internal'],
      ['x-forwarded-port', '443'],
      ['x-original-forwarded-for', '203.0.113.9'],
      ['cf-connecting-ip', '203.0.113.9'],
      ['fastly-client-ip', '203.0.113.9'],
      ['x-cluster-client-ip', '203.0.113.9'],
      ['via', '1.1 proxy.internal'],
      // A page elsewhere posting to localhost (the browser sets Origin, the Host is local).
      ['origin', 'https://evil.example'],
      ['origin', 'null'],
    ])('refuses a request carrying %s: %s', async (name, value) => {
      const res = await post({ [name]: value });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { code: string }).code).toBe('FORBIDDEN');
    });

    it('refuses another Host (DNS rebinding) and an absolute-form request target', async () => {
      expect(await rawPost('/dev/sign-in', { host: 'localhost' }, body)).toBe(200);
      expect(await rawPost('/dev/sign-in', { host: 'attacker.example' }, body)).toBe(403);
      expect(await rawPost('/dev/sign-in', {}, body)).toBe(200);
      // What a proxy is sent: the target's authority, not the Host, names the site.
      expect(await rawPost('https://evil.example/dev/sign-in', { host: 'localhost' }, body)).toBe(403);
      expect(await rawPost(`http://127.0.0.1:${new URL(server.base).port}/dev/sign-in`, {}, body)).toBe(403);
      expect(isLoopback('10.0.0.5')).toBe(false);
      expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
    });
  });

  it('never picks between two tenants that claim the same domain', async () => {
    const domain = `${unique('shared')}.example`;
    await provisionTenant(server.db.system, { slug: unique('one'), name: 'one', domains: [domain] });
    await provisionTenant(server.db.system, { slug: unique('two'), name: 'two', domains: [domain] });
    const res = await signIn(server.base, { email: `a@${domain}` });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { code: string }).code).toBe('TENANT_AMBIGUOUS');
  });
});
