// lastContactedAt of many contacts in one statement, each to its own time. Raw SQL
// (Prisma's updateMany sets one value for all rows): the tenant id is passed
// explicitly, as the tenant scope does not rewrite raw queries.
import type { ScopedTx } from './tenant-scope.ts';

/**
 * Moves each contact's lastContactedAt forward to its time, never back (an old
 * email logged late), and touches updatedAt as Prisma's updates do. The rows are
 * locked in id order first, so two batches touching the same contacts wait for
 * each other instead of deadlocking. FOR NO KEY UPDATE, the lock the UPDATE takes
 * anyway: FOR UPDATE would also wait for the key-share locks that the batch's
 * own link inserts (their foreign keys) took on the same contacts in another
 * transaction, and two such batches deadlock (bench/sync.bench.ts found it).
 */
export async function advanceLastContactedAt(
  tx: ScopedTx,
  tenantId: string,
  latest: ReadonlyMap<string, Date>,
  now: Date,
): Promise<number> {
  if (!latest.size) return 0;
  const ids = [...latest.keys()];
  const times = [...latest.values()].map((at) => at.toISOString());
  return tx.$executeRaw`
    WITH given AS (
      SELECT * FROM unnest(${ids}::uuid[], ${times}::timestamptz[]) AS g(id, at)
    ), locked AS (
      SELECT c."id", given.at FROM "Contact" c JOIN given ON given.id = c."id"
      WHERE c."tenantId" = ${tenantId}::uuid AND (c."lastContactedAt" IS NULL OR c."lastContactedAt" < given.at)
      ORDER BY c."id"
      FOR NO KEY UPDATE OF c
    )
    UPDATE "Contact" c SET "lastContactedAt" = locked.at, "updatedAt" = ${now.toISOString()}::timestamptz
    FROM locked
    WHERE c."tenantId" = ${tenantId}::uuid AND c."id" = locked."id"
      AND (c."lastContactedAt" IS NULL OR c."lastContactedAt" < locked.at)`;
}
