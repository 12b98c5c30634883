// A pipeline as a board: a column per active stage, in the pipeline's order, with
// the count and total value (per currency: deals keep their own) of the deals the
// filter selects, and the first page of those deals. More of a column comes from
// GET /deals?stageId=…&sort=updated with the column's cursor, in the same order.
import type { z } from 'zod';
import { notFound } from '../../shared/errors.ts';
import type { CrmContext } from '../shared/context.ts';
import { encodeCursor } from '../shared/schemas.ts';
import { readColumnPages, readColumnTotals, type BoardFilter } from './board.repository.ts';
import type { BoardQuery } from './deals.schemas.ts';
import { dealInclude, DealUpdatedCursor, resolveOwnerFilter, toDealResponse } from './deals.service.ts';

const statusOfStage = (stage: { isWon: boolean; isLost: boolean }) =>
  stage.isWon ? 'won' : stage.isLost ? 'lost' : 'open';

export async function readBoard(ctx: CrmContext, pipelineId: string, query: z.infer<typeof BoardQuery>) {
  const pipeline = await ctx.db.pipeline.findFirst({
    where: { id: pipelineId },
    include: { stages: { where: { removedAt: null }, orderBy: { position: 'asc' } } },
  });
  if (!pipeline) throw notFound('PIPELINE_NOT_FOUND', 'Pipeline');

  const filter: BoardFilter = {
    pipelineId,
    ownerId: resolveOwnerFilter(ctx, query.ownerId),
    status: query.status === 'all' ? undefined : query.status,
  };
  // A deal's status is its stage's (createDeal, updateDeal and updateStage keep them so):
  // a column whose stage cannot hold deals of the status asked for is empty without a look.
  const stageIds = pipeline.stages
    .filter((s) => filter.status === undefined || filter.status === statusOfStage(s))
    .map((s) => s.id);
  // One more than a page per column tells whether the column goes on.
  const [totals, pages] = await Promise.all([
    readColumnTotals(ctx.db, filter),
    readColumnPages(ctx.db, filter, stageIds, query.limit + 1),
  ]);
  const rows = pages.length
    ? await ctx.db.deal.findMany({
        where: { id: { in: pages.map((p) => p.id) } },
        include: dealInclude,
        orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
      })
    : [];

  return {
    pipeline: { id: pipeline.id, name: pipeline.name },
    columns: pipeline.stages.map((stage) => {
      const ofStage = totals.filter((t) => t.stageId === stage.id);
      const deals = rows.filter((d) => d.stageId === stage.id);
      const shown = deals.slice(0, query.limit);
      const last = shown.at(-1);
      return {
        stage: {
          id: stage.id,
          name: stage.name,
          position: stage.position,
          probability: stage.probability,
          isWon: stage.isWon,
          isLost: stage.isLost,
        },
        count: ofStage.reduce((sum, t) => sum + t.count, 0),
        totals: ofStage.map((t) => ({ currency: t.currency, amount: t.amount })),
        deals: shown.map(toDealResponse),
        nextCursor:
          deals.length > query.limit && last
            ? encodeCursor(DealUpdatedCursor, [last.updatedAt.toISOString(), last.id])
            : null,
      };
    }),
  };
}
