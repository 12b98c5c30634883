// npm run bench:lookup [-- --postgres postgres://postgres@127.0.0.1:5432/test] [--seconds 10] [--pool 2,4,8,16]
//
// Fills a tenant (PostgreSQL: 100k contacts, 20k companies, 30k deals, 1M timeline
// items, in a database created for the run; PGlite: a tenth of that), then
// measures GET /api/v1/contacts/lookup over HTTP at concurrency 1 and 16, and the
// bare SQL the endpoint needs, in the same run (latency, throughput, and this
// process's CPU per request: it is the server, the load comes from another); then the list searches (`q` on
// contacts by a name, email or company-name fragment, and on companies) at
// concurrency 1 and 8. Prints numbers; asserts nothing.
//
// --pool sweeps the size of the PostgreSQL connection pool: the lookups (API and
// bare SQL) are measured once per size, each on a pool of its own, and printed in
// one table (on two cores, 16 connections made PostgreSQL preempt Node: issue 10).
// Default: the server's own default size (DATABASE_POOL_SIZE unset).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { z } from 'zod';
import { createApp } from '../server/src/app.ts';
import { createDevTokenVerifier, generateEphemeralDevKey, signDevToken } from '../server/src/auth/index.ts';
import { provisionTenant } from '../server/src/crm/index.ts';
import { applyMigrations, openDatabase, type Database } from '../server/src/db/index.ts';
import { createLogger } from '../server/src/shared/log.ts';
import { bareLookup } from './bare-sql.ts';
import { contactEmail, fillTenant, type Volume, PGLITE_VOLUME, POSTGRES_VOLUME, searchTerms } from './fill.ts';

const { values } = parseArgs({
  options: {
    postgres: { type: 'string' },
    seconds: { type: 'string', default: '10' },
    /** Keep the filled PostgreSQL database (its name is printed) to study plans afterwards. */
    keep: { type: 'boolean', default: false },
    /** Measure again on a database a --keep run filled, without filling it anew. */
    reuse: { type: 'string' },
    /** Only the searches (with --reuse, to study them again quickly). */
    'search-only': { type: 'boolean', default: false },
    'search-seconds': { type: 'string', default: '5' },
    /** Only the lookups, no searches (to sweep pool sizes quickly). */
    'lookup-only': { type: 'boolean', default: false },
    /** Pool sizes to measure the lookups with, comma separated (PostgreSQL only). */
    pool: { type: 'string' },
  },
});
/** undefined: the server's default size. */
const pools: (number | undefined)[] = values.pool
  ? values.pool.split(',').map((size) => {
      const n = Number(size.trim());
      if (!Number.isInteger(n) || n < 1) throw new Error(`--pool takes pool sizes like 2,4,8,16, not ${values.pool}`);
      return n;
    })
  : [undefined];
const baseUrl = values.postgres ?? process.env.BENCH_DATABASE_URL;
const seconds = Number(values.seconds);
const log = (message: string) => console.error(message);

let db: Database;
let databaseUrl: string | undefined;
let dropDatabase = async () => {
  // PGlite in memory: nothing to drop.
};
if (baseUrl) {
  const name = values.reuse ?? `crm_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  if (!values.reuse) {
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  databaseUrl = url.toString();
  db = await openDatabase({ databaseUrl });
  dropDatabase = async () => {
    if (values.keep || values.reuse) {
      log(`Kept database ${name}`);
      return;
    }
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  };
} else {
  db = await openDatabase({ dataDir: null });
}
const volume = baseUrl ? POSTGRES_VOLUME : PGLITE_VOLUME;

try {
  let tenant = values.reuse ? await db.system.tenant.findUnique({ where: { slug: 'bench' } }) : null;
  if (!tenant) {
    log(`Database: ${db.kind}; migrating and filling ${JSON.stringify(volume)}`);
    await applyMigrations(db.adapter);
    tenant = await provisionTenant(db.system, { slug: 'bench', name: 'Bench', domains: ['bench.example'] });
    const user = await db.system.user.create({
      data: { tenantId: tenant.id, email: 'me@bench.example', displayName: 'Bench', role: 'admin' },
    });
    await fillTenant(db.system, tenant.id, user.id, volume, log);
  }

  const key = await generateEphemeralDevKey();
  const token = await signDevToken(key, { tenant: 'bench', email: 'me@bench.example', role: 'admin' });
  const listen = async (system: Database['system']) => {
    const app = createApp({
      system,
      verifyToken: createDevTokenVerifier(key),
      authMode: 'dev',
      log: createLogger('silent'),
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  };

  const rows: Record<string, string | number>[] = [];
  if (!values['search-only']) {
    const emails = Array.from({ length: 2000 }, (_, i) => contactEmail((i * 7919) % volume.contacts, volume));
    const lookups = emails.map((email) => `/api/v1/contacts/lookup?email=${encodeURIComponent(email)}`);
    // PGlite is one connection whatever the pool: one round.
    for (const pool of databaseUrl ? pools : [undefined]) {
      const measured = databaseUrl ? await openDatabase({ databaseUrl, poolSize: pool }) : db;
      const { server, url } = await listen(measured.system);
      try {
        // Check the endpoint answers what we think before timing it.
        const probe = await fetch(`${url}${lookups[0]!}`, { headers: { authorization: `Bearer ${token}` } });
        const card = (await probe.json()) as { contact: unknown; timeline: unknown[]; deals: unknown[] };
        if (probe.status !== 200 || !card.contact || card.timeline.length !== 10) {
          throw new Error(`lookup probe failed: ${probe.status} ${JSON.stringify(card).slice(0, 300)}`);
        }
        log(
          `Pool ${pool ?? 'default'}: a card with ${card.deals.length} open deals and ${card.timeline.length} timeline items`,
        );
        for (const connections of [1, 16]) {
          await runLoad(url, token, connections, 2, lookups); // warm-up
          // This process is the server (the load comes from another): its CPU per request.
          const apiCpu = process.cpuUsage();
          const api = await runLoad(url, token, connections, seconds, lookups);
          const apiCpuMs = cpuMs(process.cpuUsage(apiCpu)) / Math.max(1, api.requests);
          const sqlCpu = process.cpuUsage();
          const sql = await timeBareSql(measured, tenant.id, emails, connections, seconds);
          const sqlCpuMs = cpuMs(process.cpuUsage(sqlCpu)) / Math.max(1, sql.rps * seconds);
          rows.push({
            ...(databaseUrl ? { pool: pool ?? 'default' } : {}),
            concurrency: connections,
            'api req/s': Math.round(api.rps),
            'api p50 ms': api.p50,
            'api p99 ms': api.p99,
            'api errors': api.non2xx + api.errors,
            'sql lookups/s': Math.round(sql.rps),
            'sql p50 ms': round(sql.p50),
            'sql p99 ms': round(sql.p99),
            'api cpu ms/req': round(apiCpuMs),
            'sql cpu ms/lookup': round(sqlCpuMs),
            'p50 ratio api/sql': round(api.p50 / sql.p50),
            'rps ratio api/sql': round(api.rps / sql.rps),
          });
        }
      } finally {
        server.closeAllConnections();
        server.close();
        if (measured !== db) await measured.close();
      }
    }
  }

  const { server, url } = await listen(db.system);
  // Searches: each request a different fragment that matches a few rows, so the
  // database has to find them rather than stop at the first page of a broad match;
  // and a broad one, where the first page fills quickly.
  const searchRows: Record<string, string | number>[] = [];
  const searchSeconds = Number(values['search-seconds']);
  for (const [label, paths] of values['lookup-only'] ? [] : Object.entries(searchPaths(volume))) {
    const probeSearch = await fetch(url + (paths[0] ?? ''), { headers: { authorization: `Bearer ${token}` } });
    const found = (await probeSearch.json()) as { items?: unknown[] };
    if (probeSearch.status !== 200 || !found.items?.length) {
      throw new Error(`search probe ${paths[0]} failed: ${probeSearch.status} ${JSON.stringify(found).slice(0, 300)}`);
    }
    for (const connections of [1, 8]) {
      await runLoad(url, token, connections, 1, paths); // warm-up
      const r = await runLoad(url, token, connections, searchSeconds, paths);
      searchRows.push({
        search: label,
        concurrency: connections,
        'req/s': round(r.rps),
        'p50 ms': r.p50,
        'p95 ms': r.p95,
        'p99 ms': r.p99,
        errors: r.non2xx + r.errors,
      });
    }
  }
  server.closeAllConnections();
  server.close();

  console.log(`\nLookup benchmark: ${db.kind}, ${os.cpus().length} cores, ${seconds} s per run`);
  console.log(
    `Data: ${volume.contacts} contacts, ${volume.companies} companies, ${volume.deals} deals, ${volume.items} timeline items`,
  );
  if (rows.length) {
    if (values.pool) console.log(`Lookups by pool size (connections to PostgreSQL): ${values.pool}`);
    console.table(rows);
  }
  if (searchRows.length) {
    console.log(`Searches, ${searchSeconds} s per run (${searchExamples(volume)})`);
    console.table(searchRows);
  }
} finally {
  await db.close();
  await dropDatabase();
}

/** Node's CPU time (user and system) in milliseconds. */
function cpuMs(usage: NodeJS.CpuUsage) {
  return (usage.user + usage.system) / 1000;
}

function round(n: number) {
  return Math.round(n * 100) / 100;
}

/** Request paths per search, e.g. contacts by name fragment: /api/v1/contacts?q=ontact%204242 */
function searchPaths(volume: Volume): Record<string, string[]> {
  const terms = searchTerms(volume, 500);
  const list = (resource: string, qs: string[]) => qs.map((q) => `/api/v1/${resource}?q=${encodeURIComponent(q)}`);
  return {
    'contacts q=name fragment': list('contacts', terms.contactName),
    'contacts q=email fragment': list('contacts', terms.contactEmail),
    'contacts q=company fragment': list('contacts', terms.companyName),
    'companies q=name fragment': list('companies', terms.companyName),
    'contacts q=broad (~11% match)': list('contacts', terms.broad),
  };
}

function searchExamples(volume: Volume) {
  const t = searchTerms(volume, 1);
  return `e.g. "${t.contactName[0]}", "${t.contactEmail[0]}", "${t.companyName[0]}", "${t.broad[0]}"`;
}

function runLoad(url: string, token: string, connections: number, duration: number, paths: string[]) {
  const tsx = path.resolve(import.meta.dirname, '../node_modules/.bin/tsx');
  const worker = path.resolve(import.meta.dirname, 'load-worker.ts');
  const Load = z.object({
    requests: z.number(),
    rps: z.number(),
    p50: z.number(),
    p95: z.number(),
    p99: z.number(),
    non2xx: z.number(),
    errors: z.number(),
  });
  return new Promise<z.infer<typeof Load>>((resolve, reject) => {
    const child = spawn(tsx, [worker, url, token, String(connections), String(duration), JSON.stringify(paths)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => {
      if (code === 0) resolve(Load.parse(JSON.parse(out)));
      else reject(new Error(`load worker exited ${String(code)}`));
    });
  });
}

async function timeBareSql(db: Database, tenantId: string, emails: string[], concurrency: number, duration: number) {
  const latencies: number[] = [];
  const end = performance.now() + duration * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const email = emails[n++ % emails.length]!;
        const started = performance.now();
        if (!(await bareLookup(db.system, tenantId, email))) throw new Error(`bare SQL found no contact for ${email}`);
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { rps: latencies.length / duration, p50: at(0.5), p99: at(0.99) };
}
