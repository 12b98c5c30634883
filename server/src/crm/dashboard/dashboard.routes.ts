import { defineRoute } from '../shared/route.ts';
import {
  EmailActivityQuery,
  EmailActivityResponse,
  OutcomesQuery,
  OutcomesResponse,
  PipelineFigureQuery,
  PipelineFigureResponse,
  StaleContactsQuery,
  StaleContactsResponse,
} from './dashboard.schemas.ts';
import * as dashboard from './dashboard.service.ts';

const tag = 'Dashboard';

export const dashboardRoutes = [
  defineRoute({
    method: 'get',
    path: '/dashboard/pipeline',
    tag,
    summary: 'Open deals of a pipeline per stage and per owner: how many, and their value per currency',
    query: PipelineFigureQuery,
    response: PipelineFigureResponse,
    errors: [404],
    handler: async ({ query }, ctx) => dashboard.pipelineFigure(ctx, query),
  }),
  defineRoute({
    method: 'get',
    path: '/dashboard/outcomes',
    tag,
    summary: 'Deals won and lost in a period, in total and per owner, with their value per currency',
    query: OutcomesQuery,
    response: OutcomesResponse,
    handler: async ({ query }, ctx) => dashboard.outcomes(ctx, query),
  }),
  defineRoute({
    method: 'get',
    path: '/dashboard/email-activity',
    tag,
    summary: 'Emails of a period per salesperson, logged from the add-in or captured by the mail sync',
    query: EmailActivityQuery,
    response: EmailActivityResponse,
    handler: async ({ query }, ctx) => dashboard.emailActivity(ctx, query),
  }),
  defineRoute({
    method: 'get',
    path: '/dashboard/stale-contacts',
    tag,
    summary: 'Contacts without contact for a number of days: how many per owner, and the longest without',
    query: StaleContactsQuery,
    response: StaleContactsResponse,
    handler: async ({ query }, ctx) => dashboard.staleContacts(ctx, query),
  }),
];
