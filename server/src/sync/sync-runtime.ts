// Builds the mail sync from the configuration: Graph access, the service, the
// jobs. main.ts and the tests that run a whole server use it.
import type { Clock } from '../crm/index.ts';
import { ScopedClients, type SystemDb } from '../db/index.ts';
import { createAppTokens, createMailGraph } from '../graph/index.ts';
import type { JobQueue } from '../queue/index.ts';
import type { Logger } from '../shared/log.ts';
import type { SyncSettings } from './mailbox-sync.ts';
import { createSyncService } from './sync-service.ts';
import { createRoundRequester, startSyncWorkers } from './sync.jobs.ts';

export type SyncRuntimeOptions = {
  system: SystemDb;
  queue: JobQueue;
  log: Logger;
  clock: Clock;
  graph: { baseUrl: string; authorityHost: string; clientId: string; clientSecret: string };
  appConcurrency: number;
  settings: SyncSettings;
  pollSeconds: number;
  workers: number;
  /** Tenants to connect at start: slug → directory tenant id. */
  connect?: Record<string, string>;
};

export type SyncRuntime = ReturnType<typeof createSyncRuntime>;

export function createSyncRuntime(options: SyncRuntimeOptions) {
  const log = options.log.child({ module: 'sync' });
  const scoped = new ScopedClients(options.system);
  const tokens = createAppTokens({
    authorityHost: options.graph.authorityHost,
    clientId: options.graph.clientId,
    clientSecret: options.graph.clientSecret,
    log,
  });
  const graph = createMailGraph({
    graphBaseUrl: options.graph.baseUrl,
    tokens,
    log,
    appWideConcurrency: options.appConcurrency,
  });
  const requestRound = createRoundRequester(options.queue, () => options.clock.now());
  const endpoints = { notificationUrl: null as string | null, lifecycleUrl: null as string | null };
  const service = createSyncService({
    system: options.system,
    scoped,
    graph,
    log,
    clock: options.clock,
    endpoints,
    requestRound,
  });
  return {
    graph,
    service,
    /**
     * Starts the workers and the schedule, and connects the configured tenants.
     * `notificationUrl` (…/graph/notifications) must reach this server: Graph
     * validates it when subscribing; null: no webhooks, delta polling only.
     */
    async start(notificationUrl: string | null) {
      endpoints.notificationUrl = notificationUrl;
      endpoints.lifecycleUrl = notificationUrl?.replace(/\/notifications$/, '/lifecycle') ?? null;
      await startSyncWorkers({
        queue: options.queue,
        service,
        round: { scoped, graph, log, clock: options.clock, settings: options.settings },
        requestRound,
        log,
        pollSeconds: options.pollSeconds,
        workers: options.workers,
      });
      for (const [slug, directoryTenantId] of Object.entries(options.connect ?? {})) {
        const tenant = await options.system.tenant.findUnique({ where: { slug }, select: { id: true } });
        if (!tenant) {
          log.warn(
            { event: 'sync.connection.unknown-tenant', slug },
            'GRAPH_CONNECT names a tenant that does not exist',
          );
          continue;
        }
        // Connecting again is harmless: it finds new mailboxes, asks for a round of each and
        // makes sure each has a subscription. A tenant whose consent was revoked gets one
        // attempt per start, which puts it back to NEEDS_ADMIN if nothing changed.
        try {
          await service.connect(tenant.id, directoryTenantId);
        } catch (error) {
          // One tenant's trouble (its consent revoked, Graph down) leaves the others alone;
          // the schedule tries it again.
          log.warn({ event: 'sync.connection.failed', slug, err: (error as Error).message }, 'sync.connection.failed');
        }
      }
    },
  };
}
