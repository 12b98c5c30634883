// The pages of Microsoft's sign-in that this server serves, and the pane's policies for
// signing in: which origins each page may reach, and which may keep its opener.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { createDevTokenVerifier, generateEphemeralDevKey } from '../../src/auth/index.ts';
import { createLogger } from '../../src/shared/log.ts';
import { startTestServer, useTestServer } from '../harness.ts';

const AUTHORITY = 'https://login.example.com:8443';

let paneDir: string;
beforeAll(async () => {
  paneDir = await mkdtemp(path.join(tmpdir(), 'sign-in-pages-'));
  await mkdir(path.join(paneDir, 'auth'));
  await writeFile(path.join(paneDir, 'taskpane.html'), '<!doctype html><title>pane</title>');
  await writeFile(path.join(paneDir, 'auth', 'redirect.html'), '<!doctype html><title>redirect</title>');
  await writeFile(path.join(paneDir, 'auth', 'dialog.html'), '<!doctype html><title>dialog</title>');
});

const dev = useTestServer(() => ({ paneDir }));

/** The server in Entra mode, signing in at AUTHORITY (tokens are not the point here). */
let entraBase: string;
let closeEntra: () => Promise<void>;
beforeAll(async () => {
  const key = await generateEphemeralDevKey();
  const app = createApp({
    system: dev.db.system,
    verifyToken: createDevTokenVerifier(key),
    authMode: 'entra',
    authConfig: {
      mode: 'entra',
      clientId: 'app-1',
      authority: `${AUTHORITY}/organizations`,
      apiScope: 'api://localhost/app-1/access_as_user',
      knownAuthorities: ['login.example.com:8443'],
    },
    log: createLogger('silent'),
    paneDir,
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  entraBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  closeEntra = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
});
afterAll(() => closeEntra());

const directive = (csp: string | null, name: string) =>
  (csp ?? '')
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${name} `));

describe('the pane’s policy for signing in', () => {
  it('in dev mode reaches this server only', async () => {
    const res = await fetch(`${dev.base}/taskpane.html`);
    expect(directive(res.headers.get('content-security-policy'), 'connect-src')).toBe("connect-src 'self'");
  });

  it('in Entra mode also reaches the authority, by its origin and nothing more', async () => {
    const res = await fetch(`${entraBase}/taskpane.html`);
    expect(directive(res.headers.get('content-security-policy'), 'connect-src')).toBe(
      `connect-src 'self' ${AUTHORITY}`,
    );
  });

  it('keeps its sign-in pop-up (same-origin-allow-popups), while other pages keep helmet’s same-origin', async () => {
    expect((await fetch(`${entraBase}/taskpane.html`)).headers.get('cross-origin-opener-policy')).toBe(
      'same-origin-allow-popups',
    );
    expect((await fetch(`${entraBase}/health`)).headers.get('cross-origin-opener-policy')).toBe('same-origin');
  });
});

describe('the redirect page (the registered redirect URI)', () => {
  it('runs our script only, fetches nothing, and is sent without an opener policy so the answer reaches the pane', async () => {
    const res = await fetch(`${entraBase}/auth/redirect.html`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>redirect</title>');
    const csp = res.headers.get('content-security-policy');
    expect(directive(csp, 'default-src')).toBe("default-src 'none'");
    expect(directive(csp, 'script-src')).toBe("script-src 'self'");
    expect(directive(csp, 'connect-src')).toBe("connect-src 'none'");
    expect(directive(csp, 'frame-ancestors')).toBe("frame-ancestors 'self'");
    expect(res.headers.get('cross-origin-opener-policy')).toBeNull();
    // The address carries Entra's code: it must not leak to another site as a referrer.
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });
});

describe('the sign-in dialog page (Outlook without nested app authentication)', () => {
  it('loads office.js, reaches this server and the authority, and keeps its opener (Office’s messageParent)', async () => {
    const res = await fetch(`${entraBase}/auth/dialog.html`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy');
    expect(directive(csp, 'script-src')).toBe("script-src 'self' https://appsforoffice.microsoft.com");
    expect(directive(csp, 'connect-src')).toBe(`connect-src 'self' ${AUTHORITY}`);
    expect(directive(csp, 'frame-ancestors')).toMatch(/^frame-ancestors 'self' https:\/\/outlook\.office\.com/);
    expect(res.headers.get('cross-origin-opener-policy')).toBeNull();
  });

  it('answers GET only, and says how to build it when it is not built', async () => {
    expect((await dev.anonymous().post('/auth/dialog.html')).status).toBe(405);
    const bare = await startTestServer({ paneDir: path.join(paneDir, 'missing') });
    try {
      const res = await bare.anonymous().get('/auth/redirect.html');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'PANE_NOT_BUILT' });
    } finally {
      await bare.close();
    }
  });
});
