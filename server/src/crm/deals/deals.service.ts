import { z } from 'zod';
import { escapeLike, lockDeal, lockPipelines, type Prisma, type ScopedDb, type ScopedTx } from '../../db/index.ts';
import { quoted, recordAudit } from '../audit/index.ts';
import { actingUserId, type CrmContext } from '../shared/context.ts';
import { assertMayChangeOwner, assertMayDelete } from '../shared/permissions.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { assertCompany, assertContacts, assertUser } from '../shared/references.ts';
import { CursorValue, decodeCursor, defineCursor, paginate, USER_REF } from '../shared/schemas.ts';
import { addTimelineItem } from '../timeline/index.ts';
import type { CreateDealBody, DealListQuery, UpdateDealBody } from './deals.schemas.ts';

export const dealInclude = {
  pipeline: { select: { id: true, name: true, _count: { select: { stages: { where: { removedAt: null } } } } } },
  stage: true,
  owner: USER_REF,
  company: { select: { id: true, name: true } },
  contacts: { select: { contactId: true } },
} satisfies Prisma.DealInclude;

export type DealRow = Prisma.DealGetPayload<{ include: typeof dealInclude }>;

export function toDealResponse(d: DealRow) {
  return {
    id: d.id,
    name: d.name,
    value: d.value.toFixed(2),
    currency: d.currency,
    status: d.status,
    pipeline: { id: d.pipeline.id, name: d.pipeline.name },
    stage: {
      id: d.stage.id,
      name: d.stage.name,
      position: d.stage.position,
      stageCount: d.pipeline._count.stages,
      probability: d.stage.probability,
      isWon: d.stage.isWon,
      isLost: d.stage.isLost,
    },
    owner: d.owner,
    company: d.company,
    contactIds: d.contacts.map((c) => c.contactId),
    expectedCloseDate: d.expectedCloseDate?.toISOString().slice(0, 10) ?? null,
    closedAt: d.closedAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

async function findDeal(db: ScopedDb | ScopedTx, id: string) {
  const row = await db.deal.findFirst({ where: { id }, include: dealInclude });
  if (!row) throw notFound('DEAL_NOT_FOUND', 'Deal');
  return row;
}

export async function getDeal(db: ScopedDb | ScopedTx, id: string) {
  const deal = await findDeal(db, id);
  const history = await db.dealStageChange.findMany({
    where: { dealId: id },
    orderBy: { changedAt: 'asc' },
    include: {
      fromStage: { select: { id: true, name: true } },
      toStage: { select: { id: true, name: true } },
      changedBy: USER_REF,
    },
  });
  return {
    ...toDealResponse(deal),
    stageHistory: history.map((h) => ({
      fromStage: h.fromStage,
      toStage: h.toStage,
      changedBy: h.changedBy,
      changedAt: h.changedAt.toISOString(),
    })),
  };
}

const DealCursor = defineCursor('deals', z.tuple([CursorValue.id]));
/** The board's order (most recently changed first): a column's cursor is one of these. */
export const DealUpdatedCursor = defineCursor('deals-updated', z.tuple([CursorValue.instant, CursorValue.id]));

/** The owner a filter names: `me` is the caller (a sync, which is no user, owns nothing). */
export function resolveOwnerFilter(ctx: CrmContext, ownerId: string | undefined): string | null | undefined {
  if (ownerId !== 'me') return ownerId;
  return actingUserId(ctx);
}

export async function listDeals(ctx: CrmContext, query: z.infer<typeof DealListQuery>) {
  const ownerId = resolveOwnerFilter(ctx, query.ownerId);
  const where: Prisma.DealWhereInput = {
    status: query.status,
    pipelineId: query.pipelineId,
    stageId: query.stageId,
    companyId: query.companyId,
    ownerId,
    ...(query.contactId ? { contacts: { some: { contactId: query.contactId } } } : {}),
    // Prisma passes `contains` on as a LIKE pattern: escape q so %, _ and \ match themselves.
    ...(query.q ? { name: { contains: escapeLike(query.q), mode: 'insensitive' as const } } : {}),
  };
  if (query.sort === 'updated') {
    const after = decodeCursor(query.cursor, DealUpdatedCursor);
    const rows = await ctx.db.deal.findMany({
      where: {
        ...where,
        ...(after ? { OR: [{ updatedAt: { lt: after[0] } }, { updatedAt: after[0], id: { lt: after[1] } }] } : {}),
      },
      include: dealInclude,
      orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
      take: query.limit + 1,
    });
    const page = paginate(rows, query.limit, DealUpdatedCursor, (d) => [d.updatedAt.toISOString(), d.id]);
    return { items: page.items.map(toDealResponse), nextCursor: page.nextCursor };
  }
  const after = decodeCursor(query.cursor, DealCursor);
  const rows = await ctx.db.deal.findMany({
    where: { ...where, ...(after ? { id: { lt: after[0] } } : {}) },
    include: dealInclude,
    orderBy: { id: 'desc' },
    take: query.limit + 1,
  });
  const page = paginate(rows, query.limit, DealCursor, (d) => [d.id]);
  return { items: page.items.map(toDealResponse), nextCursor: page.nextCursor };
}

/** Resolves the pipeline and stage a deal goes to; the stage must be an active stage of that pipeline. */
async function resolveStage(
  tx: ScopedTx,
  tenantId: string,
  pipelineId: string | undefined,
  stageId: string | undefined,
) {
  await lockPipelines(tx, tenantId, 'shared');
  const pipeline = pipelineId
    ? await tx.pipeline.findFirst({ where: { id: pipelineId } })
    : await tx.pipeline.findFirst({ where: { isDefault: true } });
  if (!pipeline) {
    throw new AppError('PIPELINE_NOT_FOUND', 404, 'Pipeline not found', {
      fields: [{ path: 'pipelineId', message: pipelineId ? 'no such pipeline' : 'the tenant has no default pipeline' }],
    });
  }
  const stage = stageId
    ? await tx.stage.findFirst({ where: { id: stageId, removedAt: null } })
    : await tx.stage.findFirst({ where: { pipelineId: pipeline.id, removedAt: null }, orderBy: { position: 'asc' } });
  if (!stage) {
    throw new AppError('STAGE_NOT_FOUND', 404, 'Stage not found', {
      fields: [{ path: 'stageId', message: 'no such stage' }],
    });
  }
  if (stage.pipelineId !== pipeline.id) {
    throw new AppError('STAGE_NOT_IN_PIPELINE', 400, 'The stage belongs to another pipeline', {
      fields: [{ path: 'stageId', message: 'is not a stage of the pipeline' }],
    });
  }
  return stage;
}

function statusFor(stage: { isWon: boolean; isLost: boolean }, now: Date) {
  const status = stage.isWon ? ('won' as const) : stage.isLost ? ('lost' as const) : ('open' as const);
  return { status, closedAt: status === 'open' ? null : now };
}

async function assertReferences(
  tx: ScopedTx,
  body: { ownerId?: string | null; companyId?: string | null; contactIds?: string[] },
) {
  await assertUser(tx, body.ownerId, 'ownerId');
  await assertCompany(tx, body.companyId);
  await assertContacts(tx, body.contactIds ?? []);
}

export async function createDeal(ctx: CrmContext, body: z.infer<typeof CreateDealBody>) {
  return ctx.db.$transaction(async (tx) => {
    await assertReferences(tx, body);
    const stage = await resolveStage(tx, ctx.tenantId, body.pipelineId, body.stageId);
    const now = ctx.clock.now();
    const deal = await tx.deal.create({
      data: {
        tenantId: ctx.tenantId,
        name: body.name,
        value: body.value,
        currency: body.currency,
        pipelineId: stage.pipelineId,
        stageId: stage.id,
        ownerId: body.ownerId === undefined ? actingUserId(ctx) : body.ownerId,
        companyId: body.companyId ?? null,
        expectedCloseDate: body.expectedCloseDate ? new Date(body.expectedCloseDate) : null,
        ...statusFor(stage, now),
      },
    });
    await tx.dealContact.createMany({
      data: body.contactIds.map((contactId) => ({ tenantId: ctx.tenantId, dealId: deal.id, contactId })),
    });
    await tx.dealStageChange.create({
      data: {
        tenantId: ctx.tenantId,
        dealId: deal.id,
        toStageId: stage.id,
        changedById: actingUserId(ctx),
        changedAt: now,
      },
    });
    return getDeal(tx, deal.id);
  });
}

export async function updateDeal(ctx: CrmContext, id: string, body: z.infer<typeof UpdateDealBody>) {
  return ctx.db.$transaction(async (tx) => {
    await lockDeal(tx, ctx.tenantId, id);
    const before = await findDeal(tx, id);
    // Under the deal's lock: a move someone else made first is seen here, not overwritten.
    if (body.fromStageId && body.fromStageId !== before.stageId) {
      throw new AppError('DEAL_STAGE_CHANGED', 409, 'The deal has moved to another stage since you saw it', {
        fields: [{ path: 'fromStageId', message: `the deal is now in ${quoted(before.stage.name)}` }],
      });
    }
    assertMayChangeOwner(ctx, before, body.ownerId, 'deal');
    await assertReferences(tx, body);
    const { contactIds, pipelineId, stageId, expectedCloseDate, fromStageId: _seen, ...fields } = body;
    const data: Prisma.DealUncheckedUpdateManyInput = { ...fields };
    if (expectedCloseDate !== undefined)
      data.expectedCloseDate = expectedCloseDate ? new Date(expectedCloseDate) : null;
    const now = ctx.clock.now();

    const moving = (stageId && stageId !== before.stageId) || (pipelineId && pipelineId !== before.pipelineId);
    if (moving) {
      const stage = await resolveStage(tx, ctx.tenantId, pipelineId ?? before.pipelineId, stageId);
      Object.assign(data, { pipelineId: stage.pipelineId, stageId: stage.id, ...statusFor(stage, now) });
      await tx.dealStageChange.create({
        data: {
          tenantId: ctx.tenantId,
          dealId: id,
          fromStageId: before.stageId,
          toStageId: stage.id,
          changedById: actingUserId(ctx),
          changedAt: now,
        },
      });
      const linkedContacts = contactIds ?? before.contacts.map((c) => c.contactId);
      const companyId = body.companyId === undefined ? before.companyId : body.companyId;
      await addTimelineItem(tx, ctx.tenantId, {
        kind: 'stage_change',
        occurredAt: now,
        authorId: actingUserId(ctx),
        data: {
          dealId: id,
          dealName: body.name ?? before.name,
          fromStage: { id: before.stage.id, name: before.stage.name },
          toStage: { id: stage.id, name: stage.name },
        },
        dealIds: [id],
        contactIds: linkedContacts,
        companyIds: companyId ? [companyId] : [],
      });
    }
    await tx.deal.updateMany({ where: { id }, data });
    if (contactIds) {
      await tx.dealContact.deleteMany({ where: { dealId: id } });
      await tx.dealContact.createMany({
        data: contactIds.map((contactId) => ({ tenantId: ctx.tenantId, dealId: id, contactId })),
      });
    }
    return getDeal(tx, id);
  });
}

/** Deletes the deal (its owner or an admin) with its stage history; its tasks stay, unlinked. */
export async function deleteDeal(ctx: CrmContext, id: string) {
  await ctx.db.$transaction(async (tx) => {
    const deal = await findDeal(tx, id);
    assertMayDelete(ctx, deal, 'deal');
    await tx.task.updateMany({ where: { dealId: id }, data: { dealId: null } });
    await tx.deal.deleteMany({ where: { id } });
    await recordAudit(tx, ctx, {
      action: 'deal.deleted',
      targetType: 'deal',
      targetId: id,
      summary: `Deleted deal ${quoted(deal.name)}`,
      details: {
        name: deal.name,
        value: deal.value.toFixed(2),
        currency: deal.currency,
        stage: deal.stage.name,
        status: deal.status,
        ownerId: deal.ownerId,
      },
    });
  });
}
