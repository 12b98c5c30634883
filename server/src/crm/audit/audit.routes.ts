import { defineRoute, Download } from '../shared/route.ts';
import { AuditFilter, AuditPage, AuditQuery } from './audit.schemas.ts';
import { exportAudit, listAudit } from './audit.service.ts';

const tag = 'Audit';

export const auditRoutes = [
  defineRoute({
    method: 'get',
    path: '/audit',
    tag,
    summary: 'The audit log, newest first, with filters and cursor pagination (admins)',
    auth: 'admin',
    query: AuditQuery,
    response: AuditPage,
    handler: async ({ query }, ctx) => listAudit(ctx, query),
  }),
  defineRoute({
    method: 'get',
    path: '/audit/export',
    tag,
    summary: 'The filtered audit log as a CSV file (admins)',
    auth: 'admin',
    query: AuditFilter,
    response: null,
    produces: 'text/csv',
    handler: async ({ query }, ctx) => {
      const { filename, csv } = await exportAudit(ctx, query);
      return new Download('text/csv; charset=utf-8', filename, csv);
    },
  }),
];
