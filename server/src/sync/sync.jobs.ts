// The sync as jobs: a round of one mailbox is a `mailbox-sync` job (one at a time
// per mailbox: the queue's singleton policy; later requests wait behind it, so a
// notification during a round is served by the next one), and a `sync-tick` job
// every minute (once across all server processes) runs the schedule.
import type { JobQueue } from '../queue/index.ts';
import type { Logger } from '../shared/log.ts';
import { syncMailbox, type SyncDeps } from './mailbox-sync.ts';
import type { RoundRequester, SyncService } from './sync-service.ts';

export function createRoundRequester(queue: JobQueue, now: () => Date): RoundRequester {
  return async (tenantId, mailboxId, options) => {
    await queue.send(
      'mailbox-sync',
      { tenantId, mailboxId, full: options.full ?? false, reason: options.reason, requestedAt: now().toISOString() },
      options.startAfter ? { startAfter: options.startAfter } : undefined,
    );
  };
}

export async function startSyncWorkers(deps: {
  queue: JobQueue;
  service: SyncService;
  round: SyncDeps;
  requestRound: RoundRequester;
  log: Logger;
  pollSeconds: number;
  workers: number;
}) {
  const { queue, round } = deps;
  await queue.work('mailbox-sync', { concurrency: deps.workers }, async (job) => {
    const { tenantId, mailboxId, full, requestedAt } = job.data;
    if (!full && requestedAt) {
      // A round that started after this request was made has already served it.
      const mailbox = await round.scoped.get(tenantId).mailbox.findFirst({
        where: { id: mailboxId },
        select: { roundStartedAt: true },
      });
      if (mailbox?.roundStartedAt && mailbox.roundStartedAt > new Date(requestedAt)) {
        job.log.debug({ event: 'sync.round.coalesced', mailboxId }, 'sync.round.coalesced');
        return;
      }
    }
    const outcome = await syncMailbox({ ...round, log: job.log }, { tenantId, mailboxId, full });
    if (outcome.retryAt) {
      await deps.requestRound(tenantId, mailboxId, { startAfter: outcome.retryAt, reason: `retry:${outcome.state}` });
    }
  });
  await queue.work('sync-tick', { concurrency: 1 }, async () => {
    const requested = await deps.service.tick({ pollIntervalMs: deps.pollSeconds * 1000 });
    if (requested) deps.log.debug({ event: 'sync.tick', requested }, 'sync.tick');
  });
  await queue.schedule('sync-tick', '* * * * *', {});
}
