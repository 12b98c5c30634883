import { defineRoute } from '../shared/route.ts';
import { LookupQuery, LookupResponse, lookupByEmail } from './lookup.service.ts';

export const lookupRoutes = [
  defineRoute({
    method: 'get',
    path: '/contacts/lookup',
    tag: 'Contacts',
    summary: 'Who an email address is: contact, company, open deals, recent timeline',
    query: LookupQuery,
    response: LookupResponse,
    handler: async ({ query }, ctx) => lookupByEmail(ctx, query.email),
  }),
];
