// The deals board's two reads in raw SQL: the count and total value of every column
// in one aggregate statement, and the first page of every column in one statement
// (a LATERAL page per stage, which walks the (tenantId, stageId, updatedAt, id)
// index and stops after a page). Prisma can do neither in one round trip: its
// groupBy cannot limit per group, and one findMany per stage is a query per column.
//
// Raw SQL is not tenant-scoped by the client extension (db/tenant-scope.ts): every
// table is given the scoped client's tenant id explicitly, and every join also
// matches on tenantId. All input is bound as parameters.
import { Prisma, type DealStatus, type ScopedDb } from '../../db/index.ts';

export type BoardFilter = {
  pipelineId: string;
  /** undefined: every owner; null: no user (a sync's `me`), which owns nothing. */
  ownerId?: string | null;
  /** undefined: every status. */
  status?: DealStatus;
};

export type ColumnTotal = { stageId: string; currency: string; count: number; amount: string };

/** The deal conditions of a filter, on the alias `d` (the tenant's condition included). */
function dealConditions(db: ScopedDb, filter: BoardFilter): Prisma.Sql {
  const parts = [
    Prisma.sql`d."tenantId" = ${db.tenantId}::uuid`,
    Prisma.sql`d."pipelineId" = ${filter.pipelineId}::uuid`,
  ];
  if (filter.ownerId === null) parts.push(Prisma.sql`FALSE`);
  else if (filter.ownerId !== undefined) parts.push(Prisma.sql`d."ownerId" = ${filter.ownerId}::uuid`);
  if (filter.status) parts.push(Prisma.sql`d.status = ${filter.status}::"DealStatus"`);
  return Prisma.join(parts, ' AND ');
}

/**
 * Per stage and currency, how many deals of the filter and their total value: one
 * statement. A stage with no deal has no row; the caller fills in zeros.
 */
export async function readColumnTotals(db: ScopedDb, filter: BoardFilter): Promise<ColumnTotal[]> {
  const rows = await db.$queryRaw<{ stageId: string; currency: string; count: number; amount: string }[]>`
    SELECT d."stageId"::text AS "stageId", d.currency, count(*)::int AS count, sum(d.value)::text AS amount
    FROM "Deal" d
    WHERE ${dealConditions(db, filter)}
    GROUP BY d."stageId", d.currency
    ORDER BY d."stageId", sum(d.value) DESC, d.currency`;
  return rows;
}

/**
 * The ids of the first `take` deals of each of the stages (most recently changed
 * first), with the sort key of each: one statement.
 */
export async function readColumnPages(
  db: ScopedDb,
  filter: BoardFilter,
  stageIds: string[],
  take: number,
): Promise<{ stageId: string; id: string }[]> {
  if (stageIds.length === 0) return [];
  return db.$queryRaw<{ stageId: string; id: string }[]>`
    SELECT s.id::text AS "stageId", page.id::text AS id
    FROM unnest(${stageIds}::uuid[]) AS s(id)
    CROSS JOIN LATERAL (
      SELECT d.id FROM "Deal" d
      WHERE ${dealConditions(db, filter)} AND d."stageId" = s.id
      ORDER BY d."updatedAt" DESC, d.id DESC
      LIMIT ${take}
    ) page`;
}
