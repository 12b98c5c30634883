// npm run bench:lists [-- --postgres postgres://postgres@127.0.0.1:5432/test] [--seconds 5] [--keep] [--reuse NAME]
//
// The contact and company lists (GET /api/v1/contacts, /companies) over HTTP on the
// bench:lookup data set (PostgreSQL: 100k contacts, 20k companies, 30k deals; PGlite:
// a tenth), with tags, owners and never-contacted contacts spread over it: p50 and
// p95 of one page of 50 per sort, a page 50 deep by cursor, and each filter, one
// request at a time (the load generator in another process). Prints numbers;
// asserts nothing. --reuse takes a database a --keep run of this or of
// bench:lookup filled (pending migrations are applied first).
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { Database } from '../server/src/db/index.ts';
import { searchTerms } from './fill.ts';
import { benchTenant, DATABASE_OPTIONS, log, openBenchDatabase, postgresOf, runLoad, startBenchApi } from './kit.ts';

const { values } = parseArgs({
  options: {
    ...DATABASE_OPTIONS,
    seconds: { type: 'string', default: '5' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('npm run bench:lists [-- --postgres URL] [--seconds 5] [--keep] [--reuse DATABASE_NAME]');
  process.exit(0);
}
const seconds = Number(values.seconds);
const LIMIT = 50;

const bench = await openBenchDatabase({ ...values, postgres: postgresOf(values) });
const { db, volume } = bench;

try {
  const { tenant } = await benchTenant(bench);
  await spreadListData(db, tenant.id);

  const api = await startBenchApi(db.system);
  const { url, token } = api;
  const get = async (p: string) => {
    const body = JSON.parse(await api.get(p)) as { items?: { id: string }[]; nextCursor?: string | null };
    if (!body.items) throw new Error(`${p}: no items in ${JSON.stringify(body).slice(0, 300)}`);
    return body as { items: { id: string }[]; nextCursor: string | null };
  };
  /** The cursor of page `n` (1-based) of a list, found by walking it. */
  const deepCursor = async (p: string, n: number) => {
    let cursor: string | null = null;
    for (let page = 1; page < n; page++) {
      cursor = (await get(`${p}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).nextCursor;
      if (!cursor) throw new Error(`${p} has fewer than ${n} pages`);
    }
    return `${p}&cursor=${encodeURIComponent(cursor!)}`;
  };

  const stage = await db.system.stage.findFirstOrThrow({
    where: { tenantId: tenant.id, isWon: false, isLost: false, pipeline: { isDefault: true } },
    orderBy: { position: 'asc' },
    skip: 1,
  });
  const contacts = `/api/v1/contacts?limit=${LIMIT}`;
  const terms = searchTerms(volume, 200);
  const scenarios: [string, string[]][] = [
    ['contacts: first page by name', [`${contacts}&sort=name`]],
    ['contacts: first page by lastContactedAt desc', [`${contacts}&sort=lastContactedAt&order=desc`]],
    ['contacts: first page by createdAt desc', [`${contacts}&sort=createdAt&order=desc`]],
    ['contacts: page 50 by name (cursor)', [await deepCursor(`${contacts}&sort=name`, 50)]],
    [
      'contacts: page 50 by lastContactedAt desc (cursor)',
      [await deepCursor(`${contacts}&sort=lastContactedAt&order=desc`, 50)],
    ],
    ['contacts: noContactDays=90', [`${contacts}&noContactDays=90`]],
    [
      'contacts: noContactDays=90 by lastContactedAt desc',
      [`${contacts}&noContactDays=90&sort=lastContactedAt&order=desc`],
    ],
    ['contacts: tag=vip (10%)', [`${contacts}&tag=vip`]],
    ['contacts: tag=rare (0.1%)', [`${contacts}&tag=rare`]],
    ['contacts: openDealStageId', [`${contacts}&openDealStageId=${stage.id}`]],
    ['contacts: owner=me', [`${contacts}&owner=me`]],
    ['contacts: q (selective, varied)', terms.contactName.map((q) => `${contacts}&q=${encodeURIComponent(q)}`)],
    [
      'contacts: q broad by lastContactedAt desc',
      terms.broad.map((q) => `${contacts}&q=${encodeURIComponent(q)}&sort=lastContactedAt&order=desc`),
    ],
    [
      'contacts: tag + noContactDays + owner',
      [`${contacts}&tag=eu&noContactDays=90&owner=me&sort=lastContactedAt&order=desc`],
    ],
    ['companies: first page by name', [`/api/v1/companies?limit=${LIMIT}`]],
    ['companies: noContactDays=90', [`/api/v1/companies?limit=${LIMIT}&noContactDays=90`]],
    ['companies: openDealStageId', [`/api/v1/companies?limit=${LIMIT}&openDealStageId=${stage.id}`]],
  ];
  const rows: Record<string, string | number>[] = [];
  for (const [label, paths] of scenarios) {
    const probe = await get(paths[0]!);
    await runLoad(url, token, 1, 2, paths); // warm-up
    const r = await runLoad(url, token, 1, seconds, paths);
    rows.push({
      list: label,
      rows: probe.items.length,
      'req/s': Math.round(r.rps),
      'p50 ms': r.p50 ?? 'none',
      'p95 ms': r.p95 ?? 'none',
      requests: r.requests,
      errors: r.non2xx + r.errors,
    });
  }
  await api.close();
  console.log(
    `\nList benchmark: ${db.kind}, ${os.cpus().length} cores, ${seconds} s per run, pages of ${LIMIT}, one request at a time`,
  );
  console.log(`Data: ${volume.contacts} contacts, ${volume.companies} companies, ${volume.deals} deals`);
  console.table(rows);
} finally {
  await bench.close();
}

/**
 * Gives the bench tenant what the lists filter on: tags (vip on 10%, eu on a third,
 * rare on 0.1%), a second owner for half the contacts, and a seventh never contacted.
 * Idempotent (a --reuse run finds it done).
 */
async function spreadListData(database: Database, tenantId: string) {
  const done = await database.system.contact.count({ where: { tenantId, tags: { has: 'vip' } } });
  if (done) return;
  const started = performance.now();
  const other = await database.system.user.create({
    data: { tenantId, email: 'other@bench.example', displayName: 'Other', role: 'member' },
  });
  await database.system.$executeRawUnsafe(
    `UPDATE "Contact" c SET
       tags = ARRAY['bench']
         || CASE WHEN n % 10 = 0 THEN ARRAY['vip'] ELSE ARRAY[]::text[] END
         || CASE WHEN n % 3 = 0 THEN ARRAY['eu'] ELSE ARRAY[]::text[] END
         || CASE WHEN n % 1000 = 7 THEN ARRAY['rare'] ELSE ARRAY[]::text[] END,
       "lastContactedAt" = CASE WHEN n % 7 = 0 THEN NULL ELSE c."lastContactedAt" END,
       "ownerId" = CASE WHEN n % 2 = 0 THEN $2::uuid ELSE c."ownerId" END
     FROM (SELECT id, substring(name from 9)::int AS n FROM "Contact" WHERE "tenantId" = $1::uuid) x
     WHERE c."tenantId" = $1::uuid AND c.id = x.id`,
    tenantId,
    other.id,
  );
  await database.system.$executeRawUnsafe(
    `UPDATE "Company" SET tags = CASE WHEN substring(name from 9)::int % 10 = 0 THEN ARRAY['vip'] ELSE ARRAY[]::text[] END
     WHERE "tenantId" = $1::uuid`,
    tenantId,
  );
  await database.system.$executeRawUnsafe('ANALYZE');
  log(`  spread tags, owners and never-contacted contacts in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
