// The sync's API: the admin's status page and controls, and a user's opt-out.
import { z } from 'zod';
import { AppError } from '../shared/errors.ts';
import {
  defineRoute,
  recordAudit,
  Reply,
  requireUser,
  setSyncEnabled,
  syncSwitchedEvent,
  type RouteSpec,
} from '../crm/index.ts';
import type { SyncService } from './sync-service.ts';

const Id = z.uuid({ error: 'must be a UUID' });
const Instant = z.iso.datetime({ offset: true });
const MailboxState = z.enum(['ACTIVE', 'THROTTLED', 'NEEDS_ADMIN', 'NOT_PERMITTED', 'INACTIVE', 'FAILED', 'DISABLED']);

export const SyncStatusResponse = z
  .object({
    connection: z
      .object({
        directoryTenantId: z.string(),
        state: z.enum(['CONNECTED', 'NEEDS_ADMIN']),
        stateReason: z.string().nullable(),
      })
      .nullable(),
    mailboxes: z.array(
      z.object({
        id: Id,
        user: z.object({ id: Id, displayName: z.string(), email: z.string(), syncEnabled: z.boolean() }),
        address: z.string(),
        state: MailboxState,
        stateReason: z.string().nullable(),
        throttledUntil: Instant.nullable(),
        retryAt: Instant.nullable(),
        lastRoundAt: Instant.nullable(),
        lastError: z.string().nullable(),
        lastErrorAt: Instant.nullable(),
        itemsCaptured: z.number().int(),
        subscriptionExpiresAt: Instant.nullable(),
        folders: z.array(
          z.object({
            folderId: z.string(),
            displayName: z.string(),
            wellKnown: z.string().nullable(),
            lastRoundAt: Instant.nullable(),
            roundsDone: z.number().int(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'SyncStatus' });

const SyncSettings = z
  .object({
    bodyStorage: z.enum(['none', 'preview', 'full']),
    skipBulk: z.boolean(),
    /** Domains (their subdomains too) and addresses whose mail is never synced. */
    blocked: z
      .array(
        z
          .string()
          .trim()
          .toLowerCase()
          .min(3)
          .max(320)
          .regex(/^[^\s,;<>]+$/, 'must be a domain or an address'),
      )
      .max(1000),
  })
  .meta({ id: 'SyncSettings' });

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** The sync's routes; without a service (the sync is off) those that need Graph answer 503. */
export function syncRoutes(syncService: SyncService | null): RouteSpec[] {
  const service = () => {
    if (!syncService) throw new AppError('SYNC_DISABLED', 503, 'The mail sync is not configured on this server');
    return syncService;
  };
  return [
    defineRoute({
      method: 'get',
      path: '/sync/status',
      tag: 'Sync',
      summary: "Each mailbox's sync state, last successful round, items captured and last error",
      auth: 'admin',
      response: SyncStatusResponse,
      handler: async (_input, ctx) => {
        const [connection, mailboxes] = await Promise.all([
          ctx.db.graphConnection.findFirst({
            where: {},
            select: { directoryTenantId: true, state: true, stateReason: true },
          }),
          ctx.db.mailbox.findMany({
            orderBy: { address: 'asc' },
            include: {
              user: { select: { id: true, displayName: true, email: true, syncEnabled: true } },
              folders: { orderBy: { displayName: 'asc' } },
              subscriptions: { orderBy: { expiresAt: 'desc' }, take: 1 },
            },
          }),
        ]);
        return {
          connection,
          mailboxes: mailboxes.map((m) => ({
            id: m.id,
            user: m.user,
            address: m.address,
            state: m.state,
            stateReason: m.stateReason,
            throttledUntil: iso(m.throttledUntil),
            retryAt: iso(m.retryAt),
            lastRoundAt: iso(m.lastRoundAt),
            lastError: m.lastError,
            lastErrorAt: iso(m.lastErrorAt),
            itemsCaptured: m.itemsCaptured,
            subscriptionExpiresAt: iso(m.subscriptions[0]?.expiresAt ?? null),
            folders: m.folders.map((f) => ({
              folderId: f.folderId,
              displayName: f.displayName,
              wellKnown: f.wellKnown,
              lastRoundAt: iso(f.lastRoundAt),
              roundsDone: f.roundsDone,
            })),
          })),
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/sync/mailboxes/:id/resync',
      tag: 'Sync',
      summary: 'Reads the mailbox again from the start (no duplicates: items are keyed by Message-ID)',
      auth: 'admin',
      params: z.object({ id: Id }),
      status: 202,
      response: z.object({ mailboxId: Id, requested: z.literal(true) }),
      handler: async ({ params }, ctx) => {
        const mailbox = await ctx.db.mailbox.findFirst({
          where: { id: params.id },
          select: { id: true, address: true },
        });
        if (!mailbox) throw new AppError('MAILBOX_NOT_FOUND', 404, 'No such mailbox');
        await ctx.db.$transaction(async (tx) => {
          await tx.mailbox.updateMany({
            where: { id: mailbox.id, state: { in: ['FAILED', 'THROTTLED', 'NOT_PERMITTED', 'INACTIVE'] } },
            data: { state: 'ACTIVE', retryAt: null, failures: 0 },
          });
          await recordAudit(tx, ctx, {
            action: 'sync.resync.requested',
            targetType: 'mailbox',
            targetId: mailbox.id,
            summary: `Asked for a full resync of ${mailbox.address}`,
          });
        });
        await service().requestFullResync(ctx.tenantId, mailbox.id);
        return new Reply(202, { mailboxId: mailbox.id, requested: true as const });
      },
    }),
    defineRoute({
      method: 'put',
      path: '/sync/connection',
      tag: 'Sync',
      summary: "Connects the tenant's Microsoft 365 directory to the sync (after admin consent)",
      auth: 'admin',
      body: z.object({
        directoryTenantId: z
          .string()
          .trim()
          .min(1)
          .max(100)
          .regex(/^[\w.-]+$/, 'must be a tenant id or domain'),
      }),
      response: z.object({
        directoryTenantId: z.string(),
        state: z.enum(['CONNECTED', 'NEEDS_ADMIN']),
        mailboxesFound: z.number().int(),
      }),
      errors: [403, 409, 503],
      handler: async ({ body }, ctx) => {
        const mailboxesFound = await service().connect(ctx.tenantId, body.directoryTenantId);
        // Connecting talks to Graph between its writes: the event follows its success.
        await recordAudit(ctx.db, ctx, {
          action: 'settings.sync.connected',
          targetType: 'directory',
          targetId: body.directoryTenantId,
          summary: `Connected the Microsoft 365 directory ${body.directoryTenantId} to the mail sync`,
          details: { mailboxesFound },
        });
        return { directoryTenantId: body.directoryTenantId, state: 'CONNECTED' as const, mailboxesFound };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/sync/settings',
      tag: 'Sync',
      summary: 'What the sync keeps of bodies and which mail it leaves out',
      auth: 'admin',
      response: SyncSettings,
      handler: async (_input, ctx) => {
        const tenant = await ctx.db.tenant.findFirstOrThrow({
          where: { id: ctx.tenantId },
          select: { syncBodyStorage: true, syncSkipBulk: true, syncBlocked: true },
        });
        return { bodyStorage: tenant.syncBodyStorage, skipBulk: tenant.syncSkipBulk, blocked: tenant.syncBlocked };
      },
    }),
    defineRoute({
      method: 'put',
      path: '/sync/settings',
      tag: 'Sync',
      summary: 'Sets what the sync keeps of bodies and which mail it leaves out (kept also while the sync is off)',
      auth: 'admin',
      body: SyncSettings,
      response: SyncSettings,
      handler: async ({ body }, ctx) => {
        const settings = { ...body, blocked: [...new Set(body.blocked)] };
        // Settings, not work: saved whether or not the sync runs on this server, read by its rounds.
        await ctx.db.$transaction(async (tx) => {
          const before = await tx.tenant.findFirstOrThrow({
            where: {},
            select: { syncBodyStorage: true, syncSkipBulk: true, syncBlocked: true },
          });
          await tx.tenant.update({
            where: { id: ctx.tenantId },
            data: {
              syncBodyStorage: settings.bodyStorage,
              syncSkipBulk: settings.skipBulk,
              syncBlocked: settings.blocked,
            },
          });
          await recordAudit(tx, ctx, {
            action: 'settings.sync.updated',
            targetType: 'tenant',
            targetId: ctx.tenantId,
            summary: 'Changed the mail sync settings',
            details: {
              before: {
                bodyStorage: before.syncBodyStorage,
                skipBulk: before.syncSkipBulk,
                blocked: before.syncBlocked,
              },
              after: settings,
            },
          });
        });
        return settings;
      },
    }),
    defineRoute({
      method: 'put',
      path: '/sync/mailboxes/:id/folders',
      tag: 'Sync',
      summary: 'Folders to sync besides Inbox and Sent Items (Graph folder ids)',
      auth: 'admin',
      params: z.object({ id: Id }),
      body: z.object({ folderIds: z.array(z.string().min(1).max(500)).max(50) }),
      response: z.object({ mailboxId: Id, folderIds: z.array(z.string()) }),
      handler: async ({ params, body }, ctx) => {
        const folderIds = [...new Set(body.folderIds)];
        await ctx.db.$transaction(async (tx) => {
          const mailbox = await tx.mailbox.findFirst({
            where: { id: params.id },
            select: { address: true, extraFolderIds: true },
          });
          if (!mailbox) throw new AppError('MAILBOX_NOT_FOUND', 404, 'No such mailbox');
          await tx.mailbox.updateMany({ where: { id: params.id }, data: { extraFolderIds: folderIds } });
          await recordAudit(tx, ctx, {
            action: 'settings.sync.folders.updated',
            targetType: 'mailbox',
            targetId: params.id,
            summary: `Changed the folders synced of ${mailbox.address}`,
            details: { before: mailbox.extraFolderIds, after: folderIds },
          });
        });
        await service().poke(ctx.tenantId, params.id, 'folders-changed');
        return { mailboxId: params.id, folderIds };
      },
    }),
    defineRoute({
      method: 'put',
      path: '/me/sync',
      tag: 'Sync',
      summary: "Turns the sync of the signed-in user's mailbox on or off",
      body: z.object({ enabled: z.boolean() }),
      response: z.object({ enabled: z.boolean() }),
      handler: async ({ body }, ctx) => {
        const user = requireUser(ctx);
        await ctx.db.$transaction(async (tx) => {
          const before = await tx.user.findFirstOrThrow({ where: { id: user.userId }, select: { syncEnabled: true } });
          await setSyncEnabled(tx, user.userId, body.enabled);
          if (before.syncEnabled !== body.enabled) {
            await recordAudit(tx, ctx, syncSwitchedEvent({ id: user.userId, email: user.email }, body.enabled));
          }
        });
        const { userId } = user;
        // A server without the sync has no notifications to stop: the opt-out is saved all the same.
        if (!body.enabled && syncService) await syncService.dropSubscriptions(ctx.tenantId, userId);
        return { enabled: body.enabled };
      },
    }),
  ];
}
