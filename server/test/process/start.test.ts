// What a new user does: start the server as a process, get a token from the
// token command while it runs, call the API over HTTPS, stop it, start it again.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { request } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { killServerProcesses, startServerProcess } from './server-process.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const onPostgres = process.env.TEST_DB === 'postgres';
afterAll(killServerProcesses);

/** The server started, with the URL it printed. */
async function startServer(env: Record<string, string>) {
  const server = startServerProcess({ LOG_LEVEL: 'info', ...env });
  return { ...server, url: await server.started };
}

function run(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(TSX, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A command line as a user pastes it: sh, in the project, with none of the test's DATA_DIR/DATABASE_URL. */
function shell(command: string) {
  const { DATA_DIR: _dataDir, DATABASE_URL: _databaseUrl, ...env } = process.env;
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn('sh', ['-c', command], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** HTTPS that trusts exactly the certificate the server generated. */
function get(url: string, ca: string, token?: string) {
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = request(url, { ca, headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function freshDatabaseUrl() {
  const base = process.env.TEST_DATABASE_URL!;
  const name = `crm_start_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  onTestFinished(async () => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  });
  return url.toString();
}

describe('npm start', () => {
  it('migrates, seeds the demo tenant once, serves HTTPS, and accepts tokens minted while it runs', async () => {
    // A space and a quote: the printed token command must quote the folder for the shell.
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "crm start's-"));
    const env: Record<string, string> = { DATA_DIR: dataDir };
    if (onPostgres) env.DATABASE_URL = await freshDatabaseUrl();

    // On PostgreSQL two processes start on one new database at once, as a scaled-out deployment does.
    const servers = await Promise.all(onPostgres ? [startServer(env), startServer(env)] : [startServer(env)]);
    const server = servers[0];
    expect(server.url).toMatch(/^https:\/\/localhost:\d+$/);
    const ca = await readFile(path.join(dataDir, 'tls', 'localhost.crt'), 'utf8');

    const token = await run(
      ['scripts/token.ts', '--tenant', 'demo', '--email', 'alice@contoso.example', '--role', 'admin'],
      env,
    );
    expect(token.code).toBe(0);
    expect(token.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);

    // The command the server printed, pasted into a shell that has no DATA_DIR of its own.
    const printed = /TOKEN=\$\((.+)\)\s*$/m.exec(server.output())?.[1];
    expect(printed).toMatch(/^DATA_DIR=.+ npm run -s token -- /);
    const pasted = await shell(`TOKEN=$(${printed}) && printf %s "$TOKEN"`);
    expect(pasted.code, pasted.stderr).toBe(0);

    if (!onPostgres) {
      // A second start on the same embedded database must not open it.
      const second = await run(['server/src/main.ts'], env);
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/in use by process \d+/);
    }
    const busy = await run(['server/src/main.ts'], {
      ...env,
      PORT: new URL(server.url).port,
      ...(onPostgres ? {} : { DATA_DIR: await mkdtemp(path.join(os.tmpdir(), 'crm-busy-')) }),
    });
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(/already in use/);

    for (const s of servers) {
      expect((await get(`${s.url}/health`, ca)).body).toMatchObject({ status: 'ok', database: { status: 'ok' } });
      const me = await get(`${s.url}/api/v1/me`, ca, token.stdout.trim());
      expect(me.body).toMatchObject({ email: 'alice@contoso.example', role: 'admin', tenant: { slug: 'demo' } });
      const mePasted = await get(`${s.url}/api/v1/me`, ca, pasted.stdout);
      expect(mePasted.status).toBe(200);
      expect(mePasted.body).toMatchObject({ email: 'alice@contoso.example', tenant: { slug: 'demo' } });
    }
    const card = await get(`${server.url}/api/v1/contacts/lookup?email=nino@fabrikam.example`, ca, token.stdout.trim());
    expect(card.body.contact.name).toBe('Nino Kapanadze');
    expect(card.body.deals.length).toBeGreaterThan(0);
    const contacts = await get(`${server.url}/api/v1/contacts?limit=100`, ca, token.stdout.trim());
    expect(
      servers
        .map((s) => s.output())
        .join('')
        .match(/demo tenant seeded/g),
    ).toHaveLength(1);

    for (const s of servers) s.child.kill('SIGTERM');
    expect(await Promise.all(servers.map((s) => s.exited))).toEqual(servers.map(() => 0));

    const again = await startServer(env);
    const after = await get(`${again.url}/api/v1/contacts?limit=100`, ca, token.stdout.trim());
    expect(after.body.items).toEqual(contacts.body.items);
    expect(again.output()).not.toMatch(/demo tenant seeded/);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  }, 120_000);

  it('stops with a message naming a wrong variable', async () => {
    const result = await run(['server/src/main.ts'], { PORT: 'eighty', DATA_DIR: os.tmpdir() });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/PORT/);
    expect(result.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  }, 60_000);

  it('npm run token explains its usage on bad arguments', async () => {
    const result = await run(['scripts/token.ts', '--tenant', 'Not A Slug'], { DATA_DIR: os.tmpdir() });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/--tenant/);
    expect(result.stderr).toMatch(/--email/);
  }, 60_000);
});
