import type { RouteSpec } from '../http/route.ts';
import { companyRoutes } from './companies/index.ts';
import { contactRoutes } from './contacts/index.ts';
import { dealRoutes } from './deals/index.ts';
import { lookupRoutes } from './lookup/index.ts';
import { pipelineRoutes } from './pipelines/index.ts';
import { taskRoutes } from './tasks/index.ts';
import { timelineRoutes } from './timeline/index.ts';
import { userRoutes } from './users/index.ts';

/** Every CRM endpoint. Order matters where paths overlap: /contacts/lookup before /contacts/:id. */
export const crmRoutes: RouteSpec[] = [
  ...userRoutes,
  ...lookupRoutes,
  ...contactRoutes,
  ...companyRoutes,
  ...pipelineRoutes,
  ...dealRoutes,
  ...timelineRoutes,
  ...taskRoutes,
];

export { findOrProvisionTenant, provisionTenant } from './tenants/index.ts';
