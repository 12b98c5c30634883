import { defineRoute } from '../shared/route.ts';
import { updateTenant } from './tenant-settings.service.ts';
import { TenantResponse, UpdateTenantBody } from './tenants.schemas.ts';

export const tenantRoutes = [
  defineRoute({
    method: 'patch',
    path: '/tenant',
    tag: 'Tenant',
    summary: 'Rename the organisation or set its own mail domains (admins; GET /me returns the tenant)',
    auth: 'admin',
    body: UpdateTenantBody,
    response: TenantResponse,
    handler: async ({ body }, ctx) => updateTenant(ctx, body),
  }),
];
