// The queues the mail sync uses: their payloads (zod, checked on send and again when a
// worker takes the job), their policy and their retry and expiry settings.
import { z } from 'zod';

export const MailboxSyncJob = z.object({
  tenantId: z.string().min(1),
  mailboxId: z.string().min(1),
  /** Read every folder again from the start (an admin's resync). */
  full: z.boolean().optional(),
  /** Why: schedule, notification, retry… (for the logs). */
  reason: z.string().max(100).optional(),
  /** When it was asked for: a round started later has served it. */
  requestedAt: z.iso.datetime().optional(),
});
export const SyncTickJob = z.object({});
export type SyncTickJob = z.infer<typeof SyncTickJob>;
export type MailboxSyncJob = z.infer<typeof MailboxSyncJob>;

/** Retry, expiry and heartbeat of a queue's jobs (pg-boss's queue options, in seconds). */
export type QueueSettings = {
  /** Attempts after the first before the job is marked failed. */
  retryLimit: number;
  /** First retry delay; doubled per attempt with jitter (pg-boss's retryBackoff). */
  retryDelay: number;
  /** The longest delay between two attempts. */
  retryDelayMax: number;
  /** How long one attempt may stay active before it is failed (and retried). */
  expireInSeconds: number;
  /**
   * The worker refreshes the job every heartbeatSeconds / 2 while its handler runs; a job whose
   * worker stopped doing so (the process died) is retried after heartbeatSeconds. pg-boss: >= 10.
   */
  heartbeatSeconds: number;
};

type QueueDefinition<T> = {
  payload: z.ZodType<T>;
  /**
   * pg-boss's `singleton` policy: at most one active job per key, any number queued behind it,
   * each of which runs after it. (`stately` keeps one queued job per key and drops the sends
   * after it: a resync asked for while a delta sync waits would be lost. `exclusive` drops every
   * send while one is queued or active.) Measured in server/test/queue/queue.test.ts.
   */
  policy: 'singleton' | 'standard';
  /** The singleton key of a job: what must never run twice at once. */
  keyOf?: (data: T) => string;
  settings: QueueSettings;
};

export const QUEUES = {
  /**
   * One delta sync of one mailbox. One at a time per mailbox: the key holds the tenant too,
   * because ids are only unique within a tenant (primary keys are (tenantId, id)).
   */
  'mailbox-sync': {
    payload: MailboxSyncJob,
    policy: 'singleton',
    keyOf: (job: MailboxSyncJob) => `${job.tenantId}:${job.mailboxId}`,
    settings: { retryLimit: 5, retryDelay: 30, retryDelayMax: 900, expireInSeconds: 60 * 60, heartbeatSeconds: 60 },
  } satisfies QueueDefinition<MailboxSyncJob>,
  /** The schedule's tick: finds the mailboxes that are due and asks for their rounds. */
  'sync-tick': {
    payload: SyncTickJob,
    policy: 'standard',
    settings: { retryLimit: 1, retryDelay: 10, retryDelayMax: 60, expireInSeconds: 10 * 60, heartbeatSeconds: 30 },
  } satisfies QueueDefinition<SyncTickJob>,
};

export type QueueName = keyof typeof QUEUES;
export type JobData<Q extends QueueName> = z.infer<(typeof QUEUES)[Q]['payload']>;
export const QUEUE_NAMES = Object.keys(QUEUES) as QueueName[];
