// The only place that constructs a Prisma client. With a DATABASE_URL it talks to
// PostgreSQL through @prisma/adapter-pg; without one it runs PostgreSQL in process
// (PGlite) with its files in DATA_DIR/pglite.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from './generated/client.ts';

export type Db = PrismaClient;

export type Database = {
  prisma: Db;
  /** The embedded database itself (tests dump it as a template). */
  pglite?: PGlite;
  /** The adapter factory, for the schema engine (migrations). */
  adapter: SqlMigrationAwareDriverAdapterFactory;
  kind: 'pglite' | 'postgres';
  /** Runs task while holding a lock that other server processes on the same database wait for. */
  exclusive<T>(name: string, task: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export type DatabaseOptions =
  | { databaseUrl: string; poolSize?: number }
  | {
      /** null: in memory, gone when closed. */
      dataDir: string | null;
      /** Start an in-memory database from a dump (PGlite's dumpDataDir), e.g. a migrated template. */
      snapshot?: Blob;
    };

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if ('databaseUrl' in options) {
    const adapter = new PrismaPg(
      { connectionString: options.databaseUrl, max: options.poolSize ?? 10 },
      { statementNameGenerator: createStatementNamer() },
    );
    const prisma = new PrismaClient({ adapter });
    return {
      prisma,
      adapter,
      kind: 'postgres',
      exclusive: (name, task) => withAdvisoryLock(options.databaseUrl, name, task),
      close: () => prisma.$disconnect(),
    };
  }
  let pglite: PGlite;
  if (options.dataDir === null) {
    pglite = new PGlite(options.snapshot ? { loadDataDir: options.snapshot } : {});
  } else {
    const dir = path.join(options.dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
    pglite = new PGlite(dir);
  }
  await pglite.waitReady;
  const adapter = new PrismaPGlite(pglite);
  const prisma = new PrismaClient({ adapter });
  return {
    prisma,
    adapter,
    kind: 'pglite',
    pglite,
    // One process owns an embedded database: nothing to wait for.
    exclusive: (_name, task) => task(),
    async close() {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

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
 * get a name; later ones run unnamed, as before.
 */
function createStatementNamer() {
  const named = new Map<string, string>();
  return ((query: { sql: string }) => {
    let name = named.get(query.sql);
    if (name === undefined && named.size < MAX_PREPARED_STATEMENTS) {
      name = `crm_${createHash('sha1').update(query.sql).digest('base64url')}`;
      named.set(query.sql, name);
    }
    return name;
  }) as (query: { sql: string }) => string;
}
