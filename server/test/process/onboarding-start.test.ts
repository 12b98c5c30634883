// Onboarding as a developer meets it in npm run start:entra: the server with the Graph
// simulator playing Entra ID and Microsoft 365 in its own process. Tailspin Toys' admin
// connects the organisation and allows the mail sync through the simulator's pages (a
// browser's round trips, by hand), and Tailspin's people then sign in: the admin as the
// tenant's admin, a colleague as a member, and the sync finds their mailboxes.
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_ENTRA_CLIENT_ID } from '../../src/graph/simulator/demo.ts';
import { httpsRequest, type HttpsOptions } from './https-client.ts';
import { killServerProcesses, startServerProcess } from './server-process.ts';

afterAll(killServerProcesses);

type Answer = { status: number; location: string; setCookie: string[]; text: string };

/** The answer with what the onboarding walk reads: where it redirects, the cookies it sets. */
async function https(url: string, options: HttpsOptions = {}): Promise<Answer> {
  const answer = await httpsRequest(url, options);
  return {
    status: answer.status,
    location: answer.headers.location ?? '',
    setCookie: answer.headers['set-cookie'] ?? [],
    text: answer.text,
  };
}

const post = (url: string, fields: Record<string, string>) =>
  https(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });

/** A person at the simulator's pages: picks their account, accepts; returns where Entra sends the browser. */
async function atEntra(authorizeUrl: string, email: string): Promise<URL> {
  const picker = (await https(authorizeUrl)).text;
  const action = /<form method="post" action="([^"]+)"/.exec(picker)?.[1]?.replaceAll('&amp;', '&') ?? '';
  const flow = /name="flow" value="([^"]+)"/.exec(picker)?.[1] ?? '';
  const user = new RegExp(`value="([^"]+)" required> [^<]*<span class="upn">${email}<`).exec(picker)?.[1] ?? '';
  const consent = await post(action, { flow, user, action: 'next' });
  expect(consent.text, 'the admin is asked to consent for the organisation').toMatch(/value="accept"/);
  const answer = await post(action, { flow, action: 'accept' });
  expect(answer.status).toBe(302);
  return new URL(answer.location);
}

describe('onboarding in npm run start:entra', () => {
  it('lets Tailspin’s admin connect the organisation and allow the sync; its people then sign in', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'crm-onboarding-'));
    const server = startServerProcess(
      {
        DATA_DIR: dataDir,
        AUTH_MODE: 'entra',
        GRAPH_SIMULATOR: 'true',
        ENTRA_CLIENT_ID: DEMO_ENTRA_CLIENT_ID,
        // Mailboxes of people who sign in after the sync connected are found on the schedule's next tick.
        SYNC_POLL_SECONDS: '10',
      },
      (output) => output.includes('Connect:'),
    );
    const url = await server.started;
    const ca = await readFile(path.join(dataDir, 'tls', 'localhost.crt'), 'utf8');
    expect(server.output()).toContain(`Connect:  ${url}/console#/connect`);

    // The browser: this server's cookies. Entra sends it to PUBLIC_URL (here https://localhost:0,
    // as PORT=0 leaves it), which is this server.
    const cookies = new Map<string, string>();
    const visit = async (target: string) => {
      const at = new URL(target, url);
      const answer = await https(`${url}${at.pathname}${at.search}`, {
        ca,
        headers: { cookie: [...cookies].map(([n, v]) => `${n}=${v}`).join('; ') },
      });
      for (const header of answer.setCookie) {
        const [pair = ''] = header.split(';');
        const name = pair.slice(0, pair.indexOf('='));
        const value = pair.slice(pair.indexOf('=') + 1);
        if (value) cookies.set(name, value);
        else cookies.delete(name);
      }
      return answer;
    };

    const start = await visit('/onboarding/start');
    expect(start.status).toBe(302);
    const back = await atEntra(start.location, 'ingrid@tailspin.example');
    expect(back.pathname).toBe('/onboarding/callback');
    expect((await visit(back.toString())).location).toBe('/console#/connect?result=connected&step=sync');

    const syncStart = await visit('/onboarding/sync/start');
    const syncBack = await atEntra(syncStart.location, 'ingrid@tailspin.example');
    expect(syncBack.pathname).toBe('/onboarding/sync/callback');
    expect((await visit(syncBack.toString())).location).toBe('/console#/connect?result=sync-connected');

    // Tailspin's people sign in as the pane does: Ingrid is the tenant's admin, Priya a member.
    const config = JSON.parse((await https(`${url}/api/v1/auth/config`, { ca })).text) as {
      authority: string;
      apiScope: string;
    };
    async function signIn(email: string) {
      const verifier = randomBytes(32).toString('base64url');
      const authorize = new URL(`${config.authority}/oauth2/v2.0/authorize`);
      authorize.search = new URLSearchParams({
        client_id: DEMO_ENTRA_CLIENT_ID,
        response_type: 'code',
        response_mode: 'fragment',
        redirect_uri: 'https://localhost:0/auth/redirect.html',
        scope: `${config.apiScope} openid profile offline_access`,
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
        state: 'pane',
      }).toString();
      const picker = (await https(authorize.toString())).text;
      const action = /<form method="post" action="([^"]+)"/.exec(picker)?.[1]?.replaceAll('&amp;', '&') ?? '';
      const flow = /name="flow" value="([^"]+)"/.exec(picker)?.[1] ?? '';
      const user = new RegExp(`value="([^"]+)" required> [^<]*<span class="upn">${email}<`).exec(picker)?.[1] ?? '';
      const signedIn = await post(action, { flow, user, action: 'next' });
      const code = new URLSearchParams(new URL(signedIn.location).hash.slice(1)).get('code') ?? '';
      const token = await https(`${new URL(config.authority).origin}/organizations/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://localhost:0' },
        body: new URLSearchParams({
          client_id: DEMO_ENTRA_CLIENT_ID,
          grant_type: 'authorization_code',
          code,
          redirect_uri: 'https://localhost:0/auth/redirect.html',
          code_verifier: verifier,
          scope: config.apiScope,
        }).toString(),
      });
      const accessToken = (JSON.parse(token.text) as { access_token: string }).access_token;
      return (path: string) =>
        https(`${url}/api/v1${path}`, { ca, headers: { Authorization: `Bearer ${accessToken}` } });
    }
    const ingrid = await signIn('ingrid@tailspin.example');
    const me = JSON.parse((await ingrid('/me')).text) as { role: string; tenant: { name: string; domains: string[] } };
    expect(me).toMatchObject({ role: 'admin', tenant: { name: 'Tailspin Toys' } });
    expect(me.tenant.domains).toContain('tailspin.example');
    const priya = await signIn('priya@tailspin.example');
    expect(JSON.parse((await priya('/me')).text)).toMatchObject({ role: 'member', tenant: { name: 'Tailspin Toys' } });

    // The sync is connected to Tailspin's directory and finds the mailboxes of those who signed in.
    await expect
      .poll(
        async () => {
          const status = JSON.parse((await ingrid('/sync/status')).text) as {
            connection: { state: string } | null;
            mailboxes: { address: string }[];
          };
          return { state: status.connection?.state, mailboxes: status.mailboxes.map((m) => m.address).sort() };
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toEqual({ state: 'CONNECTED', mailboxes: ['ingrid@tailspin.example', 'priya@tailspin.example'] });

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 180_000);
});
