import { defineRoute, Reply } from '../shared/route.ts';
import { assertCompany, assertContact, assertDeal } from '../shared/references.ts';
import { IdParams, Page } from '../shared/schemas.ts';
import { getEmailStatus, recordEmail, unlogEmail } from './email.service.ts';
import {
  CreateNoteBody,
  EmailItem,
  EmailStatusQuery,
  EmailStatusResponse,
  LogEmailBody,
  TimelineItemResponse,
  TimelineQuery,
} from './timeline.schemas.ts';
import { createNote, listTimeline, type TimelineTarget } from './timeline.service.ts';

const tag = 'Timeline';

export const timelineRoutes = [
  defineRoute({
    method: 'post',
    path: '/timeline/emails',
    tag,
    summary: 'Log an email (idempotent on internetMessageId)',
    body: LogEmailBody,
    status: 201,
    alsoReturns: [200],
    response: EmailItem,
    handler: async ({ body }, ctx) => {
      const result = await recordEmail(ctx, body);
      ctx.log.info({ itemId: result.item.id, created: result.created }, 'email logged');
      return new Reply(result.created ? 201 : 200, result.item);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/timeline/emails/:id',
    tag,
    summary:
      'Unlog an email: it leaves every timeline (the user who logged it, or an admin; the sync may capture its own copy again under its rules)',
    params: IdParams,
    status: 204,
    response: null,
    handler: async ({ params }, ctx) => unlogEmail(ctx, params.id),
  }),
  defineRoute({
    method: 'get',
    path: '/timeline/emails/status',
    tag,
    summary: 'Whether an email is logged, by whom and when',
    query: EmailStatusQuery,
    response: EmailStatusResponse,
    handler: async ({ query }, ctx) => getEmailStatus(ctx, query.internetMessageId),
  }),
  defineRoute({
    method: 'post',
    path: '/notes',
    tag,
    summary: 'Add a note (or a call or meeting summary) to a contact, company or deal',
    body: CreateNoteBody,
    status: 201,
    response: TimelineItemResponse,
    handler: async ({ body }, ctx) => createNote(ctx, body),
  }),
  ...[
    { path: '/contacts/:id/timeline', owner: "A contact's", assert: assertContact, target: 'contactId' },
    { path: '/companies/:id/timeline', owner: "A company's", assert: assertCompany, target: 'companyId' },
    { path: '/deals/:id/timeline', owner: "A deal's", assert: assertDeal, target: 'dealId' },
  ].map(({ path, owner, assert, target }) =>
    defineRoute({
      method: 'get',
      path,
      tag,
      summary: `${owner} timeline, newest first`,
      params: IdParams,
      query: TimelineQuery,
      response: Page(TimelineItemResponse),
      handler: async ({ params, query }, ctx) => {
        await assert(ctx.db, params.id, 'params.id');
        return listTimeline(ctx.db, { [target]: params.id } as TimelineTarget, query);
      },
    }),
  ),
];
