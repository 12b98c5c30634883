import { describe, expect, it } from 'vitest';
import { diffMigrationsToSchema, openDatabase } from '../../src/db/index.ts';

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
});
