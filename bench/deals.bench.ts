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
import { parseArgs } from 'node:util';
import {
  benchTenant,
  DATABASE_OPTIONS,
  log,
  openBenchDatabase,
  postgresOf,
  percentiles,
  startBenchApi,
} from './kit.ts';

const { values } = parseArgs({
  options: {
    ...DATABASE_OPTIONS,
    requests: { type: 'string', default: '200' },
    /** Print PostgreSQL's plans of the board's two statements. */
    explain: { type: 'boolean', default: false },
  },
});
const requests = Number(values.requests);
/** Percentiles of the milliseconds `run` takes, after a few warm-up runs. */
const measure = (run: () => Promise<void>) => percentiles(run, { runs: requests, warmUp: 10 });

const bench = await openBenchDatabase({ ...values, postgres: postgresOf(values) });
const { db } = bench;

try {
  const { tenant, filled } = await benchTenant(bench);
  if (filled) {
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

  const api = await startBenchApi(db.system);
  const get = async (path: string): Promise<unknown> => JSON.parse(await api.get(`/api/v1${path}`));

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
    await api.close();
  }
} finally {
  await bench.close();
}
