import { defineRoute } from '../shared/route.ts';
import { IdParams } from '../shared/schemas.ts';
import { z } from 'zod';
import {
  CreateSegmentBody,
  SegmentListQuery,
  SegmentResponse,
  TagListQuery,
  TagListResponse,
  UpdateSegmentBody,
} from './segments.schemas.ts';
import * as segments from './segments.service.ts';

const tag = 'Segments';

export const segmentRoutes = [
  defineRoute({
    method: 'get',
    path: '/segments',
    tag,
    summary: "Saved views of the contact and company lists: the caller's own and those shared, by name",
    query: SegmentListQuery,
    response: z.object({ items: z.array(SegmentResponse) }),
    handler: async ({ query }, ctx) => segments.listSegments(ctx, query.entity),
  }),
  defineRoute({
    method: 'post',
    path: '/segments',
    tag,
    summary: 'Save a view of the contact or company list (shared: seen by everyone in the organisation)',
    body: CreateSegmentBody,
    status: 201,
    response: SegmentResponse,
    handler: async ({ body }, ctx) => segments.createSegment(ctx, body),
  }),
  defineRoute({
    method: 'get',
    path: '/segments/:id',
    tag,
    summary: 'Read a segment (own or shared)',
    params: IdParams,
    response: SegmentResponse,
    handler: async ({ params }, ctx) => segments.getSegment(ctx, params.id),
  }),
  defineRoute({
    method: 'patch',
    path: '/segments/:id',
    tag,
    summary: 'Change a segment (its owner or an admin)',
    params: IdParams,
    body: UpdateSegmentBody,
    response: SegmentResponse,
    handler: async ({ params, body }, ctx) => segments.updateSegment(ctx, params.id, body),
  }),
  defineRoute({
    method: 'delete',
    path: '/segments/:id',
    tag,
    summary: 'Delete a segment (its owner or an admin)',
    params: IdParams,
    status: 204,
    response: null,
    handler: async ({ params }, ctx) => segments.deleteSegment(ctx, params.id),
  }),
  defineRoute({
    method: 'get',
    path: '/tags',
    tag,
    summary: "The tags on the organisation's contacts or companies, most used first (for the lists' tag filter)",
    query: TagListQuery,
    response: TagListResponse,
    handler: async ({ query }, ctx) => segments.listTags(ctx, query),
  }),
];
