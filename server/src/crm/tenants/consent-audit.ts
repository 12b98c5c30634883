// Consent events in the tenant's audit log. A stand-in with the signature of the audit
// module's recordSystemAudit (branch `audit`, server/src/crm/audit): once that lands,
// onboarding imports it from there and this file goes.
import type { Prisma, SystemDb } from '../../db/index.ts';
import type { SystemTx } from './tenants.service.ts';

export type SystemAuditEvent = {
  /** Who acted, as shown then: their name or address. */
  actorLabel: string;
  actorUserId?: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  /** One line for people; never a token, a secret or mail content. */
  summary: string;
  details?: Record<string, unknown>;
};

export async function recordSystemAudit(system: SystemDb | SystemTx, tenantId: string, event: SystemAuditEvent) {
  await system.auditEvent.create({
    data: {
      tenantId,
      actorUserId: event.actorUserId ?? null,
      actorLabel: event.actorLabel,
      action: event.action,
      targetType: event.targetType ?? null,
      targetId: event.targetId ?? null,
      summary: event.summary,
      details: event.details as Prisma.InputJsonValue | undefined,
    },
  });
}
