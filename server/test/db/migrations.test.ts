import { describe, expect, it } from 'vitest';
import { diffDatabaseToSchema, diffMigrationsToSchema, openDatabase } from '../../src/db/index.ts';
import { openQueue } from '../../src/queue/index.ts';
import { createLogger } from '../../src/shared/log.ts';
import { openTestDatabase } from '../harness.ts';

describe('migrations', () => {
  it('build exactly the schema in prisma/schema.prisma (run npm run db:diff -- --name <name> when this fails)', async () => {
    const db = await openDatabase({ dataDir: null });
    try {
      const drift = await diffMigrationsToSchema(db.adapter);
      expect(drift, `schema.prisma and prisma/migrations disagree; the missing SQL is:\n${drift}`).toBe('');
    } finally {
      await db.close();
    }
  }, 120_000);

  // PGlite only: on PostgreSQL the WASM schema engine cannot read a live database through
  // @prisma/adapter-pg at all, pg-boss or not (measured: "Column type 'char' could not be
  // deserialized" from its catalog queries on a freshly migrated database).
  it.skipIf(process.env.TEST_DB === 'postgres')(
    "leave the job queue's tables alone: with pg-boss's schema beside it the database still matches schema.prisma",
    async () => {
      const db = await openTestDatabase();
      try {
        const queue = openQueue(db, { log: createLogger('silent') });
        await queue.start();
        await queue.stop({ timeoutMs: 1000 });
        const drift = await diffDatabaseToSchema(db.adapter);
        expect(drift, `the database and schema.prisma disagree:\n${drift}`).toBe('');
      } finally {
        await db.close();
      }
    },
    120_000,
  );
});
