// The mail sync as the rest of the server sees it: connecting a tenant, finding
// its mailboxes, the schedule that keeps them in step, webhooks that poke a
// mailbox, and the status an admin reads. The rounds themselves are in
// mailbox-sync.ts; they run as jobs (sync.jobs.ts), one mailbox at a time.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { ScopedClients, SystemDb } from '../db/index.ts';
import { GraphFailure, type MailGraph } from '../graph/index.ts';
import { AppError } from '../shared/errors.ts';
import type { Logger } from '../shared/log.ts';
import type { Clock } from '../crm/index.ts';

/** Messages allow at most 10,080 minutes; renewed when less than a day is left. */
const SUBSCRIPTION_LIFETIME_MS = 3 * 24 * 3600_000;
const RENEW_BEFORE_MS = 24 * 3600_000;

export type RoundRequestOptions = { full?: boolean; startAfter?: Date; reason: string };

/** How rounds are requested: sync.jobs.ts sends them as jobs, one mailbox at a time. */
export type RoundRequester = (tenantId: string, mailboxId: string, options: RoundRequestOptions) => Promise<void>;

export type SyncServiceDeps = {
  system: SystemDb;
  scoped: ScopedClients;
  graph: MailGraph;
  log: Logger;
  clock: Clock;
  /**
   * Where Graph posts notifications (https in production), or null: delta polling
   * only. Read when subscribing: set once the server listens.
   */
  endpoints: { notificationUrl: string | null; lifecycleUrl: string | null };
  requestRound: RoundRequester;
};

export type SyncService = ReturnType<typeof createSyncService>;

const Notification = z.object({
  subscriptionId: z.string().min(1).max(200),
  clientState: z.string().max(500).nullish(),
  changeType: z.string().max(100).nullish(),
  lifecycleEvent: z.string().max(100).nullish(),
});
const NotificationBatch = z.object({ value: z.array(z.unknown()).max(1000) });

export function createSyncService(deps: SyncServiceDeps) {
  const { system, log } = deps;

  /** Creates the Mailbox of every user of the tenant who has none yet and is in the directory. */
  async function discoverMailboxes(tenantId: string) {
    const db = deps.scoped.get(tenantId);
    const connection = await db.graphConnection.findFirst({
      where: {},
      select: { directoryTenantId: true, state: true },
    });
    if (connection?.state !== 'CONNECTED') return 0;
    const users = await db.user.findMany({
      where: { mailbox: null, syncEnabled: true },
      select: { id: true, email: true },
    });
    let created = 0;
    for (const user of users) {
      const found = await deps.graph.findUser(connection.directoryTenantId, user.email);
      if (!found) {
        log.info(
          { event: 'sync.mailbox.not-in-directory', tenantId, userId: user.id },
          'sync.mailbox.not-in-directory',
        );
        continue;
      }
      const result = await db.mailbox.createMany({
        data: [{ tenantId, userId: user.id, graphUserId: found.id, address: user.email }],
        skipDuplicates: true,
      });
      created += result.count;
    }
    return created;
  }

  async function ensureSubscription(tenantId: string, mailboxId: string) {
    const { notificationUrl, lifecycleUrl } = deps.endpoints;
    if (!notificationUrl || !lifecycleUrl) return;
    const db = deps.scoped.get(tenantId);
    const [mailbox, connection, existing] = await Promise.all([
      db.mailbox.findFirst({ where: { id: mailboxId }, select: { graphUserId: true, state: true } }),
      db.graphConnection.findFirst({ where: {}, select: { directoryTenantId: true, state: true } }),
      db.graphSubscription.findFirst({ where: { mailboxId }, orderBy: { expiresAt: 'desc' } }),
    ]);
    if (!mailbox || connection?.state !== 'CONNECTED' || mailbox.state !== 'ACTIVE') return;
    const now = deps.clock.now().getTime();
    const expiry = new Date(now + SUBSCRIPTION_LIFETIME_MS);
    if (existing && existing.expiresAt.getTime() > now) {
      if (existing.expiresAt.getTime() - now > RENEW_BEFORE_MS) return;
      try {
        const renewed = await deps.graph.renewSubscription(connection.directoryTenantId, existing.id, expiry);
        await db.graphSubscription.updateMany({
          where: { id: existing.id },
          data: { expiresAt: new Date(renewed.expirationDateTime) },
        });
        log.info({ event: 'sync.subscription.renewed', tenantId, mailboxId }, 'sync.subscription.renewed');
        return;
      } catch (error) {
        if (!(error instanceof GraphFailure && error.kind === 'NOT_FOUND')) throw error;
      }
    }
    // None, expired unnoticed or gone at Graph: create one (never assume it exists).
    await db.graphSubscription.deleteMany({ where: { mailboxId } });
    const clientState = randomBytes(32).toString('base64url');
    const created = await deps.graph.createSubscription(connection.directoryTenantId, {
      resource: `/users/${mailbox.graphUserId}/messages`,
      notificationUrl,
      lifecycleNotificationUrl: lifecycleUrl,
      clientState,
      expirationDateTime: expiry,
    });
    await db.graphSubscription.create({
      data: {
        id: created.id,
        tenantId,
        mailboxId,
        clientState,
        resource: created.resource,
        expiresAt: new Date(created.expirationDateTime),
      },
    });
    log.info({ event: 'sync.subscription.created', tenantId, mailboxId }, 'sync.subscription.created');
  }

  /**
   * The schedule's tick: finds mailboxes, keeps subscriptions alive, and asks for a
   * round of every mailbox that is due (delta polling is the safety net under the
   * webhooks). Returns the number of rounds requested.
   */
  async function tick(options: { pollIntervalMs: number }) {
    const now = deps.clock.now();
    const connections = await system.graphConnection.findMany({
      where: { state: 'CONNECTED' },
      select: { tenantId: true },
    });
    let requested = 0;
    for (const { tenantId } of connections) {
      try {
        await discoverMailboxes(tenantId);
      } catch (error) {
        log.warn({ event: 'sync.discovery.failed', tenantId, err: describe(error) }, 'sync.discovery.failed');
      }
      const db = deps.scoped.get(tenantId);
      const due = await db.mailbox.findMany({
        where: {
          user: { syncEnabled: true },
          OR: [
            {
              state: 'ACTIVE',
              retryAt: null,
              OR: [{ lastRoundAt: null }, { lastRoundAt: { lt: new Date(now.getTime() - options.pollIntervalMs) } }],
            },
            { state: { in: ['ACTIVE', 'THROTTLED', 'NOT_PERMITTED', 'INACTIVE', 'FAILED'] }, retryAt: { lte: now } },
          ],
        },
        select: { id: true, state: true },
      });
      for (const mailbox of due) {
        if (mailbox.state === 'ACTIVE') {
          try {
            await ensureSubscription(tenantId, mailbox.id);
          } catch (error) {
            log.warn(
              { event: 'sync.subscription.failed', tenantId, mailboxId: mailbox.id, err: describe(error) },
              'sync.subscription.failed',
            );
          }
        }
        await deps.requestRound(tenantId, mailbox.id, { reason: 'schedule' });
        requested++;
      }
    }
    return requested;
  }

  /** A mailbox to sync soon: marked dirty, and a round requested (coalesced per mailbox by the queue). */
  async function poke(tenantId: string, mailboxId: string, reason: string) {
    await deps.scoped
      .get(tenantId)
      .mailbox.updateMany({ where: { id: mailboxId }, data: { dirtyAt: deps.clock.now() } });
    await deps.requestRound(tenantId, mailboxId, { reason });
  }

  /**
   * Handles a notification POST after it was acknowledged. A notification only
   * marks its mailbox for a sync: delta is the source of truth. One with an unknown
   * subscription or a wrong clientState is logged and does nothing.
   */
  async function handleNotifications(body: unknown) {
    const batch = NotificationBatch.safeParse(body);
    if (!batch.success) {
      log.warn({ event: 'sync.notification.rejected', reason: 'malformed' }, 'sync.notification.rejected');
      return;
    }
    const poked = new Set<string>();
    for (const raw of batch.data.value) {
      const parsed = Notification.safeParse(raw);
      if (!parsed.success) {
        log.warn({ event: 'sync.notification.rejected', reason: 'malformed' }, 'sync.notification.rejected');
        continue;
      }
      const n = parsed.data;
      const subscription = await system.graphSubscription.findUnique({ where: { id: n.subscriptionId } });
      if (!subscription || !sameSecret(subscription.clientState, n.clientState ?? '')) {
        log.warn(
          { event: 'sync.notification.rejected', reason: subscription ? 'client-state' : 'unknown-subscription' },
          'sync.notification.rejected',
        );
        continue;
      }
      const { tenantId, mailboxId } = subscription;
      if (n.lifecycleEvent) {
        log.info(
          { event: 'sync.notification.lifecycle', tenantId, mailboxId, lifecycleEvent: n.lifecycleEvent },
          'sync.notification.lifecycle',
        );
        await handleLifecycle(subscription, n.lifecycleEvent);
      }
      // Several notifications for one mailbox in a POST: one poke.
      const key = `${tenantId}/${mailboxId}`;
      if (poked.has(key)) continue;
      poked.add(key);
      await poke(tenantId, mailboxId, n.lifecycleEvent ? `lifecycle:${n.lifecycleEvent}` : 'notification');
    }
  }

  async function handleLifecycle(subscription: { id: string; tenantId: string; mailboxId: string }, event: string) {
    const db = deps.scoped.get(subscription.tenantId);
    const connection = await db.graphConnection.findFirst({ where: {}, select: { directoryTenantId: true } });
    if (!connection) return;
    try {
      if (event === 'reauthorizationRequired') {
        await deps.graph.reauthorizeSubscription(connection.directoryTenantId, subscription.id);
      } else if (event === 'subscriptionRemoved') {
        await db.graphSubscription.deleteMany({ where: { id: subscription.id } });
        await ensureSubscription(subscription.tenantId, subscription.mailboxId);
      }
      // missed: the poke that follows runs delta, which catches up.
    } catch (error) {
      log.warn(
        { event: 'sync.subscription.failed', mailboxId: subscription.mailboxId, err: describe(error) },
        'sync.subscription.failed',
      );
    }
  }

  /** Connects (or reconnects) the tenant's directory; mailboxes waiting for an admin start again. */
  async function connect(tenantId: string, directoryTenantId: string) {
    // A tenant signed in through Entra may connect only its own directory: another
    // company's consent must never feed this tenant's timelines.
    const tenant = await system.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { entraTenantId: true } });
    if (tenant.entraTenantId && tenant.entraTenantId.toLowerCase() !== directoryTenantId.toLowerCase()) {
      throw new AppError('FORBIDDEN', 403, "Only your organisation's own Microsoft 365 directory can be connected");
    }
    const taken = await system.graphConnection.findUnique({ where: { directoryTenantId }, select: { tenantId: true } });
    if (taken && taken.tenantId !== tenantId) {
      throw new AppError('DIRECTORY_TAKEN', 409, 'That Microsoft 365 directory is connected to another organisation');
    }
    const db = deps.scoped.get(tenantId);
    await db.graphConnection.upsert({
      where: { tenantId },
      create: { tenantId, directoryTenantId },
      update: { directoryTenantId, state: 'CONNECTED', stateReason: null },
    });
    await db.mailbox.updateMany({
      where: { state: 'NEEDS_ADMIN' },
      data: { state: 'ACTIVE', stateReason: null, retryAt: null, failures: 0 },
    });
    log.info({ event: 'sync.connection.connected', tenantId }, 'sync.connection.connected');
    const found = await discoverMailboxes(tenantId);
    const mailboxes = await db.mailbox.findMany({ where: { user: { syncEnabled: true } }, select: { id: true } });
    for (const mailbox of mailboxes) {
      await deps.requestRound(tenantId, mailbox.id, { reason: 'connected' });
      try {
        await ensureSubscription(tenantId, mailbox.id);
      } catch (error) {
        // Delta polling still runs: the schedule tries to subscribe again.
        log.warn(
          { event: 'sync.subscription.failed', tenantId, mailboxId: mailbox.id, err: describe(error) },
          'sync.subscription.failed',
        );
      }
    }
    return found;
  }

  async function requestFullResync(tenantId: string, mailboxId: string) {
    log.info({ event: 'sync.resync.requested', tenantId, mailboxId }, 'sync.resync.requested');
    await deps.requestRound(tenantId, mailboxId, { full: true, reason: 'admin-resync' });
  }

  async function saveSettings(
    tenantId: string,
    settings: { bodyStorage: 'none' | 'preview' | 'full'; skipBulk: boolean; blocked: string[] },
  ) {
    // The tenant row is not writable through a scoped client: the system client, for this tenant only.
    await system.tenant.update({
      where: { id: tenantId },
      data: {
        syncBodyStorage: settings.bodyStorage,
        syncSkipBulk: settings.skipBulk,
        syncBlocked: [...new Set(settings.blocked)],
      },
    });
  }

  /** A user opted out: stop Graph's notifications for their mailbox. */
  async function dropSubscriptions(tenantId: string, userId: string) {
    const db = deps.scoped.get(tenantId);
    const [connection, subscriptions] = await Promise.all([
      db.graphConnection.findFirst({ where: {}, select: { directoryTenantId: true } }),
      db.graphSubscription.findMany({ where: { mailbox: { userId } }, select: { id: true } }),
    ]);
    for (const { id } of subscriptions) {
      try {
        if (connection) await deps.graph.deleteSubscription(connection.directoryTenantId, id);
      } catch (error) {
        log.warn({ event: 'sync.subscription.failed', tenantId, err: describe(error) }, 'sync.subscription.failed');
      }
      await db.graphSubscription.deleteMany({ where: { id } });
    }
  }

  /**
   * Forgets what a tenant's sync knew of Graph (user and message ids, delta links, subscriptions)
   * when its Graph was replaced: the demo's simulator, new at every start, knows none
   * of them. The timeline keeps every item: the next rounds find them by Message-ID.
   */
  async function forgetGraphState(tenantId: string) {
    // The mailboxes go (their cursors, sightings and subscriptions with them): connecting
    // finds them again under the directory's ids.
    await deps.scoped.get(tenantId).mailbox.deleteMany({ where: {} });
  }

  return {
    connect,
    forgetGraphState,
    discoverMailboxes,
    ensureSubscription,
    tick,
    poke,
    requestFullResync,
    saveSettings,
    dropSubscriptions,
    handleNotifications,
  };
}

/** Constant time whatever the lengths: compares digests-length buffers. */
function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}

const describe = (error: unknown) =>
  error instanceof GraphFailure
    ? { kind: error.kind, status: error.status, code: error.code }
    : { message: (error as Error).message };
