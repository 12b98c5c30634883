// The dashboard's figures, each one SQL statement that builds its JSON itself
// (json_build_object, json_agg), like the lookup card (lookup.repository.ts).
//
// Raw SQL is not tenant-scoped by the client extension (db/tenant-scope.ts): every
// table of every statement is given the scoped client's tenant id explicitly, and
// every join also matches on tenantId. All input is bound as parameters.
//
// Deal counts and sums come from one GROUP BY GROUPING SETS (CTE `groups`): the
// finest grouping and the coarser ones the figure shows, told apart by GROUPING()
// (`kind`), so PostgreSQL computes every total and no total is added up again from
// its parts.
import type { z } from 'zod';
import { Prisma, type ScopedDb } from '../../db/index.ts';
import {
  STALE_CONTACT_ROWS,
  type EmailActivityResponse,
  type OutcomesResponse,
  type PipelineFigureResponse,
  type StaleContactsResponse,
} from './dashboard.schemas.ts';

/** An instant as Date.toISOString() writes it (timestamptz(3): milliseconds are exact), whatever the session's time zone. */
const iso = (column: string) => Prisma.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/** A user reference (UserRef) from a LEFT JOINed "User" row, or null. */
const userRef = (alias: string) =>
  Prisma.raw(
    `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_build_object('id', ${alias}.id, 'displayName', ${alias}."displayName", 'email', ${alias}.email) END`,
  );

/** People by name, then rows without a person (NULL) last; ids break ties. */
const byPerson = (alias: string, id: string) => Prisma.raw(`${alias}."displayName", ${id} NULLS LAST`);

/** A DealFigure ({count, value per currency}) of the `groups` rows matching `where`. */
const dealFigure = (where: Prisma.Sql) => Prisma.sql`json_build_object(
    'count', COALESCE((SELECT sum(g.n) FROM groups g WHERE ${where}), 0)::int,
    'value', COALESCE((SELECT json_agg(json_build_object('currency', g.currency, 'amount', g.amount::text) ORDER BY g.currency)
                       FROM groups g WHERE ${where}), '[]'))`;

/** The JSON the statement built (its own shape: dashboard.test.ts checks it against the response schemas). */
function figureOf(rows: { figure: string }[]): unknown {
  const row = rows[0];
  if (!row) throw new Error('a dashboard query returned no row');
  return JSON.parse(row.figure);
}

export type Period = { from: Date; to: Date };

/**
 * What the deal figures bind: the tenant, the pipeline and owner asked for (NULL: any),
 * and how a `groups` row (g) matches an owner row (o): deals without an owner match the
 * row of no owner (IS NOT DISTINCT FROM: NULL equals NULL).
 */
function dealParameters(tenantId: string, filter: { pipelineId?: string; ownerId?: string }) {
  return {
    t: Prisma.sql`${tenantId}::uuid`,
    pipelineId: Prisma.sql`${filter.pipelineId ?? null}::uuid`,
    ownerId: Prisma.sql`${filter.ownerId ?? null}::uuid`,
    sameOwner: Prisma.raw('g."ownerId" IS NOT DISTINCT FROM o."ownerId"'),
  };
}

/**
 * Open deals of a pipeline (the given one, else the tenant's default), counted and
 * summed per currency: in total, per stage, per stage and owner, and per owner.
 * Null when the pipeline is not the tenant's.
 */
export function pipelineFigureStatement(
  tenantId: string,
  filter: { pipelineId?: string; ownerId?: string },
): Prisma.Sql {
  const { t, pipelineId, ownerId, sameOwner } = dealParameters(tenantId, filter);
  return Prisma.sql`
    WITH
    pipeline AS (
      SELECT p.id, p.name FROM "Pipeline" p
      WHERE p."tenantId" = ${t} AND CASE WHEN ${pipelineId} IS NULL THEN p."isDefault" ELSE p.id = ${pipelineId} END
      ORDER BY p."createdAt", p.id LIMIT 1
    ),
    groups AS (
      -- kind 0: per stage and owner; 1: per stage; 2: per owner; 3: the pipeline. Each per currency.
      SELECT d."stageId", d."ownerId", d.currency, GROUPING(d."stageId", d."ownerId") AS kind,
             count(*) AS n, sum(d.value) AS amount
      FROM "Deal" d
      WHERE d."tenantId" = ${t} AND d."pipelineId" = (SELECT id FROM pipeline) AND d.status = 'open'
        AND (${ownerId} IS NULL OR d."ownerId" = ${ownerId})
      GROUP BY GROUPING SETS ((d."stageId", d."ownerId", d.currency), (d."stageId", d.currency),
                              (d."ownerId", d.currency), (d.currency))
    )
    SELECT json_build_object(
      'pipeline', (SELECT json_build_object('id', p.id, 'name', p.name) FROM pipeline p),
      'total', ${dealFigure(Prisma.sql`g.kind = 3`)},
      'stages', COALESCE((
        SELECT json_agg(json_build_object(
          'stage', json_build_object('id', s.id, 'name', s.name, 'position', s.position, 'probability', s.probability),
          'figure', ${dealFigure(Prisma.sql`g.kind = 1 AND g."stageId" = s.id`)},
          'owners', COALESCE((
            SELECT json_agg(json_build_object(
              'owner', ${userRef('u')},
              'figure', ${dealFigure(Prisma.sql`g.kind = 0 AND g."stageId" = s.id AND ${sameOwner}`)})
              ORDER BY ${byPerson('u', 'o."ownerId"')})
            FROM (SELECT DISTINCT g."ownerId" FROM groups g WHERE g.kind = 0 AND g."stageId" = s.id) o
            LEFT JOIN "User" u ON u."tenantId" = ${t} AND u.id = o."ownerId"), '[]'))
          ORDER BY s.position, s.id)
        FROM "Stage" s
        WHERE s."tenantId" = ${t} AND s."pipelineId" = (SELECT id FROM pipeline) AND NOT s."isWon" AND NOT s."isLost"
          AND (s."removedAt" IS NULL OR EXISTS (SELECT 1 FROM groups g WHERE g.kind = 1 AND g."stageId" = s.id))), '[]'),
      'owners', COALESCE((
        SELECT json_agg(json_build_object(
          'owner', ${userRef('u')},
          'figure', ${dealFigure(Prisma.sql`g.kind = 2 AND ${sameOwner}`)})
          ORDER BY ${byPerson('u', 'o."ownerId"')})
        FROM (SELECT DISTINCT g."ownerId" FROM groups g WHERE g.kind = 2) o
        LEFT JOIN "User" u ON u."tenantId" = ${t} AND u.id = o."ownerId"), '[]')
    )::text AS figure`;
}

export async function readPipelineFigure(
  db: ScopedDb,
  filter: { pipelineId?: string; ownerId?: string },
): Promise<z.input<typeof PipelineFigureResponse> | null> {
  const rows = await db.$queryRaw<{ figure: string }[]>(pipelineFigureStatement(db.tenantId, filter));
  type Figure = { count: number; value: { currency: string; amount: string }[] };
  type Owner = { owner: { id: string; displayName: string; email: string } | null; figure: Figure };
  const built = figureOf(rows) as {
    pipeline: { id: string; name: string } | null;
    total: Figure;
    stages: {
      stage: z.input<typeof PipelineFigureResponse>['stages'][number]['stage'];
      figure: Figure;
      owners: Owner[];
    }[];
    owners: Owner[];
  };
  if (!built.pipeline) return null;
  const flat = ({ owner, figure }: Owner) => ({ owner, ...figure });
  return {
    pipeline: built.pipeline,
    total: built.total,
    stages: built.stages.map((s) => ({ stage: s.stage, ...s.figure, owners: s.owners.map(flat) })),
    owners: built.owners.map(flat),
  };
}

/**
 * Deals won and lost in the period, by when they were closed (Deal.closedAt, set
 * when a deal enters a won or lost stage and cleared when it is reopened), counted
 * and summed per currency, in total and per owner.
 */
export function outcomesStatement(
  tenantId: string,
  period: Period,
  filter: { pipelineId?: string; ownerId?: string },
): Prisma.Sql {
  const { t, pipelineId, ownerId, sameOwner } = dealParameters(tenantId, filter);
  return Prisma.sql`
    WITH groups AS (
      -- kind 0: per owner; 1: in total. Each per status (won, lost) and currency.
      SELECT d."ownerId", d.status::text AS status, d.currency, GROUPING(d."ownerId") AS kind,
             count(*) AS n, sum(d.value) AS amount
      FROM "Deal" d
      WHERE d."tenantId" = ${t} AND d.status IN ('won', 'lost')
        AND d."closedAt" >= ${period.from.toISOString()}::timestamptz AND d."closedAt" < ${period.to.toISOString()}::timestamptz
        AND (${pipelineId} IS NULL OR d."pipelineId" = ${pipelineId})
        AND (${ownerId} IS NULL OR d."ownerId" = ${ownerId})
      GROUP BY GROUPING SETS ((d."ownerId", d.status, d.currency), (d.status, d.currency))
    )
    SELECT json_build_object(
      'won', ${dealFigure(Prisma.sql`g.kind = 1 AND g.status = 'won'`)},
      'lost', ${dealFigure(Prisma.sql`g.kind = 1 AND g.status = 'lost'`)},
      'owners', COALESCE((
        SELECT json_agg(json_build_object(
          'owner', ${userRef('u')},
          'won', ${dealFigure(Prisma.sql`g.kind = 0 AND g.status = 'won' AND ${sameOwner}`)},
          'lost', ${dealFigure(Prisma.sql`g.kind = 0 AND g.status = 'lost' AND ${sameOwner}`)})
          ORDER BY ${byPerson('u', 'o."ownerId"')})
        FROM (SELECT DISTINCT g."ownerId" FROM groups g WHERE g.kind = 0) o
        LEFT JOIN "User" u ON u."tenantId" = ${t} AND u.id = o."ownerId"), '[]')
    )::text AS figure`;
}

export async function readOutcomes(
  db: ScopedDb,
  period: Period,
  filter: { pipelineId?: string; ownerId?: string },
): Promise<Omit<z.input<typeof OutcomesResponse>, 'period'>> {
  const rows = await db.$queryRaw<{ figure: string }[]>(outcomesStatement(db.tenantId, period, filter));
  return figureOf(rows) as Omit<z.input<typeof OutcomesResponse>, 'period'>;
}

/**
 * Emails on the timeline that were sent or received in the period, per salesperson:
 * logged from the add-in (manual: who logged it, loggedById) or captured by the sync
 * (the user whose mailbox it was captured from, capturedById). Each email counts once.
 * An index-only scan of the period's emails (TimelineItem_email_activity_idx).
 */
export function emailActivityStatement(tenantId: string, period: Period): Prisma.Sql {
  const t = Prisma.sql`${tenantId}::uuid`;
  return Prisma.sql`
    WITH groups AS (
      SELECT CASE WHEN i."loggedVia" = 'sync' THEN i."capturedById" ELSE i."loggedById" END AS "userId",
             count(*) FILTER (WHERE i."loggedVia" IS DISTINCT FROM 'sync') AS manual,
             count(*) FILTER (WHERE i."loggedVia" = 'sync') AS sync
      FROM "TimelineItem" i
      WHERE i."tenantId" = ${t} AND i.kind = 'email'
        AND i."occurredAt" >= ${period.from.toISOString()}::timestamptz AND i."occurredAt" < ${period.to.toISOString()}::timestamptz
      GROUP BY 1
    )
    SELECT json_build_object(
      'total', json_build_object(
        'manual', COALESCE((SELECT sum(g.manual) FROM groups g), 0)::int,
        'sync', COALESCE((SELECT sum(g.sync) FROM groups g), 0)::int),
      'users', COALESCE((
        SELECT json_agg(json_build_object('user', ${userRef('u')}, 'manual', g.manual, 'sync', g.sync)
                        ORDER BY ${byPerson('u', 'g."userId"')})
        FROM groups g LEFT JOIN "User" u ON u."tenantId" = ${t} AND u.id = g."userId"), '[]')
    )::text AS figure`;
}

export async function readEmailActivity(
  db: ScopedDb,
  period: Period,
): Promise<Omit<z.input<typeof EmailActivityResponse>, 'period'>> {
  const rows = await db.$queryRaw<{ figure: string }[]>(emailActivityStatement(db.tenantId, period));
  return figureOf(rows) as Omit<z.input<typeof EmailActivityResponse>, 'period'>;
}

/**
 * Contacts without contact since the cutoff (last contacted at or before it, or
 * never): how many, per owner, and the first rows, never contacted first, then the
 * longest without contact.
 */
export function staleContactsStatement(tenantId: string, cutoff: Date, filter: { ownerId?: string }): Prisma.Sql {
  const t = Prisma.sql`${tenantId}::uuid`;
  const ownerId = Prisma.sql`${filter.ownerId ?? null}::uuid`;
  const stale = Prisma.sql`c."tenantId" = ${t}
    AND (c."lastContactedAt" IS NULL OR c."lastContactedAt" <= ${cutoff.toISOString()}::timestamptz)
    AND (${ownerId} IS NULL OR c."ownerId" = ${ownerId})`;
  return Prisma.sql`
    WITH owners AS (
      SELECT c."ownerId", count(*) AS n FROM "Contact" c WHERE ${stale} GROUP BY c."ownerId"
    )
    SELECT json_build_object(
      'total', COALESCE((SELECT sum(o.n) FROM owners o), 0)::int,
      'owners', COALESCE((
        SELECT json_agg(json_build_object('owner', ${userRef('u')}, 'count', o.n) ORDER BY ${byPerson('u', 'o."ownerId"')})
        FROM owners o LEFT JOIN "User" u ON u."tenantId" = ${t} AND u.id = o."ownerId"), '[]'),
      'contacts', COALESCE((
        SELECT json_agg(json_build_object(
          'id', c.id, 'name', c.name,
          'owner', ${userRef('u')},
          'company', CASE WHEN co.id IS NULL THEN NULL ELSE json_build_object('id', co.id, 'name', co.name) END,
          'lastContactedAt', ${iso('c."lastContactedAt"')})
          ORDER BY c."lastContactedAt" NULLS FIRST, c.id)
        FROM (SELECT c.id, c.name, c."ownerId", c."companyId", c."lastContactedAt" FROM "Contact" c WHERE ${stale}
              ORDER BY c."lastContactedAt" NULLS FIRST, c.id LIMIT ${STALE_CONTACT_ROWS}::int) c
        LEFT JOIN "User" u ON u."tenantId" = ${t} AND u.id = c."ownerId"
        LEFT JOIN "Company" co ON co."tenantId" = ${t} AND co.id = c."companyId"), '[]')
    )::text AS figure`;
}

export async function readStaleContacts(
  db: ScopedDb,
  cutoff: Date,
  filter: { ownerId?: string },
): Promise<Pick<z.input<typeof StaleContactsResponse>, 'total' | 'owners' | 'contacts'>> {
  const rows = await db.$queryRaw<{ figure: string }[]>(staleContactsStatement(db.tenantId, cutoff, filter));
  return figureOf(rows) as Pick<z.input<typeof StaleContactsResponse>, 'total' | 'owners' | 'contacts'>;
}
