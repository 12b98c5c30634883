// The job queue: pg-boss, one implementation on both databases. On PostgreSQL it has its own
// pool on the connection string, and every server process on that database shares the work.
// On PGlite it runs in process on the app's own PGlite instance through pg-boss's fromPglite
// adapter (never through pglite-socket: its statements interleave with the app's open
// transactions, and LISTEN/NOTIFY does nothing there).
//
// PGlite has one connection. PGlite.query() and PGlite.transaction() take the same mutex, and
// pglite-prisma-adapter runs an interactive transaction inside PGlite.transaction(), so while
// the app holds a transaction open, every pg-boss statement waits for it to end: a job sent
// from elsewhere meanwhile is written after the COMMIT or ROLLBACK, never inside the app's
// transaction, so the app's rollback cannot take it away (server/test/queue/queue.test.ts).
// The flip side: awaiting send() INSIDE an interactive transaction waits for that
// transaction, which waits for send(): it hangs until Prisma's transaction timeout (5 s) rolls
// it back. So send after the commit ("persist, then fan out", STYLE.md); on PostgreSQL that is
// also what keeps a job from running before the data it refers to is visible.
//
// pg-boss keeps its tables in the schema `pgboss`. Prisma's migrations and its diff only look
// at the schema of the datasource (public), so they neither see nor drop them.
import { fromPglite, PgBoss, type ConstructorOptions, type Job } from 'pg-boss';
import type { Database } from '../db/index.ts';
import type { Logger } from '../shared/log.ts';
import { QUEUE_NAMES, QUEUES, type JobData, type QueueName, type QueueSettings } from './queues.ts';

export const DEFAULT_QUEUE_SCHEMA = 'pgboss';
/** How long stop() waits for running handlers before failing their jobs (they are retried). */
export const DEFAULT_STOP_TIMEOUT_MS = 30_000;
const DEFAULT_POLLING_INTERVAL_SECONDS = 2;

export type QueueOptions = {
  log: Logger;
  /** The PostgreSQL schema of pg-boss's tables. Tests give each file its own. */
  schema?: string;
  /**
   * How often jobs that expired or lost their heartbeat (a dead worker) are put back, and how
   * often schedules are checked. pg-boss's default is 60 s.
   */
  superviseIntervalSeconds?: number;
  /** Per queue changes to QUEUES' settings (tests shorten the delays). */
  settings?: Partial<Record<QueueName, Partial<QueueSettings>>>;
  /** PostgreSQL: the size of pg-boss's own pool. */
  poolSize?: number;
};

export type SendOptions = {
  /** Run no earlier than this (a date, or seconds from now). */
  startAfter?: Date | number;
  priority?: number;
};

export type WorkOptions = {
  /** Jobs of this queue run at once in this process (each under its own key). */
  concurrency?: number;
  /** Idle poll; NOTIFY wakes the workers sooner where the database delivers it. pg-boss: >= 0.5. */
  pollingIntervalSeconds?: number;
};

export type QueueJob<Q extends QueueName> = {
  id: string;
  queue: Q;
  data: JobData<Q>;
  /** 0 on the first attempt. */
  retryCount: number;
  /** Aborted when the job is given up on (stop() timed out, the job expired). */
  signal: AbortSignal;
  log: Logger;
};

export type JobHandler<Q extends QueueName> = (job: QueueJob<Q>) => Promise<void>;

export type JobQueue = {
  readonly kind: Database['kind'];
  /** Installs or migrates pg-boss's schema, creates the queues and starts maintenance. */
  start(): Promise<void>;
  /**
   * Stops taking jobs and waits up to timeoutMs for the running handlers; jobs still running
   * then are failed, to be retried by whoever runs next. Closes pg-boss's own pool; on PGlite,
   * the app's PGlite stays open (close the Database after this).
   */
  stop(options?: { timeoutMs?: number }): Promise<void>;
  /** The job's id, or null if pg-boss did not create it. */
  send<Q extends QueueName>(queue: Q, data: JobData<Q>, options?: SendOptions): Promise<string | null>;
  /** Registers a handler; returns the worker's id. */
  work<Q extends QueueName>(queue: Q, options: WorkOptions, handler: JobHandler<Q>): Promise<string>;
  /** Sends `data` to the queue on a cron expression (UTC unless tz); one schedule per queue and key. */
  schedule<Q extends QueueName>(queue: Q, cron: string, data: JobData<Q>, options?: { tz?: string }): Promise<void>;
  unschedule<Q extends QueueName>(queue: Q, data: JobData<Q>): Promise<void>;
  /** Jobs of the queue not yet finished: created, retry or active. For tests and status pages. */
  countPending(queue: QueueName): Promise<number>;
};

export function openQueue(db: Database, options: QueueOptions): JobQueue {
  const log = options.log.child({ module: 'queue' });
  const schema = options.schema ?? DEFAULT_QUEUE_SCHEMA;
  const common: ConstructorOptions = {
    schema,
    superviseIntervalSeconds: options.superviseIntervalSeconds ?? 30,
    monitorIntervalSeconds: options.superviseIntervalSeconds ?? 30,
    useListenNotify: true,
    // pg-boss's OpenTelemetry is a no-op without an SDK; we register none.
    openTelemetry: { enabled: false },
  };
  let boss: PgBoss;
  if (db.kind === 'pglite') {
    if (!db.pglite) throw new Error('openQueue: a PGlite database without its PGlite instance');
    boss = new PgBoss({ ...common, db: fromPglite(db.pglite), backend: 'pglite' });
  } else {
    if (!db.databaseUrl) throw new Error('openQueue: a PostgreSQL database without its connection string');
    boss = new PgBoss({
      ...common,
      connectionString: db.databaseUrl,
      max: options.poolSize ?? 4,
      application_name: 'crm-for-outlook queue',
    });
  }
  // pg-boss reports what goes wrong in its background loops (polling, maintenance, a lost
  // connection) as events and carries on; unhandled, an 'error' event would end the process.
  boss.on('error', (error) => log.error({ err: error }, 'queue error'));
  boss.on('warning', (warning) => log.warn({ warning }, 'queue warning'));

  const settingsOf = (queue: QueueName): QueueSettings => ({
    ...QUEUES[queue].settings,
    ...options.settings?.[queue],
  });
  const keyOf = <Q extends QueueName>(queue: Q, data: JobData<Q>): string | undefined => {
    const definition = QUEUES[queue] as { keyOf?: (data: JobData<Q>) => string };
    return definition.keyOf?.(data);
  };

  return {
    kind: db.kind,

    async start() {
      await boss.start();
      for (const name of QUEUE_NAMES) {
        const settings = settingsOf(name);
        const queueOptions = { ...settings, retryBackoff: true, notify: true };
        await boss.createQueue(name, { ...queueOptions, policy: QUEUES[name].policy });
        // createQueue leaves an existing queue as it was: bring its settings up to date.
        await boss.updateQueue(name, queueOptions);
      }
      if (db.kind === 'pglite') await retryOrphans();
      log.info({ database: db.kind, schema, queues: QUEUE_NAMES }, 'queue started');
    },

    async stop({ timeoutMs = DEFAULT_STOP_TIMEOUT_MS } = {}) {
      const started = Date.now();
      await boss.stop({ graceful: true, timeout: timeoutMs, close: true });
      log.info({ ms: Date.now() - started }, 'queue stopped');
    },

    async send(queue, data, sendOptions = {}) {
      const parsed = QUEUES[queue].payload.parse(data) as typeof data;
      const singletonKey = keyOf(queue, parsed);
      const id = await boss.send(queue, parsed, {
        ...(singletonKey === undefined ? {} : { singletonKey }),
        ...(sendOptions.startAfter === undefined ? {} : { startAfter: sendOptions.startAfter }),
        ...(sendOptions.priority === undefined ? {} : { priority: sendOptions.priority }),
      });
      log.debug({ queue, jobId: id, singletonKey }, 'job sent');
      return id;
    },

    work(queue, workOptions, handler) {
      const pollingIntervalSeconds = workOptions.pollingIntervalSeconds ?? DEFAULT_POLLING_INTERVAL_SECONDS;
      return boss.work<unknown>(
        queue,
        {
          batchSize: 1,
          localConcurrency: workOptions.concurrency ?? 1,
          pollingIntervalSeconds,
          // NOTIFY announces new jobs only: a retry coming due, or the next queued sync of a
          // mailbox whose sync just ended, is found by polling. pg-boss would slow polling to
          // every 30 s while NOTIFY works; measured, a mailbox's queued syncs then ran 30 s apart.
          notifyPollingIntervalSeconds: pollingIntervalSeconds,
        },
        async ([job]) => {
          if (job) await runJob(queue, job, handler);
        },
      );
    },

    async schedule(queue, cron, data, scheduleOptions = {}) {
      const parsed = QUEUES[queue].payload.parse(data) as typeof data;
      const key = keyOf(queue, parsed);
      await boss.schedule(queue, cron, parsed, {
        ...(key === undefined ? {} : { key, singletonKey: key }),
        ...(scheduleOptions.tz === undefined ? {} : { tz: scheduleOptions.tz }),
      });
    },

    async unschedule(queue, data) {
      await boss.unschedule(queue, keyOf(queue, QUEUES[queue].payload.parse(data) as typeof data));
    },

    async countPending(queue) {
      const { rows } = await boss
        .getDb()
        .executeSql(`SELECT count(*)::int AS n FROM ${schema}.job WHERE name = $1 AND state < 'completed'`, [queue]);
      return (rows[0] as { n: number }).n;
    },
  };

  /**
   * On PGlite, one process owns the data directory (db/client.ts locks it), so a job still active
   * when the queue starts was taken by a process that died with it: fail it now, for a retry
   * with backoff, instead of waiting out its heartbeat. On PostgreSQL another process may be
   * running it, so pg-boss's heartbeat and expiry decide there.
   */
  async function retryOrphans() {
    for (const name of QUEUE_NAMES) {
      const { rows } = await boss
        .getDb()
        .executeSql(`SELECT id FROM ${schema}.job WHERE name = $1 AND state = 'active'`, [name]);
      const ids = (rows as { id: string }[]).map((row) => row.id);
      if (ids.length === 0) continue;
      await boss.fail(name, ids, { reason: 'the process running it ended' });
      log.warn({ queue: name, jobIds: ids }, 'orphaned jobs retried');
    }
  }

  async function runJob<Q extends QueueName>(queue: Q, job: Job<unknown>, handler: JobHandler<Q>) {
    const jobLog = log.child({ queue, jobId: job.id, retryCount: job.retryCount });
    const parsed = QUEUES[queue].payload.safeParse(job.data);
    if (!parsed.success) {
      jobLog.error({ issues: parsed.error.issues }, 'job payload invalid');
      throw parsed.error;
    }
    const started = Date.now();
    jobLog.debug('job started');
    try {
      await handler({
        id: job.id,
        queue,
        data: parsed.data as JobData<Q>,
        retryCount: job.retryCount,
        signal: job.signal,
        log: jobLog,
      });
    } catch (error) {
      // pg-boss records the failure and retries the job with backoff up to its retryLimit.
      jobLog.warn({ err: error, ms: Date.now() - started }, 'job failed');
      throw error;
    }
    jobLog.debug({ ms: Date.now() - started }, 'job completed');
  }
}
