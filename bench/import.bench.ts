// npm run bench:import [-- --rows 10000] [--postgres postgres://postgres@127.0.0.1:5432/postgres] [--pglite-only]
//
// Imports a generated contacts CSV through the HTTP API, on PGlite (in memory) and
// on PostgreSQL (a database created for the run and dropped after): 10,000 rows of
// which exactly 3% are planted bad rows (a bad address, no name, an address twice
// in the file, an owner who is not a user, a bad company domain, a title too long),
// against a tenant that already holds 500 of the file's contacts (updated) and 200
// of its companies (linked). Times the preview, the dry run, the import, a second
// import of the same file (every row an update) and the export of every contact, and
// checks that the rejected rows are exactly the planted ones, by row number.
// Prints numbers; asserts only that the rejections are right.
import { parseArgs } from 'node:util';
import { provisionTenant } from '../server/src/crm/index.ts';
import { applyMigrations, type Database } from '../server/src/db/index.ts';
import { log, openBenchDatabase, startBenchApi, type BenchApi } from './kit.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '10000' },
    postgres: { type: 'string' },
    'pglite-only': { type: 'boolean', default: false },
  },
});
const ROWS = Number(values.rows);
const BAD_SHARE = 0.03;
const EXISTING_CONTACTS = 500;
const EXISTING_COMPANIES = 200;

/** A small deterministic generator, so every run imports the same file. */
function prng(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const BAD_KINDS = [
  'INVALID_EMAIL',
  'MISSING_NAME',
  'DUPLICATE_IN_FILE',
  'UNKNOWN_OWNER',
  'INVALID_DOMAIN',
  'VALUE_TOO_LONG',
];

/** The file, and the row number (header = 1) and expected code of each planted bad row. */
function generateFile(rows: number) {
  const random = prng(42);
  const badCount = Math.round(rows * BAD_SHARE);
  const badIndexes = new Set<number>();
  // Never the first data row: a duplicate needs an earlier good row to repeat.
  while (badIndexes.size < badCount) badIndexes.add(1 + Math.floor(random() * (rows - 1)));
  const lines = ['Name,Email,Title,Phone,Company,Company domain,Owner email,Tags'];
  const planted = new Map<number, string>();
  let kind = 0;
  let lastGoodEmail = '';
  for (let i = 0; i < rows; i++) {
    const email = `person${i}@customer${i % 997}.example`;
    const domainIndex = i % 300;
    const company = `"Company ${domainIndex}, Ltd"`;
    const domain = `company${domainIndex}.example`;
    const owner = `user${i % 3}@bench.example`;
    const good = [`Person ${i}`, email, 'Buyer', `+46 8 ${100000 + i}`, company, domain, owner, '"lead; 2026"'];
    let cells = good;
    if (badIndexes.has(i)) {
      const code = BAD_KINDS[kind++ % BAD_KINDS.length]!;
      planted.set(i + 2, code);
      if (code === 'INVALID_EMAIL') cells = [good[0]!, `person${i}(at)customer.example`, ...good.slice(2)];
      if (code === 'MISSING_NAME') cells = ['', `noname${i}@customer.example`, ...good.slice(2)];
      if (code === 'DUPLICATE_IN_FILE') cells = [good[0]!, lastGoodEmail, ...good.slice(2)];
      if (code === 'UNKNOWN_OWNER') cells = [...good.slice(0, 6), `nobody${i}@elsewhere.example`, good[7]!];
      if (code === 'INVALID_DOMAIN') cells = [...good.slice(0, 5), 'not a domain', ...good.slice(6)];
      if (code === 'VALUE_TOO_LONG') cells = [good[0]!, good[1]!, 'x'.repeat(201), ...good.slice(3)];
    } else {
      lastGoodEmail = email;
    }
    lines.push(cells.join(','));
  }
  return { csv: `${lines.join('\r\n')}\r\n`, planted };
}

async function seed(db: Database) {
  const tenant = await provisionTenant(db.system, { slug: 'bench', name: 'Bench', domains: ['bench.example'] });
  const users = await Promise.all(
    [0, 1, 2].map((i) =>
      db.system.user.create({
        data: { tenantId: tenant.id, email: `user${i}@bench.example`, displayName: `User ${i}`, role: 'admin' },
      }),
    ),
  );
  for (let i = 0; i < EXISTING_COMPANIES; i++) {
    await db.system.company.create({
      data: {
        tenantId: tenant.id,
        name: `Company ${i}, Ltd`,
        ownerId: users[0]!.id,
        domains: { create: { domain: `company${i}.example` } },
      },
    });
  }
  // Contacts the file updates: every 20th row's address.
  for (let i = 0; i < EXISTING_CONTACTS; i++) {
    const row = i * 20;
    await db.system.contact.create({
      data: {
        tenantId: tenant.id,
        name: `Old ${row}`,
        ownerId: users[0]!.id,
        emails: {
          create: { email: `person${row}@customer${row % 997}.example`, isPrimary: true },
        },
      },
    });
  }
  return tenant;
}

type Result = {
  created: number;
  updated: number;
  rejected: number;
  companiesCreated: number;
  rejectedRows: { row: number; code: string }[];
  report: { csv: string } | null;
};

async function run(kind: 'pglite' | 'postgres', file: ReturnType<typeof generateFile>, baseUrl?: string) {
  const bench = await openBenchDatabase({ postgres: kind === 'postgres' ? baseUrl : undefined });
  const { db } = bench;
  let api: BenchApi | undefined;
  try {
    await applyMigrations(db.adapter);
    log(`${kind}: seeding ${EXISTING_COMPANIES} companies and ${EXISTING_CONTACTS} contacts`);
    await seed(db);
    api = await startBenchApi(db.system, { email: 'user0@bench.example', logLevel: process.env.BENCH_LOG_LEVEL });
    const { token } = api;
    const base = `${api.url}/api/v1`;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'text/csv' };

    const timed = async (what: string, call: () => Promise<Response>) => {
      const started = performance.now();
      const res = await call();
      const text = await res.text();
      const ms = performance.now() - started;
      if (res.status !== 200) throw new Error(`${what}: ${res.status} ${text.slice(0, 500)}`);
      return { ms, text };
    };
    const json = async (what: string, call: () => Promise<Response>) => {
      const { ms, text } = await timed(what, call);
      return { ms, body: JSON.parse(text) as Result & { rowCount: number } };
    };
    const post = (path: string) => () => fetch(base + path, { method: 'POST', headers, body: file.csv });

    const preview = await json('preview', post('/imports/contacts/preview'));
    const dry = await json('dry run', post('/imports/contacts?dryRun=true'));
    const real = await json('import', post('/imports/contacts'));
    const again = await json('second import', post('/imports/contacts'));
    const exported = await timed('export', () =>
      fetch(`${base}/exports/contacts.csv`, { headers: { authorization: `Bearer ${token}` } }),
    );

    // The rejections are exactly the planted rows, with the planted reasons, in the dry run and the import.
    for (const [label, result] of [
      ['dry run', dry.body],
      ['import', real.body],
    ] as const) {
      const seen = new Map(result.rejectedRows.map((r) => [r.row, r.code]));
      const wrong = [...file.planted].filter(([row, code]) => seen.get(row) !== code);
      const extra = [...seen.keys()].filter((row) => !file.planted.has(row));
      if (result.rejected !== file.planted.size || wrong.length || extra.length) {
        throw new Error(
          `${kind} ${label}: ${result.rejected} rejected, ${file.planted.size} planted; ` +
            `missed ${JSON.stringify(wrong.slice(0, 5))}, unexpected ${JSON.stringify(extra.slice(0, 5))}`,
        );
      }
    }
    const contacts = await db.system.contact.count();
    const exportedRows = exported.text.split('\r\n').length - 2;
    return {
      database: kind,
      rows: preview.body.rowCount,
      planted: file.planted.size,
      rejected: real.body.rejected,
      created: real.body.created,
      updated: real.body.updated,
      'companies created': real.body.companiesCreated,
      'preview ms': Math.round(preview.ms),
      'dry run ms': Math.round(dry.ms),
      'import ms': Math.round(real.ms),
      're-import ms (all updates)': Math.round(again.ms),
      [`export ms (${exportedRows} rows)`]: Math.round(exported.ms),
      'contacts after': contacts,
    };
  } finally {
    await api?.close();
    await bench.close();
  }
}

const file = generateFile(ROWS);
log(`File: ${ROWS} rows, ${(file.csv.length / 1024 / 1024).toFixed(2)} MB, ${file.planted.size} planted bad rows`);
const results = [await run('pglite', file)];
if (!values['pglite-only']) {
  const url = values.postgres ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  results.push(await run('postgres', file, url));
}
console.table(results);
