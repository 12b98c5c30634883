// The audit log's actions and its API shapes. Actions are stable dotted strings:
// the console localizes them, so one is never renamed, only added.
import { z } from 'zod';
import { Id, Instant, PageQuery, Page } from '../shared/schemas.ts';

export const AUDIT_ACTIONS = [
  // The tenant's settings.
  'settings.tenant.updated',
  'settings.sync.updated',
  'settings.sync.folders.updated',
  'settings.sync.connected',
  'sync.resync.requested',
  'pipeline.created',
  'pipeline.updated',
  'pipeline.stage.added',
  'pipeline.stage.updated',
  'pipeline.stages.reordered',
  'pipeline.stage.removed',
  // People: roles and each user's mail sync (set by an admin or by the user).
  'user.role.changed',
  'user.sync.enabled',
  'user.sync.disabled',
  // Records: a manual Log from the add-in and its undoing, deletions.
  'email.logged',
  'email.unlogged',
  'contact.deleted',
  'company.deleted',
  'deal.deleted',
  // Tasks: renamed, rescheduled or given to someone else.
  'task.updated',
  // Saved views of the lists.
  'segment.created',
  'segment.updated',
  'segment.deleted',
  // Imports, one event per import with its counts.
  'contacts.imported',
  'companies.imported',
  // Onboarding, written by the consent redirect (recordSystemAudit).
  'consent.granted',
  'consent.failed',
  'sync-consent.granted',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AuditAction = z.enum(AUDIT_ACTIONS);

/** The filters of the list and of the export. */
export const AuditFilter = z.object({
  action: AuditAction.optional(),
  actorUserId: Id.optional(),
  from: Instant.optional().meta({ description: 'Events at or after this time' }),
  to: Instant.optional().meta({ description: 'Events before this time' }),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: "Text in the summary or the actor's address or name, or a target id" }),
});
export type AuditFilter = z.infer<typeof AuditFilter>;

export const AuditQuery = AuditFilter.extend(PageQuery.shape);
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditEventResponse = z
  .object({
    id: Id,
    at: z.iso.datetime({ offset: true }),
    actor: z.object({
      userId: Id.nullable().meta({ description: 'null: the mail sync, or a consent before its admin had a user' }),
      label: z.string().meta({ description: 'The actor as shown when it acted (address or name)' }),
    }),
    action: z.string().meta({ description: 'One of AUDIT_ACTIONS, dotted and stable: `deal.deleted`' }),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    summary: z.string().meta({ description: 'One line in English; the console localizes by action' }),
    details: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'AuditEvent' });

export const AuditPage = Page(AuditEventResponse);
