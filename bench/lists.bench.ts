// npm run bench:lists [-- --postgres postgres://postgres@127.0.0.1:5432/test] [--seconds 5] [--keep] [--reuse NAME]
//
// The contact and company lists (GET /api/v1/contacts, /companies) over HTTP on the
// bench:lookup data set (PostgreSQL: 100k contacts, 20k companies, 30k deals; PGlite:
// a tenth), with tags, owners and never-contacted contacts spread over it: p50 and
// p95 of one page of 50 per sort, a page 50 deep by cursor, and each filter, one
// request at a time (the load generator in another process). Prints numbers;
// asserts nothing. --reuse takes a database a --keep run of this or of
// bench:lookup filled (pending migrations are applied first).
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
import { fillTenant, PGLITE_VOLUME, POSTGRES_VOLUME, searchTerms } from './fill.ts';

const { values } = parseArgs({
  options: {
    postgres: { type: 'string' },
    seconds: { type: 'string', default: '5' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('npm run bench:lists [-- --postgres URL] [--seconds 5] [--keep] [--reuse DATABASE_NAME]');
  process.exit(0);
}
const baseUrl = values.postgres ?? process.env.BENCH_DATABASE_URL;
const seconds = Number(values.seconds);
const LIMIT = 50;
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
const volume = baseUrl ? POSTGRES_VOLUME : PGLITE_VOLUME;

try {
  await applyMigrations(db.adapter);
  let tenant = await db.system.tenant.findUnique({ where: { slug: 'bench' } });
  if (!tenant) {
    log(`Database: ${db.kind}; filling ${JSON.stringify(volume)}`);
    tenant = await provisionTenant(db.system, { slug: 'bench', name: 'Bench', domains: ['bench.example'] });
    const user = await db.system.user.create({
      data: { tenantId: tenant.id, email: 'me@bench.example', displayName: 'Bench', role: 'admin' },
    });
    await fillTenant(db.system, tenant.id, user.id, volume, log);
  }
  await spreadListData(db, tenant.id);

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
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const get = async (p: string) => {
    const res = await fetch(url + p, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { items?: { id: string }[]; nextCursor?: string | null };
    if (res.status !== 200 || !body.items) throw new Error(`${p}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
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
  server.closeAllConnections();
  server.close();
  console.log(
    `\nList benchmark: ${db.kind}, ${os.cpus().length} cores, ${seconds} s per run, pages of ${LIMIT}, one request at a time`,
  );
  console.log(`Data: ${volume.contacts} contacts, ${volume.companies} companies, ${volume.deals} deals`);
  console.table(rows);
} finally {
  await db.close();
  await dropDatabase();
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

function runLoad(url: string, token: string, connections: number, duration: number, paths: string[]) {
  const tsx = path.resolve(import.meta.dirname, '../node_modules/.bin/tsx');
  const worker = path.resolve(import.meta.dirname, 'load-worker.ts');
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
