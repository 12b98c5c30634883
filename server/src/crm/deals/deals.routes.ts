import { defineRoute } from '../shared/route.ts';
import { IdParams, Page } from '../shared/schemas.ts';
import { readBoard } from './board.service.ts';
import {
  BoardQuery,
  BoardResponse,
  CreateDealBody,
  DealDetailResponse,
  DealListQuery,
  DealResponse,
  UpdateDealBody,
} from './deals.schemas.ts';
import * as deals from './deals.service.ts';

const tag = 'Deals';

export const dealRoutes = [
  defineRoute({
    method: 'get',
    path: '/pipelines/:id/board',
    tag,
    summary:
      "A pipeline as a board: per stage, in the pipeline's order, the count and total value (per currency) of the deals and the first of them",
    params: IdParams,
    query: BoardQuery,
    response: BoardResponse,
    handler: async ({ params, query }, ctx) => readBoard(ctx, params.id, query),
  }),
  defineRoute({
    method: 'get',
    path: '/deals',
    tag,
    summary: 'List deals, newest or most recently changed first, with filters and cursor pagination',
    query: DealListQuery,
    response: Page(DealResponse),
    handler: async ({ query }, ctx) => deals.listDeals(ctx, query),
  }),
  defineRoute({
    method: 'post',
    path: '/deals',
    tag,
    summary: 'Create a deal',
    body: CreateDealBody,
    status: 201,
    response: DealDetailResponse,
    handler: async ({ body }, ctx) => deals.createDeal(ctx, body),
  }),
  defineRoute({
    method: 'get',
    path: '/deals/:id',
    tag,
    summary: 'Read a deal with its stage history',
    params: IdParams,
    response: DealDetailResponse,
    handler: async ({ params }, ctx) => deals.getDeal(ctx.db, params.id),
  }),
  defineRoute({
    method: 'patch',
    path: '/deals/:id',
    tag,
    summary:
      'Update a deal; a new stageId moves it and records the change on the timeline; only its owner or an admin changes `ownerId`',
    params: IdParams,
    body: UpdateDealBody,
    response: DealDetailResponse,
    errors: [409],
    handler: async ({ params, body }, ctx) => deals.updateDeal(ctx, params.id, body),
  }),
  defineRoute({
    method: 'delete',
    path: '/deals/:id',
    tag,
    summary: 'Delete a deal (its owner or an admin)',
    params: IdParams,
    status: 204,
    response: null,
    handler: async ({ params }, ctx) => deals.deleteDeal(ctx, params.id),
  }),
];
