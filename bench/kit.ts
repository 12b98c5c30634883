// What the benches on the bench:lookup data set share: their database (PostgreSQL, a
// database created for the run or one kept by an earlier run; else PGlite in memory),
// the bench tenant filled once per database (bench/fill.ts), the API on a free port
// with the bench admin's token, the load generator in a process of its own, and
// percentiles of sequential runs.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { z } from 'zod';
import { createApp } from '../server/src/app.ts';
import { createDevTokenVerifier, generateEphemeralDevKey, signDevToken } from '../server/src/auth/index.ts';
import { provisionTenant } from '../server/src/crm/index.ts';
import { applyMigrations, openDatabase, type Database } from '../server/src/db/index.ts';
import { createLogger } from '../server/src/shared/log.ts';
import { fillTenant, PGLITE_VOLUME, POSTGRES_VOLUME, type Volume } from './fill.ts';

export const log = (message: string) => console.error(message);

/** The command line options every bench on the data set takes (node:util parseArgs). */
export const DATABASE_OPTIONS = {
  /** PostgreSQL to create the run's database on (else BENCH_DATABASE_URL; else PGlite). */
  postgres: { type: 'string' },
  /** Keep the filled PostgreSQL database (its name is printed) to measure again or study plans. */
  keep: { type: 'boolean', default: false },
  /** Measure on a database a --keep run filled, without filling it anew. */
  reuse: { type: 'string' },
} as const;

export type BenchDatabase = {
  db: Database;
  /** The run's PostgreSQL database; undefined on PGlite. */
  databaseUrl: string | undefined;
  /** What a fresh tenant is filled with on this kind of database. */
  volume: Volume;
  /** Closes it, and drops it unless it was kept or reused. */
  close(): Promise<void>;
};

/** The PostgreSQL the command line names (--postgres), else BENCH_DATABASE_URL; undefined: PGlite. */
export const postgresOf = (values: { postgres?: string }) => values.postgres ?? process.env.BENCH_DATABASE_URL;

/**
 * The run's database: on `postgres` (a server's URL) one created for the run, or the
 * `reuse`d one; without it, PGlite in memory.
 */
export async function openBenchDatabase(options: {
  postgres: string | undefined;
  keep?: boolean;
  reuse?: string;
}): Promise<BenchDatabase> {
  const baseUrl = options.postgres;
  if (!baseUrl) {
    const db = await openDatabase({ dataDir: null });
    return { db, databaseUrl: undefined, volume: PGLITE_VOLUME, close: () => db.close() };
  }
  const name = options.reuse ?? `crm_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  if (!options.reuse) await admin(`CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString() });
  return {
    db,
    databaseUrl: url.toString(),
    volume: POSTGRES_VOLUME,
    async close() {
      await db.close();
      if (options.keep || options.reuse) log(`Kept database ${name}`);
      else await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/**
 * The bench tenant, filled with `volume` if the database has none yet. The migrations
 * are applied first either way: a kept database gets those written since it was filled.
 * `filled`: whether this run filled it (a bench may then add what it needs on top).
 */
export async function benchTenant(bench: BenchDatabase) {
  const { db, volume } = bench;
  await applyMigrations(db.adapter);
  const found = await db.system.tenant.findUnique({ where: { slug: 'bench' } });
  if (found) return { tenant: found, filled: false };
  log(`Database: ${db.kind}; filling ${JSON.stringify(volume)}`);
  const tenant = await provisionTenant(db.system, { slug: 'bench', name: 'Bench', domains: ['bench.example'] });
  const user = await db.system.user.create({
    data: { tenantId: tenant.id, email: 'me@bench.example', displayName: 'Bench', role: 'admin' },
  });
  await fillTenant(db.system, tenant.id, user.id, volume, log);
  return { tenant, filled: true };
}

export type BenchApi = {
  /** The server's origin, e.g. http://127.0.0.1:54321 */
  url: string;
  /** The bench admin's token (dev sign-in). */
  token: string;
  /** GET of an API path (/api/v1/…): the body's text; anything but 200 throws. */
  get(path: string): Promise<string>;
  close(): Promise<void>;
};

/**
 * The API over `system` on a free port of 127.0.0.1, signed in as an admin of the bench
 * tenant (`email`, default its first user), logging at `logLevel` (default silent).
 */
export async function startBenchApi(
  system: Database['system'],
  options: { email?: string; logLevel?: string } = {},
): Promise<BenchApi> {
  const key = await generateEphemeralDevKey();
  const email = options.email ?? 'me@bench.example';
  const token = await signDevToken(key, { tenant: 'bench', email, role: 'admin' });
  const app = createApp({
    system,
    verifyToken: createDevTokenVerifier(key),
    authMode: 'dev',
    log: createLogger(options.logLevel ?? 'silent'),
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    token,
    async get(apiPath) {
      const res = await fetch(url + apiPath, { headers: { authorization: `Bearer ${token}` } });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${apiPath} answered ${res.status}: ${body.slice(0, 300)}`);
      return body;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** p50 and p95 in milliseconds (two decimals) of `runs` sequential runs, after `warmUp` runs. */
export async function percentiles(run: () => Promise<unknown>, options: { runs: number; warmUp: number }) {
  for (let i = 0; i < options.warmUp; i++) await run();
  const ms: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    const started = performance.now();
    await run();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => Math.round(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]! * 100) / 100;
  return { p50: at(0.5), p95: at(0.95) };
}

const Load = z.object({
  requests: z.number(),
  rps: z.number(),
  // null: no response within the run (NaN in the worker's JSON).
  p50: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
  non2xx: z.number(),
  errors: z.number(),
});

/**
 * `connections` concurrent requests for `seconds` against the API at `url`, each to a
 * random one of `paths`, from the load generator in a process of its own (load-worker.ts),
 * so that it does not share the server's event loop.
 */
export function runLoad(url: string, token: string, connections: number, seconds: number, paths: string[]) {
  const tsx = path.resolve(import.meta.dirname, '../node_modules/.bin/tsx');
  const worker = path.resolve(import.meta.dirname, 'load-worker.ts');
  return new Promise<z.infer<typeof Load>>((resolve, reject) => {
    const child = spawn(tsx, [worker, url, token, String(connections), String(seconds), JSON.stringify(paths)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => {
      if (code === 0) resolve(Load.parse(JSON.parse(out)));
      else reject(new Error(`load worker exited ${String(code)}`));
    });
  });
}
