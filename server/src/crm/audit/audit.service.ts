// The audit log: who changed settings, logged or unlogged what, deleted what, and
// the consent events. An event is written in the transaction of the change it
// records, so neither exists without the other. Summaries and details name records
// (a deal's name, an email's subject) but never hold mail bodies, tokens or secrets.
import { z } from 'zod';
import { stringify } from 'csv-stringify/sync';
import { escapeLike, type Prisma, type ScopedDb, type ScopedTx } from '../../db/index.ts';
import { AppError } from '../../shared/errors.ts';
import type { CrmContext } from '../shared/context.ts';
import { CursorValue, decodeCursor, defineCursor, paginate } from '../shared/schemas.ts';
import type { AuditAction, AuditFilter, AuditQuery } from './audit.schemas.ts';

export type AuditEventInput = {
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  summary: string;
  details?: Record<string, unknown>;
};

export type SystemAuditEventInput = AuditEventInput & {
  /** Who acted, as shown: an address or a name. */
  actorLabel: string;
  /** Their user, when they have one. */
  actorUserId?: string | null;
};

/** The label shown for the mail sync's own actions. */
export const MAIL_SYNC_LABEL = 'mail sync';
const SUMMARY_LENGTH = 500;

/** Who is acting, as the log keeps it: the user and their address, or the mail sync. */
export function auditActor(ctx: CrmContext): { actorUserId: string | null; actorLabel: string } {
  return ctx.actor.kind === 'user'
    ? { actorUserId: ctx.actor.userId, actorLabel: ctx.actor.email }
    : { actorUserId: null, actorLabel: MAIL_SYNC_LABEL };
}

function eventData(event: AuditEventInput) {
  return {
    action: event.action,
    targetType: event.targetType ?? null,
    targetId: event.targetId ?? null,
    summary: event.summary.slice(0, SUMMARY_LENGTH),
    details: (event.details ?? undefined) as Prisma.InputJsonObject | undefined,
  };
}

/** Records what the context's actor did, in the caller's transaction (or on its own). */
export async function recordAudit(db: ScopedDb | ScopedTx, ctx: CrmContext, event: AuditEventInput) {
  await db.auditEvent.create({
    data: { tenantId: ctx.tenantId, at: ctx.clock.now(), ...auditActor(ctx), ...eventData(event) },
  });
}

/** Any client that can write audit events unscoped: the system client or its transaction. */
type AuditWriter = Pick<Prisma.TransactionClient, 'auditEvent'>;

/**
 * Records an event of a tenant without a signed-in user (the consent redirect), on
 * the system client or its transaction (SystemDb or the tx of its $transaction).
 */
export async function recordSystemAudit(
  system: AuditWriter,
  tenantId: string,
  event: SystemAuditEventInput,
  at: Date = new Date(),
) {
  await system.auditEvent.create({
    data: {
      tenantId,
      at,
      actorUserId: event.actorUserId ?? null,
      actorLabel: event.actorLabel,
      ...eventData(event),
    },
  });
}

/** "Deal “Big deal”": a record's name quoted for a summary, cut short. */
export function quoted(name: string | null | undefined, max = 120): string {
  const text = (name ?? '').replace(/\s+/g, ' ').trim();
  return `“${text.length > max ? `${text.slice(0, max - 1)}…` : text}”`;
}

const AuditCursor = defineCursor('audit', z.tuple([CursorValue.instant, CursorValue.id]));

function whereOf(filter: AuditFilter): Prisma.AuditEventWhereInput {
  const and: Prisma.AuditEventWhereInput[] = [];
  if (filter.action) and.push({ action: filter.action });
  if (filter.actorUserId) and.push({ actorUserId: filter.actorUserId });
  if (filter.from) and.push({ at: { gte: filter.from } });
  if (filter.to) and.push({ at: { lt: filter.to } });
  if (filter.q) {
    // Prisma passes `contains` on as a LIKE pattern: escape q so %, _ and \ match themselves.
    const contains = { contains: escapeLike(filter.q), mode: 'insensitive' as const };
    and.push({ OR: [{ summary: contains }, { actorLabel: contains }, { targetId: filter.q }] });
  }
  return { AND: and };
}

type AuditRow = Prisma.AuditEventGetPayload<object>;

function toAuditResponse(row: AuditRow) {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actor: { userId: row.actorUserId, label: row.actorLabel },
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    summary: row.summary,
    details: (row.details as Record<string, unknown> | null) ?? null,
  };
}

const NEWEST_FIRST = [{ at: 'desc' as const }, { id: 'desc' as const }];

/** The tenant's events, newest first, filtered, in pages. */
export async function listAudit(ctx: CrmContext, query: AuditQuery) {
  const after = decodeCursor(query.cursor, AuditCursor);
  const where = whereOf(query);
  if (after) {
    where.AND = [
      ...(where.AND as Prisma.AuditEventWhereInput[]),
      { OR: [{ at: { lt: after[0] } }, { at: after[0], id: { lt: after[1] } }] },
    ];
  }
  const rows = await ctx.db.auditEvent.findMany({ where, orderBy: NEWEST_FIRST, take: query.limit + 1 });
  const page = paginate(rows, query.limit, AuditCursor, (e) => [e.at.toISOString(), e.id]);
  return { items: page.items.map(toAuditResponse), nextCursor: page.nextCursor };
}

/** The most events one export holds: beyond it, the admin narrows the filters. */
export const MAX_EXPORT_EVENTS = 50_000;

export const CSV_COLUMNS = ['at', 'actor', 'action', 'target type', 'target id', 'summary'] as const;

/**
 * The filtered events as CSV (newest first) and its file name. Cells that a
 * spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
 * return) are prefixed with a quote by csv-stringify's escape_formulas; the BOM
 * makes Excel read the UTF-8 (Georgian, Persian, Tamil names) as UTF-8.
 */
export async function exportAudit(ctx: CrmContext, filter: AuditFilter) {
  const where = whereOf(filter);
  const count = await ctx.db.auditEvent.count({ where });
  if (count > MAX_EXPORT_EVENTS) {
    throw new AppError(
      'EXPORT_TOO_LARGE',
      400,
      `${count} events match; an export holds at most ${MAX_EXPORT_EVENTS}: choose a shorter period`,
      { fields: [{ path: 'query.from', message: `more than ${MAX_EXPORT_EVENTS} events match` }] },
    );
  }
  const [rows, tenant] = await Promise.all([
    ctx.db.auditEvent.findMany({ where, orderBy: NEWEST_FIRST, take: MAX_EXPORT_EVENTS }),
    ctx.db.tenant.findFirstOrThrow({ where: {}, select: { slug: true } }),
  ]);
  const csv = stringify(
    rows.map((e) => [e.at.toISOString(), e.actorLabel, e.action, e.targetType ?? '', e.targetId ?? '', e.summary]),
    {
      header: true,
      columns: [...CSV_COLUMNS],
      bom: true,
      escape_formulas: true,
      record_delimiter: 'windows',
      // A line break of any kind inside a cell (a lone CR too) is quoted, so no cell splits a row.
      quote_record_delimiter: true,
    },
  );
  const date = ctx.clock.now().toISOString().slice(0, 10);
  return { filename: `audit-${tenant.slug}-${date}.csv`, csv };
}
