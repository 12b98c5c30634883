// npm run bench:deals [-- --postgres postgres://postgres@127.0.0.1:5432/test] [--requests 200] [--keep] [--reuse NAME]
//
// The deals board (GET /api/v1/pipelines/:id/board) on the bench:lookup data set
// (PostgreSQL: 30k deals in one pipeline of six stages; PGlite: a tenth), over HTTP,
// one request at a time: p50/p95 per filter (open deals, the caller's own, every
// status), and the same for the column's next page (GET /deals?stageId=…&sort=updated)
// and for the aggregate statement alone. A freshly filled tenant gets its deals spread
// over three currencies and two owners, so the totals group as they would in use.
// --keep keeps the PostgreSQL database (its name is printed); --reuse NAME measures
// again on it (a bench:lookup --keep database works too). Prints numbers; asserts nothing.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createApp } from '../server/src/app.ts';
import { createDevTokenVerifier, generateEphemeralDevKey, signDevToken } from '../server/src/auth/index.ts';
import { provisionTenant } from '../server/src/crm/index.ts';
import { applyMigrations, openDatabase, type Database } from '../server/src/db/index.ts';
import { createLogger } from '../server/src/shared/log.ts';
import { fillTenant, PGLITE_VOLUME, POSTGRES_VOLUME } from './fill.ts';

const { values } = parseArgs({
  options: {
    postgres: { type: 'string' },
    requests: { type: 'string', default: '200' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
    /** Print PostgreSQL's plans of the board's two statements. */
    explain: { type: 'boolean', default: false },
  },
});
const baseUrl = values.postgres ?? process.env.BENCH_DATABASE_URL;
const requests = Number(values.requests);
const log = (message: string) => console.error(message);

let db: Database;
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
  db = await openDatabase({ databaseUrl: url.toString() });
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

/** Percentiles of the milliseconds `run` takes, after a few warm-up runs. */
async function measure(run: () => Promise<void>) {
  for (let i = 0; i < 10; i++) await run();
  const ms: number[] = [];
  for (let i = 0; i < requests; i++) {
    const started = performance.now();
    await run();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!;
  return { p50: Number(at(0.5).toFixed(2)), p95: Number(at(0.95).toFixed(2)) };
}

try {
  // A reused database gets the migrations written since it was filled (the board's indexes).
  await applyMigrations(db.adapter);
  let tenant = values.reuse ? await db.system.tenant.findUnique({ where: { slug: 'bench' } }) : null;
  if (!tenant) {
    const volume = baseUrl ? POSTGRES_VOLUME : PGLITE_VOLUME;
    log(`Database: ${db.kind}; filling ${JSON.stringify(volume)}`);
    tenant = await provisionTenant(db.system, { slug: 'bench', name: 'Bench', domains: ['bench.example'] });
    const user = await db.system.user.create({
      data: { tenantId: tenant.id, email: 'me@bench.example', displayName: 'Bench', role: 'admin' },
    });
    await fillTenant(db.system, tenant.id, user.id, volume, log);
    const other = await db.system.user.create({
      data: { tenantId: tenant.id, email: 'other@bench.example', displayName: 'Other', role: 'member' },
    });
    // Three currencies, and every third deal someone else's.
    await db.system.$executeRaw`UPDATE "Deal" SET
        currency = (ARRAY['EUR','USD','SEK'])[1 + ('x' || substr(id::text, 1, 4))::bit(16)::int % 3],
        "ownerId" = CASE WHEN ('x' || substr(id::text, 5, 4))::bit(16)::int % 3 = 0 THEN ${other.id}::uuid ELSE "ownerId" END
      WHERE "tenantId" = ${tenant.id}::uuid`;
    await db.system.$executeRawUnsafe('ANALYZE "Deal"');
  }
  const tenantId = tenant.id;
  const pipeline = await db.system.pipeline.findFirstOrThrow({ where: { tenantId, isDefault: true } });
  const deals = await db.system.deal.count({ where: { tenantId } });
  log(`Database: ${db.kind}; ${deals} deals`);

  const key = await generateEphemeralDevKey();
  const token = await signDevToken(key, { tenant: 'bench', email: 'me@bench.example', role: 'admin' });
  const app = createApp({
    system: db.system,
    verifyToken: createDevTokenVerifier(key),
    authMode: 'dev',
    log: createLogger('silent'),
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  const get = async (path: string) => {
    const res = await fetch(base + path, { headers: { authorization: `Bearer ${token}` } });
    const body = await res.json();
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    return body;
  };

  try {
    type Board = { columns: { stage: { id: string; name: string }; count: number; nextCursor: string | null }[] };
    const board = (await get(`/pipelines/${pipeline.id}/board`)) as Board;
    log(`Board columns: ${board.columns.map((c) => `${c.stage.name} ${c.count}`).join(', ')}`);
    const busiest = board.columns.reduce((a, b) => (b.count > a.count ? b : a));

    const rows: Record<string, string | number>[] = [];
    const add = async (what: string, run: () => Promise<void>) => {
      rows.push({ what, ...(await measure(run)) });
    };
    for (const [label, query] of [
      ['board, open deals', ''],
      ['board, my open deals', '?ownerId=me'],
      ['board, every status', '?status=all'],
    ] as const) {
      await add(label, async () => {
        await get(`/pipelines/${pipeline.id}/board${query}`);
      });
    }
    await add(`next page of "${busiest.stage.name}"`, async () => {
      await get(
        `/deals?pipelineId=${pipeline.id}&stageId=${busiest.stage.id}&status=open&sort=updated&cursor=${busiest.nextCursor ?? ''}`,
      );
    });
    // The aggregate alone, as the board sends it (without Prisma and HTTP).
    const aggregate = () => db.system.$queryRaw`
      SELECT d."stageId", d.currency, count(*)::int, sum(d.value)::text FROM "Deal" d
      WHERE d."tenantId" = ${tenantId}::uuid AND d."pipelineId" = ${pipeline.id}::uuid AND d.status = 'open'::"DealStatus"
      GROUP BY d."stageId", d.currency`;
    await add('aggregate statement alone', async () => {
      await aggregate();
    });
    console.table(rows);

    if (values.explain) {
      const plans = await db.system.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(
        `EXPLAIN ANALYZE SELECT s.id, page.id FROM unnest($1::uuid[]) AS s(id) CROSS JOIN LATERAL (
           SELECT d.id FROM "Deal" d WHERE d."tenantId" = $2::uuid AND d."pipelineId" = $3::uuid
             AND d.status = 'open' AND d."stageId" = s.id ORDER BY d."updatedAt" DESC, d.id DESC LIMIT 26) page`,
        board.columns.map((c) => c.stage.id),
        tenantId,
        pipeline.id,
      );
      log(plans.map((p) => p['QUERY PLAN']).join('\n'));
    }
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
} finally {
  await db.close();
  await dropDatabase();
}
