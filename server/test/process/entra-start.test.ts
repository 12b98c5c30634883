// npm run start:entra, as a developer runs it: the server with the Graph simulator playing
// Entra ID in its own process. The demo's Alice signs in through the simulator's pages
// as the pane would (PKCE, the code redeemed from the pane's origin) and reaches the demo
// tenant as its admin; Tailspin's users are refused until their admin connects it. And
// NODE_ENV=production refuses the development key.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_ENTRA_CLIENT_ID } from '../../src/graph/simulator/demo.ts';
import { httpsRequest } from './https-client.ts';
import { killServerProcesses, startServerProcess } from './server-process.ts';

afterAll(killServerProcesses);

/** The server with the Entra simulator: started once it has printed both addresses. */
function startServer(env: Record<string, string>) {
  const server = startServerProcess(env, (output) => /Entra ID simulated at https:\/\/\S+/.test(output));
  const started = server.started.then((url) => ({
    url,
    simulator: /Entra ID simulated at (https:\/\/\S+)/.exec(server.output())![1]!,
  }));
  return { ...server, started };
}

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

describe('npm run start:entra', () => {
  it('signs the demo users in through the simulated Entra ID; a directory not onboarded stays out', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'crm-entra-'));
    const server = startServer({
      DATA_DIR: dataDir,
      AUTH_MODE: 'entra',
      GRAPH_SIMULATOR: 'true',
      ENTRA_CLIENT_ID: DEMO_ENTRA_CLIENT_ID,
      SYNC_ENABLED: 'false',
    });
    const { url, simulator } = await server.started;
    const ca = await readFile(path.join(dataDir, 'tls', 'localhost.crt'), 'utf8');
    expect(server.output()).toMatch(/Contoso, onboarded: alice@contoso\.example \(admin\)/);

    const config = JSON.parse((await httpsRequest(`${url}/api/v1/auth/config`, { ca })).text) as Record<
      string,
      unknown
    >;
    expect(config).toEqual({
      mode: 'entra',
      clientId: DEMO_ENTRA_CLIENT_ID,
      authority: `${simulator}/organizations`,
      apiScope: `api://localhost/${DEMO_ENTRA_CLIENT_ID}/access_as_user`,
      knownAuthorities: [new URL(simulator).host],
    });
    // The sign-in's registered redirect URI (MSAL's redirect bridge page) is on PUBLIC_URL
    // (here the default, with PORT=0).
    const pane = 'https://localhost:0/auth/redirect.html';

    async function signIn(email: string) {
      const verifier = randomBytes(32).toString('base64url');
      const authorize = new URL(`${String(config.authority)}/oauth2/v2.0/authorize`);
      for (const [name, value] of Object.entries({
        client_id: DEMO_ENTRA_CLIENT_ID,
        response_type: 'code',
        response_mode: 'fragment',
        redirect_uri: pane,
        scope: `${String(config.apiScope)} openid profile offline_access`,
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
        state: 'demo',
      })) {
        authorize.searchParams.set(name, value);
      }
      const picker = (await httpsRequest(authorize.toString())).text;
      const flow = /name="flow" value="([^"]+)"/.exec(picker)?.[1] ?? '';
      const user = new RegExp(`value="([^"]+)" required> [^<]*<span class="upn">${email}<`).exec(picker)?.[1] ?? '';
      const signedIn = await httpsRequest(`${simulator}/organizations/login`, form({ flow, user, action: 'next' }));
      const answer = new URLSearchParams(new URL(String(signedIn.headers.location)).hash.slice(1));
      const code = answer.get('code');
      if (!code) return { refused: answer.get('error') };
      const token = await httpsRequest(`${simulator}/organizations/oauth2/v2.0/token`, {
        ...form({
          client_id: DEMO_ENTRA_CLIENT_ID,
          grant_type: 'authorization_code',
          code,
          redirect_uri: pane,
          code_verifier: verifier,
          scope: String(config.apiScope),
        }),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://localhost:0' },
      });
      return { token: (JSON.parse(token.text) as { access_token: string }).access_token };
    }

    const alice = await signIn('alice@contoso.example');
    const me = await httpsRequest(`${url}/api/v1/me`, {
      ca,
      headers: { Authorization: `Bearer ${alice.token ?? ''}` },
    });
    expect(me.status).toBe(200);
    expect(JSON.parse(me.text)).toMatchObject({
      email: 'alice@contoso.example',
      role: 'admin',
      tenant: { slug: 'demo' },
    });
    expect(await signIn('priya@tailspin.example')).toEqual({ refused: 'consent_required' });

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 120_000);

  it('refuses to start in production with the development key', async () => {
    const server = startServer({ NODE_ENV: 'production', DATA_DIR: os.tmpdir() });
    await expect(server.started).rejects.toThrow(/AUTH_MODE: dev tokens are refused when NODE_ENV=production/);
    expect(await server.exited).toBe(1);
  }, 60_000);
});
