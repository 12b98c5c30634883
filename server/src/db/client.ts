// The only place that constructs a Prisma client. With a DATABASE_URL it talks to
// PostgreSQL through @prisma/adapter-pg; without one it runs PostgreSQL in process
// (PGlite) with its files in DATA_DIR/pglite.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from './generated/client.ts';
import { observeStatements, type StatementObserver } from './statement-observer.ts';

/** Marks a statement that must be planned with its actual parameters every time (see createStatementNamer). */
export const CUSTOM_PLAN = '/* custom plan */';

/**
 * The unscoped client: system access, across every tenant. Use it only where no
 * tenant scope can exist yet (resolving a token's tenant, provisioning, migrations,
 * the seed); everything done for a tenant goes through its scoped client
 * (tenant-scope.ts).
 */
export type SystemDb = PrismaClient;

export type Database = {
  /** System access across tenants: see SystemDb. */
  system: SystemDb;
  /** The embedded database itself (tests dump it as a template; the job queue runs on it in process). */
  pglite?: PGlite;
  /** PostgreSQL's connection string, for the job queue's own pool (server/src/queue/). */
  databaseUrl?: string;
  /** The adapter factory, for the schema engine (migrations). */
  adapter: SqlMigrationAwareDriverAdapterFactory;
  kind: 'pglite' | 'postgres';
  /** Runs task while holding a lock that other server processes on the same database wait for. */
  exclusive<T>(name: string, task: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

/**
 * Connections to PostgreSQL per process unless configured (DATABASE_POOL_SIZE): twice
 * the cores. More mostly queue up in PostgreSQL: on two cores (issue 10) 16 connections
 * made PostgreSQL spend twice the CPU per lookup and preempt Node. The sweep
 * (npm run bench:lookup -- --pool 2,4,8,16, PostgreSQL on the same two cores): on a
 * busy machine 4 served up to 2.7× the lookups per second of 8 or 16; on a quiet one
 * 8 served about 7% more than 4. Twice the cores is the choice that never collapses.
 */
export function defaultPoolSize(cores = os.availableParallelism()): number {
  return Math.max(2, 2 * cores);
}

/**
 * Prisma's errors without the caller's source excerpt: 'pretty' and 'colorless'
 * capture a stack (new Error()) on every operation to print it, a cost on every
 * query for the rare error, whose message we log without it anyway.
 */
const ERROR_FORMAT = 'minimal';

export type DatabaseOptions = (
  | {
      databaseUrl: string;
      /** Default: defaultPoolSize(). */
      poolSize?: number;
    }
  | {
      /** null: in memory, gone when closed. */
      dataDir: string | null;
      /** Start an in-memory database from a dump (PGlite's dumpDataDir), e.g. a migrated template. */
      snapshot?: Blob;
    }
) & {
  /** Called with every SQL statement Prisma sends (tests count them). */
  onStatement?: StatementObserver;
};

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if ('databaseUrl' in options) {
    const adapter = new PrismaPg(
      { connectionString: options.databaseUrl, max: options.poolSize ?? defaultPoolSize() },
      { statementNameGenerator: createStatementNamer() },
    );
    const system = new PrismaClient({ adapter: observe(adapter, options.onStatement), errorFormat: ERROR_FORMAT });
    return {
      system,
      adapter,
      kind: 'postgres',
      databaseUrl: options.databaseUrl,
      exclusive: (name, task) => withAdvisoryLock(options.databaseUrl, name, task),
      close: () => system.$disconnect(),
    };
  }
  let pglite: PGlite;
  let releaseDir = () => {
    // In memory: no data directory was locked.
  };
  // The extensions the migrations create (CREATE EXTENSION in prisma/migrations) must be loadable.
  const extensions: PGliteOptions['extensions'] = { pg_trgm, btree_gin };
  if (options.dataDir === null) {
    pglite = new PGlite({ extensions, ...(options.snapshot ? { loadDataDir: options.snapshot } : {}) });
  } else {
    const dir = path.join(options.dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
    releaseDir = lockDataDir(dir);
    pglite = new PGlite(dir, { extensions });
  }
  await pglite.waitReady;
  const adapter = new PrismaPGlite(pglite);
  // The schema engine replays the migrations on a shadow database to diff them:
  // the adapter's own shadow PGlite lacks the extensions they create.
  adapter.connectToShadowDb = () => new PrismaPGlite(new PGlite({ extensions })).connect();
  const system = new PrismaClient({ adapter: observe(adapter, options.onStatement), errorFormat: ERROR_FORMAT });
  return {
    system,
    adapter,
    kind: 'pglite',
    pglite,
    // One process owns an embedded database: nothing to wait for.
    exclusive: (_name, task) => task(),
    async close() {
      await system.$disconnect();
      await pglite.close();
      releaseDir();
    },
  };
}

const observe = <F extends SqlMigrationAwareDriverAdapterFactory>(adapter: F, onStatement?: StatementObserver) =>
  onStatement ? observeStatements(adapter, onStatement) : adapter;

/**
 * A session-level PostgreSQL advisory lock on its own connection, waited for
 * without a time limit (the schema engine's own lock gives up after 10 s, too
 * soon when several processes start together on a busy machine).
 */
async function withAdvisoryLock<T>(connectionString: string, name: string, task: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`crm-for-outlook:${name}`]);
    return await task();
  } finally {
    await client.end(); // ending the session releases the lock
  }
}

/** At most this many distinct statements are prepared on each connection. */
const MAX_PREPARED_STATEMENTS = 1000;

/**
 * Names statements so that node-postgres prepares each once per connection and
 * PostgreSQL can skip planning on later runs: on a slow machine planning the
 * lookup's queries cost more than running them. Prisma's SQL varies with the
 * length of IN lists, so only the first MAX_PREPARED_STATEMENTS distinct texts
 * get a name; later ones run unnamed, as before. Statements marked CUSTOM_PLAN
 * (db/search.ts) always run unnamed: PostgreSQL plans an unnamed statement with
 * its actual parameters on every run.
 */
function createStatementNamer() {
  const named = new Map<string, string>();
  return ((query: { sql: string }) => {
    // A named statement may switch to a generic plan after five runs, one plan
    // for every parameter value: a search needs the plan that fits its pattern.
    if (query.sql.includes(CUSTOM_PLAN)) return undefined;
    let name = named.get(query.sql);
    if (name === undefined && named.size < MAX_PREPARED_STATEMENTS) {
      name = `crm_${createHash('sha1').update(query.sql).digest('base64url')}`;
      named.set(query.sql, name);
    }
    return name;
  }) as (query: { sql: string }) => string;
}

/**
 * PGlite has no server to arbitrate: two processes opening one data directory
 * would corrupt it. A lock file with the owner's pid keeps a second `npm start`
 * (or `npm run db:migrate` while the server runs) out; a stale one is taken over.
 */
function lockDataDir(dir: string): () => void {
  const file = path.join(dir, '..', 'pglite.lock');
  for (;;) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number(readFileSync(file, 'utf8'));
    if (owner && owner !== process.pid && isAlive(owner)) {
      throw new Error(
        `The embedded database in ${dir} is in use by process ${owner}. Stop it first, or set DATABASE_URL to share a PostgreSQL.`,
      );
    }
    rmSync(file, { force: true }); // left by a process that is gone
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
