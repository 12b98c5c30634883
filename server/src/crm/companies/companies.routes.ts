import { defineRoute } from '../shared/route.ts';
import { IdParams, Page } from '../shared/schemas.ts';
import { CompanyListQuery, CompanyResponse, CreateCompanyBody, UpdateCompanyBody } from './companies.schemas.ts';
import * as companies from './companies.service.ts';

const tag = 'Companies';

export const companyRoutes = [
  defineRoute({
    method: 'get',
    path: '/companies',
    tag,
    summary:
      'List companies: search, filters (owner, tags, no contact in N days, open deal in a stage, a saved segment), a sort, and cursor pagination',
    errors: [404],
    query: CompanyListQuery,
    response: Page(CompanyResponse),
    handler: async ({ query }, ctx) => companies.listCompanies(ctx, query),
  }),
  defineRoute({
    method: 'post',
    path: '/companies',
    tag,
    summary: 'Create a company',
    body: CreateCompanyBody,
    status: 201,
    response: CompanyResponse,
    errors: [409],
    handler: async ({ body }, ctx) => companies.createCompany(ctx, body),
  }),
  defineRoute({
    method: 'get',
    path: '/companies/:id',
    tag,
    summary: 'Read a company',
    params: IdParams,
    response: CompanyResponse,
    handler: async ({ params }, ctx) => companies.getCompany(ctx.db, params.id),
  }),
  defineRoute({
    method: 'patch',
    path: '/companies/:id',
    tag,
    summary: 'Update a company; only its owner or an admin changes `ownerId`',
    params: IdParams,
    body: UpdateCompanyBody,
    response: CompanyResponse,
    errors: [409],
    handler: async ({ params, body }, ctx) => companies.updateCompany(ctx, params.id, body),
  }),
  defineRoute({
    method: 'delete',
    path: '/companies/:id',
    tag,
    summary: 'Delete a company (its owner or an admin); its contacts and deals stay, unlinked',
    params: IdParams,
    status: 204,
    response: null,
    handler: async ({ params }, ctx) => companies.deleteCompany(ctx, params.id),
  }),
];
