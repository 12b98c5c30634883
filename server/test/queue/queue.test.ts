// The job queue on the run's database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set):
// one active sync per mailbox, sends during a run kept, crash recovery, two instances sharing
// the work, jobs surviving the app's rollback on the same PGlite, bounded retries.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { openDatabase, type Database } from '../../src/db/index.ts';
import { openQueue, type QueueOptions } from '../../src/queue/index.ts';
import { createLogger } from '../../src/shared/log.ts';
import { openTestDatabase } from '../harness.ts';

const onPostgres = process.env.TEST_DB === 'postgres';
const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
const FIXTURE = path.join(import.meta.dirname, 'crash-worker.fixture.ts');
const FAST = { pollingIntervalSeconds: 0.5 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const newSchema = () => `pgboss_test_${randomBytes(4).toString('hex')}`;

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** A gate a handler waits at until the test opens it. */
function gate() {
  let open = () => {
    // Replaced below.
  };
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/** A started queue on a fresh database (PGlite) or a fresh pg-boss schema (PostgreSQL), stopped after the test. */
async function startQueue(options: Partial<QueueOptions> = {}, db?: Database) {
  const database = db ?? (await openTestDatabase());
  const queue = openQueue(database, { log, schema: newSchema(), superviseIntervalSeconds: 1, ...options });
  await queue.start();
  onTestFinished(async () => {
    await queue.stop({ timeoutMs: 1000 });
    if (!db) await database.close();
  });
  return { db: database, queue };
}

describe('the job queue', () => {
  it('picks a job up within 2 s of its send (LISTEN/NOTIFY, polling as the backstop)', async () => {
    const { queue } = await startQueue();
    const latencies: number[] = [];
    let sentAt = 0;
    await queue.work('mailbox-sync', {}, async () => {
      latencies.push(Date.now() - sentAt);
    });
    for (let i = 0; i < 5; i++) {
      await sleep(300);
      sentAt = Date.now();
      await queue.send('mailbox-sync', { tenantId: 't1', mailboxId: `m${i}` });
      await until(() => latencies.length > i, 5000, `job ${i}`);
    }
    log.info({ db: queue.kind, latencies }, 'pickup latency');
    expect(Math.max(...latencies)).toBeLessThan(2000);
  });

  it('runs one sync per mailbox at a time, keeps the sends made during a run, and runs other mailboxes meanwhile', async () => {
    const { queue } = await startQueue();
    const release = gate();
    const runs: string[] = [];
    const active = new Set<string>();
    let overlaps = 0;
    await queue.work('mailbox-sync', { concurrency: 4, ...FAST }, async (job) => {
      const { mailboxId } = job.data;
      if (active.has(mailboxId)) overlaps++;
      active.add(mailboxId);
      runs.push(mailboxId);
      try {
        if (mailboxId === 'busy' && runs.filter((m) => m === 'busy').length === 1) await release.opened;
      } finally {
        active.delete(mailboxId);
      }
    });
    await queue.send('mailbox-sync', { tenantId: 't1', mailboxId: 'busy' });
    await until(() => active.has('busy'), 5000, 'the first sync of the busy mailbox');
    const sends = await Promise.all(
      Array.from({ length: 5 }, () => queue.send('mailbox-sync', { tenantId: 't1', mailboxId: 'busy' })),
    );
    // singleton: none of them is dropped (stately would keep one and answer null for the others).
    expect(sends.every((id) => typeof id === 'string')).toBe(true);
    await queue.send('mailbox-sync', { tenantId: 't1', mailboxId: 'other' });
    await until(() => runs.includes('other'), 5000, 'the other mailbox, while the busy one still runs');
    await sleep(1500); // several polls: the queued syncs of the busy mailbox must wait for it
    expect(runs.filter((m) => m === 'busy')).toHaveLength(1);
    release.open();
    await until(() => runs.filter((m) => m === 'busy').length >= 2, 10_000, 'a sync after the busy one');
    await until(async () => (await queue.countPending('mailbox-sync')) === 0, 20_000, 'the queued syncs');
    expect(runs.filter((m) => m === 'busy')).toHaveLength(6);
    expect(overlaps).toBe(0);
  });

  it('keys mailboxes by tenant too: the same mailbox id in two tenants syncs in parallel', async () => {
    const { queue } = await startQueue();
    const release = gate();
    const started: string[] = [];
    await queue.work('mailbox-sync', { concurrency: 2, ...FAST }, async (job) => {
      started.push(job.data.tenantId);
      await release.opened;
    });
    await queue.send('mailbox-sync', { tenantId: 't1', mailboxId: 'm' });
    await queue.send('mailbox-sync', { tenantId: 't2', mailboxId: 'm' });
    await until(() => started.length === 2, 5000, 'both tenants');
    release.open();
  });

  it('shares 20 mailboxes between two queue instances, never running one mailbox twice at once', async () => {
    const schema = newSchema();
    const first = await startQueue({ schema });
    const second = await startQueue({ schema });
    const active = new Set<string>();
    const done = new Map<string, number>();
    const byInstance = [0, 0];
    let overlaps = 0;
    const handler = (instance: number) => async (job: { data: { mailboxId: string } }) => {
      const { mailboxId } = job.data;
      if (active.has(mailboxId)) overlaps++;
      active.add(mailboxId);
      await sleep(20 + Math.random() * 60);
      active.delete(mailboxId);
      done.set(mailboxId, (done.get(mailboxId) ?? 0) + 1);
      byInstance[instance]!++;
    };
    await first.queue.work('mailbox-sync', { concurrency: 5, ...FAST }, handler(0));
    await second.queue.work('mailbox-sync', { concurrency: 5, ...FAST }, handler(1));
    const mailboxes = Array.from({ length: 20 }, (_, i) => `m${i}`);
    for (let round = 0; round < 3; round++) {
      await Promise.all(
        mailboxes.map((mailboxId, i) =>
          (i % 2 ? first : second).queue.send('mailbox-sync', { tenantId: 't', mailboxId }),
        ),
      );
    }
    await until(() => [...done.values()].reduce((a, b) => a + b, 0) === 60, 25_000, 'all 60 jobs');
    log.info({ db: first.queue.kind, byInstance }, 'jobs per instance');
    expect(overlaps).toBe(0);
    expect(mailboxes.map((m) => done.get(m))).toEqual(mailboxes.map(() => 3));
    expect(byInstance[0]! + byInstance[1]!).toBe(60);
    expect(await first.queue.countPending('mailbox-sync')).toBe(0);
  }, 40_000);

  it('retries a failing job with backoff up to its retry limit, then leaves it failed', async () => {
    const { queue } = await startQueue({ settings: { 'mailbox-sync': { retryLimit: 2, retryDelay: 1 } } });
    const attempts: number[] = [];
    await queue.work('mailbox-sync', FAST, async () => {
      attempts.push(Date.now());
      throw new Error('Graph is down');
    });
    await queue.send('mailbox-sync', { tenantId: 't1', mailboxId: 'm' });
    await until(async () => (await queue.countPending('mailbox-sync')) === 0, 20_000, 'the job to fail');
    await sleep(2500); // no further attempt once failed
    expect(attempts).toHaveLength(3);
    const gaps = attempts.slice(1).map((at, i) => at - attempts[i]!);
    log.info({ db: queue.kind, gaps }, 'retry gaps');
    // retryDelay 1 with backoff: the first retry after 1–2 s, the second after 2–4 s (plus a poll).
    expect(gaps[0]).toBeGreaterThanOrEqual(900);
    expect(gaps[1]).toBeGreaterThanOrEqual(1900);
  });

  it('keeps a job sent while the app rolls back a transaction on the same database', async () => {
    const { db, queue } = await startQueue();
    const ran: string[] = [];
    await queue.work('mailbox-sync', FAST, async (job) => {
      ran.push(job.data.mailboxId);
    });
    let sent: Promise<string | null> | undefined;
    const rolledBack = db.system.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT 1`;
      // Sent from elsewhere in the process (another request, a webhook) while the transaction is
      // open. On PGlite it waits for the transaction to end (one connection, one mutex).
      sent = queue.send('mailbox-sync', { tenantId: 't1', mailboxId: 'kept' });
      await sleep(300);
      throw new Error('roll back');
    });
    await expect(rolledBack).rejects.toThrow('roll back');
    expect(await sent).toEqual(expect.any(String));
    await until(() => ran.includes('kept'), 5000, 'the job sent during the rolled back transaction');
  });

  it('waits for running handlers when it stops', async () => {
    const { queue } = await startQueue();
    let finished = false;
    const started = gate();
    await queue.work('mailbox-sync', FAST, async () => {
      started.open();
      await sleep(500);
      finished = true;
    });
    await queue.send('mailbox-sync', { tenantId: 't1', mailboxId: 'm' });
    await started.opened;
    await queue.stop({ timeoutMs: 5000 });
    expect(finished).toBe(true);
  });
});

describe('a worker process killed mid-job', () => {
  const children = new Set<ChildProcess>();
  afterAll(() => {
    for (const child of children) child.kill('SIGKILL');
  });

  /** Starts the fixture worker and resolves once it has taken a job. */
  function startCrashWorker(target: string, schema: string, send = false) {
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, target, schema, ...(send ? ['send'] : [])], {
      cwd: path.resolve(import.meta.dirname, '../../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const lines = createInterface({ input: child.stdout });
    const message = (key: string) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        lines.on('line', (line) => {
          const parsed = JSON.parse(line) as Record<string, unknown>;
          if (key in parsed) resolve(parsed);
        });
        void exited.then(() => reject(new Error(`the worker exited:\n${stderr}`)));
      });
    return {
      ready: message('ready'),
      taken: message('taken'),
      async kill() {
        child.kill('SIGKILL');
        await exited;
        children.delete(child);
      },
    };
  }

  it.runIf(onPostgres)(
    'is taken by another worker after its heartbeat lapses (PostgreSQL)',
    async () => {
      const schema = newSchema();
      const { db, queue } = await startQueue({
        schema,
        settings: { 'mailbox-sync': { heartbeatSeconds: 10, retryDelay: 1 } },
      });
      const worker = startCrashWorker(db.databaseUrl!, schema);
      await worker.ready;
      const jobId = await queue.send('mailbox-sync', { tenantId: 't1', mailboxId: 'm' });
      expect((await worker.taken).taken).toBe(jobId);
      await worker.kill();
      const killedAt = Date.now();
      let retried: { id: string; retryCount: number } | undefined;
      await queue.work('mailbox-sync', FAST, async (job) => {
        retried = { id: job.id, retryCount: job.retryCount };
      });
      await until(() => retried !== undefined, 25_000, 'the job of the killed worker');
      log.info({ ms: Date.now() - killedAt }, 'crash recovery');
      expect(retried).toEqual({ id: jobId, retryCount: 1 });
    },
    60_000,
  );

  it.runIf(!onPostgres)(
    'is retried when the embedded database is opened again (PGlite)',
    async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'queue-crash-'));
      onTestFinished(() => rm(dir, { recursive: true, force: true }));
      // The worker process owns the data directory, so it sends the job itself.
      const worker = startCrashWorker(dir, 'pgboss', true);
      const { taken } = await worker.taken;
      await worker.kill();
      const killedAt = Date.now();
      const db = await openDatabase({ dataDir: dir });
      onTestFinished(() => db.close());
      const { queue } = await startQueue({ schema: 'pgboss' }, db);
      let retried: { id: string; retryCount: number } | undefined;
      await queue.work('mailbox-sync', FAST, async (job) => {
        retried = { id: job.id, retryCount: job.retryCount };
      });
      await until(() => retried !== undefined, 10_000, 'the job of the killed process');
      log.info({ ms: Date.now() - killedAt }, 'crash recovery');
      expect(retried).toEqual({ id: taken, retryCount: 1 });
    },
    60_000,
  );
});
