export { auditRoutes } from './audit.routes.ts';
export {
  auditActor,
  exportAudit,
  listAudit,
  MAIL_SYNC_LABEL,
  quoted,
  recordAudit,
  recordSystemAudit,
  type AuditEventInput,
  type SystemAuditEventInput,
} from './audit.service.ts';
export { AUDIT_ACTIONS, AuditEventResponse, type AuditAction } from './audit.schemas.ts';
