import type { z } from 'zod';
import { lockPipelines, type Prisma, type ScopedDb, type ScopedTx } from '../../db/index.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { quoted, recordAudit } from '../audit/index.ts';
import type { CrmContext } from '../shared/context.ts';
import type {
  AddStageBody,
  CreatePipelineBody,
  ReorderStagesBody,
  UpdatePipelineBody,
  UpdateStageBody,
} from './pipelines.schemas.ts';

export const DEFAULT_STAGES = [
  { name: 'Lead', probability: 10 },
  { name: 'Qualified', probability: 25 },
  { name: 'Proposal', probability: 50 },
  { name: 'Negotiation', probability: 75 },
  { name: 'Won', probability: 100, isWon: true },
  { name: 'Lost', probability: 0, isLost: true },
];

/** Any client that can write pipelines, scoped or not (tenant provisioning is not). */
type PipelineWriter = Pick<Prisma.TransactionClient, 'pipeline'>;

export async function createDefaultPipeline(tx: PipelineWriter, tenantId: string) {
  return tx.pipeline.create({
    data: {
      tenantId,
      name: 'Sales',
      isDefault: true,
      stages: { create: DEFAULT_STAGES.map((stage, i) => ({ ...stage, position: i + 1 })) },
    },
  });
}

const withActiveStages = {
  stages: { where: { removedAt: null }, orderBy: { position: 'asc' } },
} satisfies Prisma.PipelineInclude;

type PipelineRow = Prisma.PipelineGetPayload<{ include: typeof withActiveStages }>;

export function toPipelineResponse(p: PipelineRow) {
  return {
    id: p.id,
    name: p.name,
    isDefault: p.isDefault,
    stages: p.stages.map((s) => ({
      id: s.id,
      name: s.name,
      position: s.position,
      probability: s.probability,
      isWon: s.isWon,
      isLost: s.isLost,
    })),
  };
}

export async function listPipelines(ctx: CrmContext) {
  const rows = await ctx.db.pipeline.findMany({
    include: withActiveStages,
    orderBy: [{ isDefault: 'desc' }, { name: 'asc' }],
  });
  return rows.map(toPipelineResponse);
}

export async function getPipeline(db: ScopedDb | ScopedTx, id: string) {
  const row = await db.pipeline.findFirst({ where: { id }, include: withActiveStages });
  if (!row) throw notFound('PIPELINE_NOT_FOUND', 'Pipeline');
  return toPipelineResponse(row);
}

export async function createPipeline(ctx: CrmContext, body: z.infer<typeof CreatePipelineBody>) {
  return ctx.db.$transaction(async (tx) => {
    await lockPipelines(tx, ctx.tenantId, 'exclusive');
    if (body.isDefault) await tx.pipeline.updateMany({ where: { isDefault: true }, data: { isDefault: false } });
    const created = await tx.pipeline.create({
      data: {
        tenantId: ctx.tenantId,
        name: body.name,
        isDefault: body.isDefault,
        stages: { create: body.stages.map((s, i) => ({ ...s, position: i + 1 })) },
      },
    });
    const pipeline = await getPipeline(tx, created.id);
    await recordAudit(tx, ctx, {
      action: 'pipeline.created',
      targetType: 'pipeline',
      targetId: created.id,
      summary: `Created pipeline ${quoted(body.name)}`,
      details: { name: body.name, isDefault: body.isDefault, stages: pipeline.stages.map((s) => s.name) },
    });
    return pipeline;
  });
}

export async function updatePipeline(ctx: CrmContext, id: string, body: z.infer<typeof UpdatePipelineBody>) {
  return ctx.db.$transaction(async (tx) => {
    await lockPipelines(tx, ctx.tenantId, 'exclusive');
    const before = await getPipeline(tx, id);
    if (body.isDefault)
      await tx.pipeline.updateMany({ where: { isDefault: true, NOT: { id } }, data: { isDefault: false } });
    await tx.pipeline.updateMany({ where: { id }, data: body });
    await recordAudit(tx, ctx, {
      action: 'pipeline.updated',
      targetType: 'pipeline',
      targetId: id,
      summary: `Updated pipeline ${quoted(before.name)}`,
      details: { before: { name: before.name, isDefault: before.isDefault }, changes: body },
    });
    return getPipeline(tx, id);
  });
}

/** Writes positions 1..n in the given order. */
async function renumber(tx: ScopedTx, stageIds: string[]) {
  for (const [i, stageId] of stageIds.entries()) {
    await tx.stage.updateMany({ where: { id: stageId }, data: { position: i + 1 } });
  }
}

export async function addStage(ctx: CrmContext, pipelineId: string, body: z.infer<typeof AddStageBody>) {
  return ctx.db.$transaction(async (tx) => {
    await lockPipelines(tx, ctx.tenantId, 'exclusive');
    const pipeline = await getPipeline(tx, pipelineId);
    const { position, ...stage } = body;
    const created = await tx.stage.create({
      data: { ...stage, tenantId: ctx.tenantId, pipelineId, position: pipeline.stages.length + 1 },
    });
    const order = pipeline.stages.map((s) => s.id);
    order.splice(Math.min(position ?? order.length + 1, order.length + 1) - 1, 0, created.id);
    await renumber(tx, order);
    await recordAudit(tx, ctx, {
      action: 'pipeline.stage.added',
      targetType: 'pipeline',
      targetId: pipelineId,
      summary: `Added stage ${quoted(body.name)} to pipeline ${quoted(pipeline.name)}`,
      details: { stageId: created.id, ...body },
    });
    return getPipeline(tx, pipelineId);
  });
}

export async function updateStage(
  ctx: CrmContext,
  pipelineId: string,
  stageId: string,
  body: z.infer<typeof UpdateStageBody>,
) {
  return ctx.db.$transaction(async (tx) => {
    await lockPipelines(tx, ctx.tenantId, 'exclusive');
    const stage = await findActiveStage(tx, pipelineId, stageId);
    const isWon = body.isWon ?? stage.isWon;
    const isLost = body.isLost ?? stage.isLost;
    if (isWon && isLost) {
      throw new AppError('VALIDATION_FAILED', 400, 'The request is not valid', {
        fields: [{ path: 'isLost', message: 'a stage cannot be both won and lost' }],
      });
    }
    await tx.stage.updateMany({ where: { id: stageId }, data: body });
    await recordAudit(tx, ctx, {
      action: 'pipeline.stage.updated',
      targetType: 'pipeline',
      targetId: pipelineId,
      summary: `Updated stage ${quoted(stage.name)}`,
      details: {
        stageId,
        before: { name: stage.name, probability: stage.probability, isWon: stage.isWon, isLost: stage.isLost },
        changes: body,
      },
    });
    if (isWon !== stage.isWon || isLost !== stage.isLost) {
      // Deals take their status from their stage: keep them in agreement.
      const status = isWon ? ('won' as const) : isLost ? ('lost' as const) : ('open' as const);
      await tx.deal.updateMany({
        where: { stageId, NOT: { status } },
        data: { status, closedAt: status === 'open' ? null : ctx.clock.now() },
      });
    }
    return getPipeline(tx, pipelineId);
  });
}

export async function reorderStages(ctx: CrmContext, pipelineId: string, body: z.infer<typeof ReorderStagesBody>) {
  return ctx.db.$transaction(async (tx) => {
    await lockPipelines(tx, ctx.tenantId, 'exclusive');
    const pipeline = await getPipeline(tx, pipelineId);
    const current = new Set(pipeline.stages.map((s) => s.id));
    const given = new Set(body.stageIds);
    if (
      given.size !== body.stageIds.length ||
      given.size !== current.size ||
      ![...given].every((id) => current.has(id))
    ) {
      throw new AppError('STAGE_ORDER_MISMATCH', 400, 'List every stage of the pipeline exactly once', {
        fields: [{ path: 'stageIds', message: 'must list every stage of the pipeline exactly once' }],
      });
    }
    await renumber(tx, body.stageIds);
    const byId = new Map(pipeline.stages.map((s) => [s.id, s.name]));
    await recordAudit(tx, ctx, {
      action: 'pipeline.stages.reordered',
      targetType: 'pipeline',
      targetId: pipelineId,
      summary: `Reordered the stages of pipeline ${quoted(pipeline.name)}`,
      details: {
        before: pipeline.stages.map((s) => s.name),
        after: body.stageIds.map((id) => byId.get(id) ?? id),
      },
    });
    return getPipeline(tx, pipelineId);
  });
}

/**
 * Removes a stage no open deal uses. It stays in the database for the history of
 * closed deals and past stage changes, but is no longer part of the pipeline.
 */
export async function removeStage(ctx: CrmContext, pipelineId: string, stageId: string) {
  return ctx.db.$transaction(async (tx) => {
    await lockPipelines(tx, ctx.tenantId, 'exclusive');
    const stage = await findActiveStage(tx, pipelineId, stageId);
    const pipeline = await getPipeline(tx, pipelineId);
    if (pipeline.stages.length === 1) {
      throw new AppError('LAST_STAGE', 409, 'A pipeline needs at least one stage');
    }
    const openDeals = await tx.deal.count({ where: { stageId, status: 'open' } });
    if (openDeals > 0) {
      throw new AppError('STAGE_IN_USE', 409, `${openDeals} open deal(s) are in this stage: move them first`);
    }
    await tx.stage.updateMany({ where: { id: stageId }, data: { removedAt: ctx.clock.now(), position: 0 } });
    await renumber(
      tx,
      pipeline.stages.map((s) => s.id).filter((id) => id !== stageId),
    );
    await recordAudit(tx, ctx, {
      action: 'pipeline.stage.removed',
      targetType: 'pipeline',
      targetId: pipelineId,
      summary: `Removed stage ${quoted(stage.name)} from pipeline ${quoted(pipeline.name)}`,
      details: { stageId, name: stage.name },
    });
    return getPipeline(tx, pipelineId);
  });
}

export async function findActiveStage(db: ScopedDb | ScopedTx, pipelineId: string, stageId: string) {
  const stage = await db.stage.findFirst({ where: { id: stageId, pipelineId, removedAt: null } });
  if (!stage) throw notFound('STAGE_NOT_FOUND', 'Stage');
  return stage;
}
