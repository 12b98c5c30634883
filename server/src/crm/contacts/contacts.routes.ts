import { defineRoute } from '../shared/route.ts';
import { IdParams, Page } from '../shared/schemas.ts';
import { ContactListQuery, ContactResponse, CreateContactBody, UpdateContactBody } from './contacts.schemas.ts';
import * as contacts from './contacts.service.ts';

const tag = 'Contacts';

export const contactRoutes = [
  defineRoute({
    method: 'get',
    path: '/contacts',
    tag,
    summary:
      'List contacts: search, filters (owner, tags, last contacted, open deal in a stage, a saved segment), a sort, and cursor pagination',
    errors: [404],
    query: ContactListQuery,
    response: Page(ContactResponse),
    handler: async ({ query }, ctx) => contacts.listContacts(ctx, query),
  }),
  defineRoute({
    method: 'post',
    path: '/contacts',
    tag,
    summary: 'Create a contact',
    body: CreateContactBody,
    status: 201,
    response: ContactResponse,
    errors: [409],
    handler: async ({ body }, ctx) => contacts.createContact(ctx, body),
  }),
  defineRoute({
    method: 'get',
    path: '/contacts/:id',
    tag,
    summary: 'Read a contact',
    params: IdParams,
    response: ContactResponse,
    handler: async ({ params }, ctx) => contacts.getContact(ctx.db, params.id),
  }),
  defineRoute({
    method: 'patch',
    path: '/contacts/:id',
    tag,
    summary: 'Update a contact; `emails` replaces the addresses; only its owner or an admin changes `ownerId`',
    params: IdParams,
    body: UpdateContactBody,
    response: ContactResponse,
    errors: [409],
    handler: async ({ params, body }, ctx) => contacts.updateContact(ctx, params.id, body),
  }),
  defineRoute({
    method: 'delete',
    path: '/contacts/:id',
    tag,
    summary: 'Delete a contact (its owner or an admin)',
    params: IdParams,
    status: 204,
    response: null,
    handler: async ({ params }, ctx) => contacts.deleteContact(ctx, params.id),
  }),
];
