// Saved segments: CRUD, and what a list request (its own filters, a segment's,
// its sort and cursor) asks of the database. A segment is seen by its owner, and
// by everyone in the tenant when shared; changed or deleted by its owner or an admin.
import { z } from 'zod';
import {
  escapeLike,
  EMPTY_FILTER,
  LIST_SORTS,
  listPage,
  type ListEntity,
  type ListFilter,
  Prisma,
  type ScopedDb,
  type ScopedTx,
} from '../../db/index.ts';
import { AppError } from '../../shared/errors.ts';
import { quoted, recordAudit } from '../audit/index.ts';
import { actingUserId, isAdmin, requireUser, type CrmContext } from '../shared/context.ts';
import { ownsOrAdmin } from '../shared/permissions.ts';
import { assertCompany, assertUser, referenceNotFound } from '../shared/references.ts';
import { CursorValue, decodeCursor, defineCursor, encodeCursor, USER_REF, type CursorKind } from '../shared/schemas.ts';
import {
  ListOrder,
  ListSort,
  SegmentFilter,
  type CreateSegmentBody,
  type ListFilterQuery,
  type SegmentEntity,
  type TagListQuery,
  type UpdateSegmentBody,
} from './segments.schemas.ts';

const DAY_MS = 86_400_000;
/** A user id no user has: "me" for an actor that is not a user (matches nothing). */
const NOBODY = '00000000-0000-0000-0000-000000000000';

const segmentInclude = { owner: USER_REF } satisfies Prisma.SegmentInclude;
type SegmentRow = Prisma.SegmentGetPayload<{ include: typeof segmentInclude }>;

const segmentNotFound = () => new AppError('SEGMENT_NOT_FOUND', 404, 'Segment not found');

/** A stored filter or sort that no longer parses is the server's fault, not the caller's. */
function parseStored<T extends z.ZodType>(schema: T, value: unknown, row: SegmentRow): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new AppError('SEGMENT_INVALID', 500, `Segment ${row.id} holds a filter this server cannot read`, {
    cause: parsed.error,
  });
}

function toSegmentResponse(ctx: CrmContext, row: SegmentRow) {
  return {
    id: row.id,
    name: row.name,
    entity: row.entity,
    filter: parseStored(SegmentFilter, row.filter, row),
    sort: parseStored(ListSort.nullable(), row.sort, row),
    order: parseStored(ListOrder.nullable(), row.order, row),
    owner: row.owner,
    shared: row.shared,
    editable: ownsOrAdmin(ctx, row.ownerId),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Own and shared segments; admins reach any by id (to tidy up), but list only those. */
function visibleWhere(ctx: CrmContext): Prisma.SegmentWhereInput {
  return { OR: [{ ownerId: actingUserId(ctx) ?? NOBODY }, { shared: true }] };
}

async function findVisible(db: ScopedDb | ScopedTx, ctx: CrmContext, id: string) {
  const row = await db.segment.findFirst({
    where: isAdmin(ctx) ? { id } : { id, ...visibleWhere(ctx) },
    include: segmentInclude,
  });
  if (!row) throw segmentNotFound();
  return row;
}

const TAGGED_TABLES = { contact: Prisma.raw('"Contact"'), company: Prisma.raw('"Company"') };

/**
 * The tenant's tags on contacts or companies, most used first (then by name, byte order
 * on every database), those starting with `q` when it is given, in any case: both sides
 * go through the database's lower(), so JavaScript's and PostgreSQL's case mappings
 * never meet. Raw SQL (unnest): the tenant id is the scoped client's, given explicitly.
 */
export async function listTags(ctx: CrmContext, query: z.infer<typeof TagListQuery>) {
  const prefix = query.q === undefined ? null : `${escapeLike(query.q)}%`;
  const items = await ctx.db.$queryRaw<{ tag: string; count: number }[]>`
    SELECT t.tag, count(*)::int AS count
    FROM ${TAGGED_TABLES[query.entity]} r CROSS JOIN LATERAL unnest(r.tags) AS t(tag)
    WHERE r."tenantId" = ${ctx.db.tenantId}::uuid AND (${prefix}::text IS NULL OR lower(t.tag) LIKE lower(${prefix}::text))
    GROUP BY t.tag
    ORDER BY count(*) DESC, t.tag COLLATE "C"
    LIMIT ${query.limit}::int`;
  return { items };
}

export async function listSegments(ctx: CrmContext, entity: SegmentEntity | undefined) {
  const rows = await ctx.db.segment.findMany({
    where: { AND: [visibleWhere(ctx), entity ? { entity } : {}] },
    include: segmentInclude,
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
  });
  return { items: rows.map((row) => toSegmentResponse(ctx, row)) };
}

export async function getSegment(ctx: CrmContext, id: string) {
  return toSegmentResponse(ctx, await findVisible(ctx.db, ctx, id));
}

/** The filter and sort fit the entity, and every id in the filter names a record of the tenant. */
async function checkView(
  db: ScopedTx,
  entity: SegmentEntity,
  view: { filter?: SegmentFilter; sort?: ListSort | null },
) {
  const { filter, sort } = view;
  if (sort && !LIST_SORTS[entity][sort]) {
    throw new AppError('VALIDATION_FAILED', 400, 'The request is not valid', {
      fields: [{ path: 'sort', message: `a ${entity} list cannot be sorted by ${sort}` }],
    });
  }
  if (!filter) return;
  if (entity === 'company' && filter.companyId) {
    throw new AppError('VALIDATION_FAILED', 400, 'The request is not valid', {
      fields: [{ path: 'filter.companyId', message: 'only contact segments filter by company' }],
    });
  }
  if (filter.owner && filter.owner !== 'me' && filter.owner !== 'none') {
    await assertUser(db, filter.owner, 'filter.owner');
  }
  await assertCompany(db, filter.companyId, 'filter.companyId');
  await assertStage(db, filter.openDealStageId, 'filter.openDealStageId');
}

async function assertStage(db: ScopedDb | ScopedTx, id: string | undefined, path: string) {
  if (id && !(await db.stage.count({ where: { id } }))) throw referenceNotFound('STAGE_NOT_FOUND', 'Stage', path);
}

export async function createSegment(ctx: CrmContext, body: CreateSegmentBody) {
  const user = requireUser(ctx);
  return ctx.db.$transaction(async (tx) => {
    await checkView(tx, body.entity, body);
    const row = await tx.segment.create({
      data: {
        tenantId: ctx.tenantId,
        name: body.name,
        entity: body.entity,
        filter: body.filter,
        sort: body.sort ?? null,
        order: body.order ?? null,
        shared: body.shared,
        ownerId: user.userId,
      },
      include: segmentInclude,
    });
    await recordAudit(tx, ctx, {
      action: 'segment.created',
      targetType: 'segment',
      targetId: row.id,
      summary: `Created ${body.shared ? 'shared ' : ''}segment ${quoted(body.name)}`,
      details: { name: body.name, entity: body.entity, filter: body.filter, shared: body.shared },
    });
    return toSegmentResponse(ctx, row);
  });
}

function assertMayChange(ctx: CrmContext, row: SegmentRow, verb: 'change' | 'delete') {
  if (!ownsOrAdmin(ctx, row.ownerId)) {
    throw new AppError('FORBIDDEN', 403, `Only the segment's owner or an admin may ${verb} this segment`);
  }
}

export async function updateSegment(ctx: CrmContext, id: string, body: UpdateSegmentBody) {
  return ctx.db.$transaction(async (tx) => {
    const before = await findVisible(tx, ctx, id);
    assertMayChange(ctx, before, 'change');
    await checkView(tx, before.entity, body);
    await tx.segment.updateMany({ where: { id }, data: body });
    const after = await findVisible(tx, ctx, id);
    await recordAudit(tx, ctx, {
      action: 'segment.updated',
      targetType: 'segment',
      targetId: id,
      summary: `Changed segment ${quoted(after.name)}`,
      details: { changed: Object.keys(body), name: after.name, shared: after.shared },
    });
    return toSegmentResponse(ctx, after);
  });
}

export async function deleteSegment(ctx: CrmContext, id: string) {
  await ctx.db.$transaction(async (tx) => {
    const row = await findVisible(tx, ctx, id);
    assertMayChange(ctx, row, 'delete');
    await tx.segment.deleteMany({ where: { id } });
    await recordAudit(tx, ctx, {
      action: 'segment.deleted',
      targetType: 'segment',
      targetId: id,
      summary: `Deleted segment ${quoted(row.name)}`,
      details: { name: row.name, entity: row.entity, ownerId: row.ownerId, shared: row.shared },
    });
  });
}

/** A list request: the shared filter parameters, the list's sort, (contacts) companyId, and the page. */
export type ListRequest = ListFilterQuery & {
  sort?: ListSort;
  companyId?: string;
  cursor?: string;
  limit: number;
};

/** Adds one segment's or request's filter to the conditions (every one must hold). */
function addFilter(ctx: CrmContext, into: ListFilter, f: SegmentFilter) {
  if (f.q) into.texts.push(f.q);
  if (f.owner) into.owners.push(f.owner === 'me' ? (actingUserId(ctx) ?? NOBODY) : f.owner === 'none' ? null : f.owner);
  if (f.tags) into.tags.push(...f.tags);
  if (f.companyId) into.companyIds.push(f.companyId);
  if (f.noContactDays) into.notContactedSince.push(new Date(ctx.clock.now().getTime() - f.noContactDays * DAY_MS));
  if (f.openDealStageId) into.openDealStageIds.push(f.openDealStageId);
}

/** Each sort's cursor holds the sort and order, so a cursor of another sort is refused. */
function cursorOf(kind: CursorKind, sort: ListSort, order: ListOrder) {
  const key =
    sort === 'name'
      ? CursorValue.text
      : sort === 'lastContactedAt'
        ? CursorValue.instant.nullable()
        : CursorValue.instant;
  return defineCursor(kind, z.tuple([z.literal(`${sort}.${order}`), key, CursorValue.id]));
}

/**
 * One page of a list's ids, in order, and the cursor of the next: the request's
 * filters and its segment's (both hold), sorted by the request's sort, else the
 * segment's, else by name.
 */
export async function pageOfList(ctx: CrmContext, entity: ListEntity, request: ListRequest) {
  let segment: { filter: SegmentFilter; sort: ListSort | null; order: ListOrder | null } | undefined;
  if (request.segmentId) {
    const row = await findVisible(ctx.db, ctx, request.segmentId).catch((error: unknown) => {
      throw error instanceof AppError && error.code === 'SEGMENT_NOT_FOUND'
        ? referenceNotFound('SEGMENT_NOT_FOUND', 'Segment', 'segmentId')
        : error;
    });
    if (row.entity !== entity) {
      throw new AppError('VALIDATION_FAILED', 400, 'The request is not valid', {
        fields: [{ path: 'segmentId', message: `is a ${row.entity} segment` }],
      });
    }
    segment = toSegmentResponse(ctx, row);
  }
  await assertUser(ctx.db, request.ownerId, 'ownerId');
  await assertCompany(ctx.db, request.companyId, 'companyId');
  await assertStage(ctx.db, request.openDealStageId, 'openDealStageId');

  const filter: ListFilter = structuredClone(EMPTY_FILTER);
  if (segment) addFilter(ctx, filter, segment.filter);
  addFilter(ctx, filter, {
    q: request.q,
    owner: request.owner ?? request.ownerId,
    tags: request.tag,
    companyId: request.companyId,
    noContactDays: request.noContactDays,
    openDealStageId: request.openDealStageId,
  });
  if (request.owner && request.ownerId) filter.owners.push(request.ownerId);

  const sort = request.sort ?? segment?.sort ?? 'name';
  // A sort asked for without an order is ascending; otherwise the segment's order goes with its sort.
  const order = request.order ?? (request.sort ? undefined : segment?.order) ?? 'asc';
  if (!LIST_SORTS[entity][sort]) {
    throw new AppError('VALIDATION_FAILED', 400, 'The request is not valid', {
      fields: [{ path: 'sort', message: `a ${entity} list cannot be sorted by ${sort}` }],
    });
  }
  const cursor = cursorOf(entity === 'contact' ? 'contacts' : 'companies', sort, order);
  const after = decodeCursor(request.cursor, cursor);
  const hits = await listPage(ctx.db, {
    entity,
    filter,
    sort,
    order,
    after: after && { key: after[1], id: after[2] },
    take: request.limit + 1,
  });
  const items = hits.slice(0, request.limit);
  const last = items.at(-1);
  const nextCursor =
    hits.length > request.limit && last
      ? encodeCursor(cursor, [
          `${sort}.${order}`,
          last.key instanceof Date ? last.key.toISOString() : last.key,
          last.id,
        ])
      : null;
  return { ids: items.map((hit) => hit.id), nextCursor };
}
