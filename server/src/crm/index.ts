import { auditRoutes } from './audit/index.ts';
import { companyRoutes } from './companies/index.ts';
import { contactRoutes } from './contacts/index.ts';
import { dashboardRoutes } from './dashboard/index.ts';
import { dealRoutes } from './deals/index.ts';
import { importRoutes } from './imports/index.ts';
import { lookupRoutes } from './lookup/index.ts';
import { pipelineRoutes } from './pipelines/index.ts';
import { segmentRoutes } from './segments/index.ts';
import type { RouteSpec } from './shared/route.ts';
import { taskRoutes } from './tasks/index.ts';
import { tenantRoutes } from './tenants/index.ts';
import { timelineRoutes } from './timeline/index.ts';
import { userRoutes } from './users/index.ts';

/** Every CRM endpoint. Order matters where paths overlap: /contacts/lookup before /contacts/:id. */
export const crmRoutes: RouteSpec[] = [
  ...userRoutes,
  ...lookupRoutes,
  ...contactRoutes,
  ...companyRoutes,
  ...segmentRoutes,
  ...pipelineRoutes,
  ...dealRoutes,
  ...timelineRoutes,
  ...taskRoutes,
  ...tenantRoutes,
  ...auditRoutes,
  ...dashboardRoutes,
  ...importRoutes,
];

export {
  actingUserId,
  createCrmContext,
  isAdmin,
  requireUser,
  systemClock,
  type Actor,
  type Clock,
  type CrmContext,
  type Role,
} from './shared/context.ts';
export {
  defineRoute,
  Download,
  Reply,
  type Access,
  type Method,
  type PublicCall,
  type RouteSpec,
  type Upload,
} from './shared/route.ts';
export {
  ADMIN_COOKIE,
  AuthConfigResponse,
  authConfigRoutes,
  createOnboardingService,
  createPrincipalResolver,
  findDevSignInIdentity,
  findOrProvisionTenant,
  FLOW_COOKIE,
  ONBOARDING_CALLBACK_PATH,
  ONBOARDING_RESULTS,
  ONBOARDING_START_PATH,
  onboardingRoutes,
  provisionTenant,
  SYNC_CALLBACK_PATH,
  SYNC_START_PATH,
  type OnboardingAnswer,
  type OnboardingResult,
  type OnboardingService,
  type Principal,
  type PrincipalResolver,
} from './tenants/index.ts';
export { EmailAddress } from './shared/schemas.ts';
export {
  AUDIT_ACTIONS,
  auditActor,
  recordAudit,
  recordSystemAudit,
  type AuditAction,
  type AuditEventInput,
  type SystemAuditEventInput,
} from './audit/index.ts';
export { setSyncEnabled, syncSwitchedEvent } from './users/index.ts';
export { normalizeDomain, parseMailAddress, type MailAddress } from './shared/email-address.ts';
export {
  recordEmail,
  recordEmails,
  type EmailToRecord,
  type RecordedEmail,
  type RecordedEmailRef,
  type RecordEmailsOptions,
} from './timeline/index.ts';
