// A worker process for the crash test (queue.test.ts): takes one mailbox-sync job, says so on
// stdout, and never finishes it. The test SIGKILLs it mid-handler.
// node --import tsx crash-worker.fixture.ts <postgres url | PGlite data dir> <pg-boss schema> [send]
// With `send` it sends the job itself (a PGlite data directory has one process at a time).
import { openDatabase } from '../../src/db/index.ts';
import { openQueue } from '../../src/queue/index.ts';
import { createLogger } from '../../src/shared/log.ts';

const [target, schema, send] = process.argv.slice(2);
if (!target || !schema) throw new Error('usage: crash-worker.fixture.ts <database url | data dir> <schema>');
const db = await openDatabase(/^postgres(ql)?:/.test(target) ? { databaseUrl: target } : { dataDir: target });
const queue = openQueue(db, {
  log: createLogger('silent'),
  schema,
  superviseIntervalSeconds: 1,
  settings: { 'mailbox-sync': { heartbeatSeconds: 10, retryDelay: 1 } },
});
await queue.start();
await queue.work('mailbox-sync', { pollingIntervalSeconds: 0.5 }, async (job) => {
  process.stdout.write(`${JSON.stringify({ taken: job.id, retryCount: job.retryCount })}\n`);
  await new Promise(() => {
    // Runs until the process is killed.
  });
});
if (send === 'send') await queue.send('mailbox-sync', { tenantId: 't1', mailboxId: 'm' });
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
