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
import os from 'node:os';
import { parseArgs } from 'node:util';
import { openDatabase, type Database } from '../server/src/db/index.ts';
import { bareLookup } from './bare-sql.ts';
import { contactEmail, type Volume, searchTerms } from './fill.ts';
import { benchTenant, DATABASE_OPTIONS, log, openBenchDatabase, postgresOf, runLoad, startBenchApi } from './kit.ts';

const { values } = parseArgs({
  options: {
    ...DATABASE_OPTIONS,
    seconds: { type: 'string', default: '10' },
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
const seconds = Number(values.seconds);

const bench = await openBenchDatabase({ ...values, postgres: postgresOf(values) });
const { db, databaseUrl, volume } = bench;

try {
  const { tenant } = await benchTenant(bench);

  const rows: Record<string, string | number>[] = [];
  if (!values['search-only']) {
    const emails = Array.from({ length: 2000 }, (_, i) => contactEmail((i * 7919) % volume.contacts, volume));
    const lookups = emails.map((email) => `/api/v1/contacts/lookup?email=${encodeURIComponent(email)}`);
    // PGlite is one connection whatever the pool: one round.
    for (const pool of databaseUrl ? pools : [undefined]) {
      const measured = databaseUrl ? await openDatabase({ databaseUrl, poolSize: pool }) : db;
      const served = await startBenchApi(measured.system);
      const { url, token } = served;
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
            'api p50 ms': api.p50 ?? 'none',
            'api p99 ms': api.p99 ?? 'none',
            'api errors': api.non2xx + api.errors,
            'sql lookups/s': Math.round(sql.rps),
            'sql p50 ms': round(sql.p50),
            'sql p99 ms': round(sql.p99),
            'api cpu ms/req': round(apiCpuMs),
            'sql cpu ms/lookup': round(sqlCpuMs),
            'p50 ratio api/sql': api.p50 === null ? 'none' : round(api.p50 / sql.p50),
            'rps ratio api/sql': round(api.rps / sql.rps),
          });
        }
      } finally {
        await served.close();
        if (measured !== db) await measured.close();
      }
    }
  }

  const api = await startBenchApi(db.system);
  const { url, token } = api;
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
        'p50 ms': r.p50 ?? 'none',
        'p95 ms': r.p95 ?? 'none',
        'p99 ms': r.p99 ?? 'none',
        errors: r.non2xx + r.errors,
      });
    }
  }
  await api.close();

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
  await bench.close();
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
