// npm run bench:dashboard -- --postgres postgres://postgres@127.0.0.1:5432/postgres [--reuse DB] [--keep] [--runs 30] [--explain]
//
// Times each dashboard figure on the bench:lookup data set (100k contacts, 30k deals,
// 1M timeline items on PostgreSQL; bench/fill.ts), one request at a time: through the
// API (HTTP, token, zod, JSON) and as the bare statement the endpoint runs. Prints
// p50 and p95 over --runs runs after warm-up runs; asserts nothing.
//
// The lookup data set has one user, one currency and no closed or synced emails to
// attribute, so the dashboard would sum almost nothing: first it spreads the data over
// ten salespeople (owners of deals and contacts, mailboxes), closes the won and lost
// deals over the last 700 days, puts one deal in five in USD, marks one email in ten
// as logged by hand and gives the synced ones sightings in the salespeople's
// mailboxes (one in five in a second mailbox too), and leaves one contact in twenty
// never contacted. Done once per database: `--reuse` of a database filled by
// `npm run bench:lookup -- --keep` (or by this script with --keep) adds it if missing.
//
// --explain prints EXPLAIN (ANALYZE, BUFFERS) of each statement once.
import os from 'node:os';
import { parseArgs } from 'node:util';
import {
  emailActivityStatement,
  outcomesStatement,
  pipelineFigureStatement,
  staleContactsStatement,
} from '../server/src/crm/dashboard/index.ts';
import type { Prisma, SystemDb } from '../server/src/db/index.ts';
import type { Volume } from './fill.ts';
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
    runs: { type: 'string', default: '30' },
    explain: { type: 'boolean', default: false },
  },
});
if (!postgresOf(values)) {
  throw new Error('the dashboard bench runs on PostgreSQL: --postgres postgres://… (or BENCH_DATABASE_URL)');
}
const runs = Number(values.runs);
const WARM_UP_RUNS = 3;
const SALESPEOPLE = 10;
const DAY_MS = 86_400_000;

const bench = await openBenchDatabase({ ...values, postgres: postgresOf(values) });
const { db } = bench;

try {
  const { tenant } = await benchTenant(bench);
  const tenantId = tenant.id;
  if (!(await db.system.user.findFirst({ where: { tenantId, email: 'sales0@bench.example' } }))) {
    await spreadOverSalespeople(db.system, tenantId, bench.volume);
  }
  // The steady state autovacuum keeps: statistics, and the visibility map that lets the
  // figures read their indexes alone (after a migration's backfill, every row is new).
  await db.system.$executeRawUnsafe('VACUUM ANALYZE');
  const api = await startBenchApi(db.system);

  const now = new Date();
  const ago = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const period = (days: number) => ({ from: ago(days), to: now });
  const qs = (p: { from: Date; to: Date }) => `from=${p.from.toISOString()}&to=${p.to.toISOString()}`;
  const owner = (await db.system.user.findFirstOrThrow({ where: { tenantId, email: 'sales0@bench.example' } })).id;

  const figures: { figure: string; path: string; statement: Prisma.Sql }[] = [
    { figure: 'pipeline', path: '/dashboard/pipeline', statement: pipelineFigureStatement(tenantId, {}) },
    {
      figure: 'pipeline, one owner',
      path: `/dashboard/pipeline?ownerId=${owner}`,
      statement: pipelineFigureStatement(tenantId, { ownerId: owner }),
    },
    ...[30, 91, 365].flatMap((days) => [
      {
        figure: `outcomes, ${days} days`,
        path: `/dashboard/outcomes?${qs(period(days))}`,
        statement: outcomesStatement(tenantId, period(days), {}),
      },
      {
        figure: `email activity, ${days} days`,
        path: `/dashboard/email-activity?${qs(period(days))}`,
        statement: emailActivityStatement(tenantId, period(days)),
      },
    ]),
    ...[90, 365].map((days) => ({
      figure: `stale contacts, ${days} days`,
      path: `/dashboard/stale-contacts?days=${days}`,
      statement: staleContactsStatement(tenantId, ago(days), {}),
    })),
    {
      figure: 'stale contacts, 90 days, one owner',
      path: `/dashboard/stale-contacts?days=90&ownerId=${owner}`,
      statement: staleContactsStatement(tenantId, ago(90), { ownerId: owner }),
    },
  ];

  const rows: Record<string, string | number>[] = [];
  for (const { figure, path, statement } of figures) {
    const request = async () => (await api.get(`/api/v1${path}`)).length;
    const bare = () => db.system.$queryRaw<{ figure: string }[]>(statement);
    const bytes = await request();
    const apiMs = await percentiles(request, { runs, warmUp: WARM_UP_RUNS });
    const sqlMs = await percentiles(bare, { runs, warmUp: WARM_UP_RUNS });
    rows.push({
      figure,
      'api p50 ms': apiMs.p50,
      'api p95 ms': apiMs.p95,
      'sql p50 ms': sqlMs.p50,
      'sql p95 ms': sqlMs.p95,
      'response bytes': bytes,
    });
    if (values.explain) {
      const plan = await db.system.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(
        `EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`,
        ...statement.values,
      );
      console.log(`\n${figure}\n${plan.map((r) => r['QUERY PLAN']).join('\n')}`);
    }
  }
  await api.close();

  const counts = await db.system.$queryRaw<{ contacts: number; deals: number; items: number; sightings: number }[]>`
    SELECT (SELECT count(*)::int FROM "Contact" WHERE "tenantId" = ${tenantId}::uuid) AS contacts,
           (SELECT count(*)::int FROM "Deal" WHERE "tenantId" = ${tenantId}::uuid) AS deals,
           (SELECT count(*)::int FROM "TimelineItem" WHERE "tenantId" = ${tenantId}::uuid) AS items,
           (SELECT count(*)::int FROM "EmailSighting" WHERE "tenantId" = ${tenantId}::uuid) AS sightings`;
  console.log(`\nDashboard benchmark: ${db.kind}, ${os.cpus().length} cores, ${runs} runs each, one at a time`);
  console.log(`Data: ${JSON.stringify(counts[0])}, ${SALESPEOPLE} salespeople`);
  console.table(rows);
} finally {
  await bench.close();
}

/** What the dashboard needs on top of the lookup data set (see the top of this file). */
async function spreadOverSalespeople(system: SystemDb, tenantId: string, v: Volume) {
  // md5 made an RFC 4122 UUID (version 4, variant 1): the API checks ids are UUIDs.
  const uuid = (text: string) =>
    `(SELECT (substr(h, 1, 12) || '4' || substr(h, 14, 3) || '8' || substr(h, 18, 15))::uuid FROM md5(${text}) h)`;
  const user = (expr: string) => uuid(`'bench-user-'||(${expr})`);
  const steps: [string, string, unknown[]][] = [
    [
      `${SALESPEOPLE} salespeople`,
      `INSERT INTO "User" ("tenantId","id","email","displayName","role","createdAt")
       SELECT $1::uuid, ${user('k')}, 'sales'||k||'@bench.example', 'Salesperson '||k, 'member', now()
       FROM generate_series(0, $2::int - 1) k`,
      [tenantId, SALESPEOPLE],
    ],
    [
      'their mailboxes',
      `INSERT INTO "Mailbox" ("tenantId","id","userId","graphUserId","address","createdAt","updatedAt")
       SELECT $1::uuid, md5('bench-mailbox-'||k)::uuid, ${user('k')}, 'graph-'||k, 'sales'||k||'@bench.example', now(), now()
       FROM generate_series(0, $2::int - 1) k`,
      [tenantId, SALESPEOPLE],
    ],
    [
      'deal owners, currencies and closing times',
      `UPDATE "Deal" d SET "ownerId" = ${user('i % $2::int')},
              currency = CASE WHEN i % 5 = 0 THEN 'USD' ELSE 'EUR' END,
              "closedAt" = CASE WHEN d.status = 'open' THEN NULL ELSE now() - (i % 700) * interval '1 day' END
       FROM generate_series(0, $3::int - 1) i
       WHERE d."tenantId" = $1::uuid AND d.id = md5('deal-'||i)::uuid`,
      [tenantId, SALESPEOPLE, v.deals],
    ],
    [
      'contact owners',
      `UPDATE "Contact" c SET "ownerId" = ${user('i % $2::int')},
              "lastContactedAt" = CASE WHEN i % 20 = 0 THEN NULL ELSE c."lastContactedAt" END
       FROM generate_series(0, $3::int - 1) i
       WHERE c."tenantId" = $1::uuid AND c.id = md5('contact-'||i)::uuid`,
      [tenantId, SALESPEOPLE, v.contacts],
    ],
    [
      'emails logged by hand',
      `UPDATE "TimelineItem" t SET "loggedVia" = 'manual', "loggedById" = ${user('(i / 10) % $2::int')}
       FROM generate_series(0, $3::int - 1, 10) i
       WHERE t."tenantId" = $1::uuid AND t.id = md5('item-'||i)::uuid`,
      [tenantId, SALESPEOPLE, v.items],
    ],
    [
      'sightings of the synced emails',
      `INSERT INTO "EmailSighting" ("tenantId","mailboxId","graphMessageId","itemId","folderId","seenAt")
       SELECT $1::uuid, md5('bench-mailbox-'||((i / 10 + n) % $2::int))::uuid, 'msg-'||i||'-'||n, md5('item-'||i)::uuid,
              'inbox', now() - i * interval '1 minute' + n * interval '1 hour'
       FROM generate_series(0, $3::int - 1) i CROSS JOIN generate_series(0, 1) n
       WHERE i % 10 <> 0 AND (n = 0 OR i % 5 = 1)`,
      [tenantId, SALESPEOPLE, v.items],
    ],
  ];
  log('Spreading the data over salespeople');
  for (const [label, sql, params] of steps) {
    const started = performance.now();
    await system.$executeRawUnsafe(sql, ...params);
    log(`  ${label} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}
