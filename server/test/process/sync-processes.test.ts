// The mail sync as it runs in production: server processes started with `node --import tsx
// server/src/main.ts`, syncing from the Graph simulator (in this test process) into one
// database, killed with SIGKILL in the middle of a round and started again, or two of them
// sharing twenty mailboxes. What is checked is what an operator relies on: nothing lost,
// nothing recorded twice, delta links that match what was committed, one round per mailbox
// at a time across processes, and Graph's per-mailbox concurrency limit kept.
//
// PostgreSQL: a database of its own per test on TEST_DATABASE_URL, the processes share it.
// PGlite: a data directory of its own; one process at a time owns it, so the test reads the
// database only while no server runs.
// SYNC_PROCS_LOGS=<dir>: each server's output is written there when it exits.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { createContact } from '../../src/crm/contacts/index.ts';
import { createCrmContext, provisionTenant, systemClock } from '../../src/crm/index.ts';
import { applyMigrations, openDatabase, ScopedClients, type Database } from '../../src/db/index.ts';
import { startGraphSimulator, type GraphSimulator, type SimUser } from '../../src/graph/simulator/index.ts';
import { openQueue } from '../../src/queue/index.ts';
import { createLogger } from '../../src/shared/log.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const onPostgres = process.env.TEST_DB === 'postgres';
const PAGE_SIZE = 10;
const running = new Set<ChildProcess>();

afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

type LogEvent = { event?: string; msg: string; time: number; pid: number; mailboxId?: string; [key: string]: unknown };

type ServerProcess = {
  child: ChildProcess;
  pid: number;
  /** The JSON log lines written so far (pino, one object a line on stdout). */
  events: LogEvent[];
  output: () => string;
  exited: Promise<number | null>;
};

function spawnServer(env: Record<string, string>): ServerProcess {
  // Nothing of the test runner's database settings leaks in: the test says which database.
  const { DATABASE_URL: _url, DATA_DIR: _dir, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const events: LogEvent[] = [];
  let output = '';
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('{')) events.push(JSON.parse(line) as LogEvent);
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child);
      if (process.env.SYNC_PROCS_LOGS)
        writeFileSync(path.join(process.env.SYNC_PROCS_LOGS, `server-${child.pid}.log`), output);
      resolve(code);
    }),
  );
  return { child, pid: child.pid!, events, output: () => output, exited };
}

/** Polls until check() holds; fails early when a process that should run has exited. */
async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
  alive: ServerProcess[] = [],
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    const dead = alive.find((p) => p.child.exitCode !== null || p.child.signalCode !== null);
    if (dead) throw new Error(`waiting for ${what}: the server exited\n${dead.output().slice(-3000)}`);
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const eventsNamed = (p: ServerProcess, event: string) => p.events.filter((e) => e.event === event);

/** A database of this test's own: the env a server needs to use it, and a way to open it here. */
async function freshDatabase(): Promise<{ env: Record<string, string>; open: () => Promise<Database> }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'crm-sync-procs-'));
  if (!onPostgres) {
    return { env: { DATA_DIR: dataDir }, open: () => openDatabase({ dataDir }) };
  }
  const base = process.env.TEST_DATABASE_URL!;
  const name = `crm_procs_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  onTestFinished(async () => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  });
  const url = new URL(base);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  return {
    env: { DATA_DIR: dataDir, DATABASE_URL: databaseUrl },
    open: () => openDatabase({ databaseUrl, poolSize: 2 }),
  };
}

type Population = {
  slug: string;
  env: Record<string, string>;
  /** Per simulator user: the Graph ids of the messages in that mailbox that belong on the timeline. */
  recorded: Map<string, Set<string>>;
  /** The Message-IDs the timeline must hold, once each. */
  expectedMessageIds: Set<string>;
  users: SimUser[];
};

/**
 * A tenant connected (through GRAPH_CONNECT) to a directory of `users` mailboxes. Each mailbox
 * holds mail from and to the tenant's contacts in Inbox and Sent Items, `strangers` messages
 * from unknown senders (left off the timeline), and `shared` messages sent to the next
 * colleague with a contact in copy: one email in two mailboxes, one timeline item.
 */
async function populate(
  db: Database,
  sim: GraphSimulator,
  counts: { users: number; inbox: number; sent: number; strangers: number; shared: number },
): Promise<Population> {
  const slug = `procs-${randomBytes(4).toString('hex')}`;
  const domain = `${slug}.example`;
  const directoryTenantId = randomUUID();
  const clientId = randomUUID();
  const clientSecret = randomUUID();
  sim.addTenant({ directoryTenantId, clientId, clientSecret, domains: [domain] });
  const tenant = await provisionTenant(db.system, { slug, name: `Processes ${slug}`, domains: [domain] });
  const people: { address: string; name: string; sim: SimUser }[] = [];
  for (let u = 0; u < counts.users; u++) {
    const address = `user${u}@${domain}`;
    const name = `User ${u}`;
    await db.system.user.create({
      data: { tenantId: tenant.id, email: address, displayName: name, role: u === 0 ? 'admin' : 'member' },
    });
    people.push({ address, name, sim: sim.addUser(directoryTenantId, { mail: address, displayName: name }) });
  }
  const admin = await db.system.user.findFirstOrThrow({ where: { tenantId: tenant.id, role: 'admin' } });
  const ctx = createCrmContext({
    db: new ScopedClients(db.system).get(tenant.id),
    actor: { kind: 'user', userId: admin.id, email: admin.email, role: 'admin' },
    log: createLogger('silent'),
    clock: systemClock,
  });
  const contacts = Array.from({ length: 5 }, (_, i) => ({
    name: `Partner ${i}`,
    address: `buyer@partner${i}.example`,
  }));
  for (const contact of contacts) {
    await createContact(ctx, { name: contact.name, emails: [contact.address], companyId: null, tags: [] });
  }

  const recorded = new Map<string, Set<string>>(people.map((p) => [p.sim.id, new Set<string>()]));
  const expectedMessageIds = new Set<string>();
  const add = (owner: SimUser, folder: string, input: Parameters<GraphSimulator['addMessage']>[2], kept: boolean) => {
    const message = sim.addMessage(owner.id, folder, input);
    if (!kept) return;
    recorded.get(owner.id)!.add(message.id);
    expectedMessageIds.add(input.internetMessageId!);
  };
  const start = Date.parse('2026-01-05T08:00:00Z');
  const at = (n: number) => new Date(start + n * 60_000).toISOString();
  let n = 0;
  for (const [u, person] of people.entries()) {
    const me = { name: person.name, address: person.address };
    // Interleaved, so every page mixes what the test later counts.
    for (let i = 0; i < counts.inbox; i++) {
      const contact = contacts[(u + i) % contacts.length]!;
      add(
        person.sim,
        'inbox',
        {
          from: contact,
          toRecipients: [me],
          subject: `Order ${u}-${i}`,
          bodyText: `Order ${i} for user ${u}`,
          internetMessageId: `<in-${u}-${i}@partner.example>`,
          receivedDateTime: at(n),
          sentDateTime: at(n++),
        },
        true,
      );
    }
    for (let i = 0; i < counts.sent; i++) {
      const contact = contacts[(u + i) % contacts.length]!;
      add(
        person.sim,
        'sentitems',
        {
          from: me,
          toRecipients: [contact],
          subject: `Re: Order ${u}-${i}`,
          internetMessageId: `<out-${u}-${i}@${domain}>`,
          receivedDateTime: at(n),
          sentDateTime: at(n++),
        },
        true,
      );
    }
    for (let i = 0; i < counts.strangers; i++) {
      add(
        person.sim,
        'inbox',
        {
          from: { name: 'Stranger', address: `someone${i}@elsewhere.example` },
          toRecipients: [me],
          subject: 'Unrelated',
          internetMessageId: `<stranger-${u}-${i}@elsewhere.example>`,
          receivedDateTime: at(n),
          sentDateTime: at(n++),
        },
        false,
      );
    }
    const next = people[(u + 1) % people.length]!;
    for (let i = 0; i < counts.shared && next !== person; i++) {
      const message = {
        from: me,
        toRecipients: [{ name: next.name, address: next.address }],
        ccRecipients: [contacts[i % contacts.length]!],
        subject: `Handover ${u}-${i}`,
        internetMessageId: `<shared-${u}-${i}@${domain}>`,
        receivedDateTime: at(n),
        sentDateTime: at(n++),
      };
      add(person.sim, 'sentitems', message, true);
      add(next.sim, 'inbox', message, true);
    }
  }

  const caFile = path.join(await mkdtemp(path.join(os.tmpdir(), 'crm-sim-ca-')), 'simulator.pem');
  await writeFile(caFile, sim.ca);
  return {
    slug,
    recorded,
    expectedMessageIds,
    users: people.map((p) => p.sim),
    env: {
      PORT: '0',
      PLAIN_HTTP: 'true',
      SEED_DEMO: 'false',
      GRAPH_SIMULATOR: 'false',
      GRAPH_BASE_URL: sim.url,
      GRAPH_AUTHORITY_HOST: sim.url,
      GRAPH_CLIENT_ID: clientId,
      GRAPH_CLIENT_SECRET: clientSecret,
      GRAPH_CA_FILE: caFile,
      GRAPH_CONNECT: `${slug}=${directoryTenantId}`,
      SYNC_PAGE_SIZE: String(PAGE_SIZE),
      SYNC_JOB_HEARTBEAT_SECONDS: '10',
      LOG_LEVEL: 'debug',
    },
  };
}

/** What the sync left in the database for the tenant. */
async function readSynced(db: Database, slug: string) {
  const tenant = await db.system.tenant.findUniqueOrThrow({ where: { slug } });
  const where = { tenantId: tenant.id };
  const [items, sightings, cursors, mailboxes] = await Promise.all([
    db.system.timelineItem.findMany({
      where: { ...where, kind: 'email' },
      select: { id: true, internetMessageId: true },
    }),
    db.system.emailSighting.findMany({
      where,
      select: { mailboxId: true, graphMessageId: true, itemId: true, folderId: true },
    }),
    db.system.mailFolderCursor.findMany({
      where,
      select: { mailboxId: true, folderId: true, wellKnown: true, nextLink: true, deltaLink: true },
    }),
    db.system.mailbox.findMany({
      where,
      select: { id: true, graphUserId: true, state: true, lastRoundAt: true, lastError: true },
    }),
  ]);
  return { items, sightings, cursors, mailboxes };
}
type Synced = Awaited<ReturnType<typeof readSynced>>;

/** Every expected email once, one sighting per mailbox and message, every folder at its delta link. */
function expectCompleteSync(synced: Synced, population: Population) {
  const messageIds = synced.items.map((item) => item.internetMessageId);
  expect(messageIds.length).toBe(population.expectedMessageIds.size);
  expect(new Set(messageIds)).toEqual(population.expectedMessageIds);
  for (const user of population.users) {
    const mailbox = synced.mailboxes.find((m) => m.graphUserId === user.id);
    expect(mailbox, `mailbox of ${user.mail}`).toBeDefined();
    expect(mailbox).toMatchObject({ state: 'ACTIVE', lastError: null });
    expect(mailbox!.lastRoundAt).not.toBeNull();
    const sightings = synced.sightings.filter((s) => s.mailboxId === mailbox!.id);
    expect(new Set(sightings.map((s) => s.graphMessageId))).toEqual(population.recorded.get(user.id));
    // One sighting per (mailbox, email): no email recorded twice under two Graph ids.
    expect(new Set(sightings.map((s) => s.itemId)).size).toBe(sightings.length);
  }
  expect(synced.sightings.length).toBe([...population.recorded.values()].reduce((sum, ids) => sum + ids.size, 0));
  expect(synced.cursors).toHaveLength(population.users.length * 2);
  for (const cursor of synced.cursors) {
    expect(cursor, `cursor ${cursor.wellKnown} of ${cursor.mailboxId}`).toMatchObject({ nextLink: null });
    expect(cursor.deltaLink).toMatch(/\$deltatoken=/);
  }
}

const skipToken = (link: string) => /\$skiptoken=([\w-]+)/.exec(link)?.[1];

describe('sync server processes', () => {
  it(`a server killed mid-round resumes at its last committed page: nothing lost, nothing twice (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, async () => {
    // 40 ms per Graph call and pages of 10: a round of 180 messages takes seconds.
    const sim = await startGraphSimulator({ latencyMs: 40 });
    onTestFinished(() => sim.close());
    const database = await freshDatabase();
    let db = await database.open();
    await applyMigrations(db.adapter);
    const population = await populate(db, sim, { users: 2, inbox: 120, sent: 60, strangers: 0, shared: 0 });
    if (!onPostgres) await db.close(); // the server process owns the data directory now
    const env = { ...database.env, ...population.env };

    const first = spawnServer(env);
    const committed = () => eventsNamed(first, 'sync.page.committed');
    await until(() => committed().length >= 4, 90_000, 'four committed pages', [first]);
    first.child.kill('SIGKILL');
    await first.exited;
    const killedAt = Date.now();
    expect(eventsNamed(first, 'sync.round.finished')).toEqual([]);

    // What the killed process left: its committed pages, and next links that follow them.
    if (!onPostgres) db = await database.open();
    const atKill = await readSynced(db, population.slug);
    if (!onPostgres) await db.close();
    expect(atKill.sightings.length).toBeGreaterThanOrEqual(committed().length * PAGE_SIZE);
    const underWay = atKill.cursors.filter((c) => c.nextLink !== null);
    expect(underWay.length).toBeGreaterThan(0);
    for (const cursor of underWay) {
      // A round in progress: no delta link yet for this folder (the initial round), and its
      // next link is the position after the last committed page: exactly the pages before it.
      expect(cursor.deltaLink).toBeNull();
      const inFolder = atKill.sightings.filter(
        (s) => s.mailboxId === cursor.mailboxId && s.folderId === cursor.folderId,
      );
      const logged = committed().filter((e) => e.mailboxId === cursor.mailboxId && e.folderId === cursor.folderId);
      expect(inFolder.length % PAGE_SIZE).toBe(0);
      // The log line comes after the commit: the kill may fall between the two.
      expect(inFolder.length / PAGE_SIZE).toBeGreaterThanOrEqual(logged.length);
      expect(inFolder.length / PAGE_SIZE).toBeLessThanOrEqual(logged.length + 1);
    }
    expect(new Set(atKill.items.map((i) => i.internetMessageId)).size).toBe(atKill.items.length);

    const restartedAt = Date.now();
    const second = spawnServer(env);
    const mailboxIds = atKill.mailboxes.map((m) => m.id);
    const finished = (mailboxId: string) =>
      eventsNamed(second, 'sync.round.finished').find((e) => e.mailboxId === mailboxId);
    await until(() => mailboxIds.every((id) => finished(id)), 110_000, 'the rounds to finish after the restart', [
      second,
    ]);
    const resumedAt = Math.min(
      ...eventsNamed(second, 'sync.round.started')
        .filter((e) => mailboxIds.includes(e.mailboxId!))
        .map((e) => e.time),
    );

    if (!onPostgres) {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
      db = await database.open();
    }
    const done = await readSynced(db, population.slug);
    await db.close();
    if (onPostgres) {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
    expectCompleteSync(done, population);
    expect([first, second].flatMap((s) => s.events.filter((e) => e.msg === 'job failed'))).toEqual([]);

    // The restarted process went on from each stored next link: its first delta call of the
    // folder carried that link's token, and it never read such a folder from the start again.
    for (const cursor of underWay) {
      const graphUserId = atKill.mailboxes.find((m) => m.id === cursor.mailboxId)!.graphUserId;
      const calls = sim.requests.filter(
        (r) =>
          r.startedAt >= restartedAt &&
          r.mailbox === graphUserId &&
          r.path.includes(`/mailFolders/${cursor.folderId}/messages/delta`),
      );
      expect(calls[0]?.query).toContain(`$skiptoken=${skipToken(cursor.nextLink!)}`);
      expect(calls.every((r) => /\$(skip|delta)token=/.test(r.query))).toBe(true);
    }

    const rounds = eventsNamed(second, 'sync.round.finished');
    console.info(
      JSON.stringify({
        test: 'kill and restart',
        database: onPostgres ? 'postgres' : 'pglite',
        pagesCommittedBeforeKill: atKill.sightings.length / PAGE_SIZE,
        recoveryMs: resumedAt - killedAt,
        restartToResumeMs: resumedAt - restartedAt,
        resumedRoundMs: rounds.map((e) => e.ms),
        items: done.items.length,
      }),
    );
  }, 180_000);

  it.skipIf(!onPostgres)(
    'two server processes on one PostgreSQL share 20 mailboxes, one round per mailbox at a time (PostgreSQL only: PGlite is one process per data directory)',
    async () => {
      const sim = await startGraphSimulator({ latencyMs: 30 });
      onTestFinished(() => sim.close());
      const database = await freshDatabase();
      const db = await database.open();
      onTestFinished(() => db.close());
      await applyMigrations(db.adapter);
      const population = await populate(db, sim, { users: 20, inbox: 34, sent: 13, strangers: 1, shared: 2 });
      // Not connected at start: a process that starts first would sync all 20 mailboxes
      // before a slower one is up. Both listen first; then the tenant is connected and
      // every mailbox's round is queued, as an admin's connect does, and both share them.
      const { GRAPH_CONNECT: connect = '', ...populationEnv } = population.env;
      const env = { ...database.env, ...populationEnv };
      const servers = [spawnServer(env), spawnServer(env)];
      await until(
        () => servers.every((server) => server.events.some((e) => e.msg === 'listening')),
        90_000,
        'both servers to listen',
        servers,
      );
      const started = Date.now();
      const tenant = await db.system.tenant.findUniqueOrThrow({ where: { slug: population.slug } });
      await db.system.graphConnection.create({
        data: { tenantId: tenant.id, directoryTenantId: connect.split('=')[1] ?? '' },
      });
      const queue = openQueue(db, { log: createLogger('silent') });
      await queue.start();
      for (const user of population.users) {
        const owner = await db.system.user.findFirstOrThrow({ where: { tenantId: tenant.id, email: user.mail } });
        const mailbox = await db.system.mailbox.create({
          data: { tenantId: tenant.id, userId: owner.id, graphUserId: user.id, address: user.mail },
        });
        await queue.send('mailbox-sync', {
          tenantId: tenant.id,
          mailboxId: mailbox.id,
          reason: 'connected',
          requestedAt: new Date().toISOString(),
        });
      }
      await queue.stop();
      await until(
        async () =>
          (await db.system.mailbox.count({
            where: { tenantId: tenant.id, state: 'ACTIVE', lastRoundAt: { not: null } },
          })) === 20,
        110_000,
        'every mailbox to finish a round',
        servers,
      );
      const allSyncedMs = Date.now() - started;
      // Rounds asked for by both processes at start: let the queue drain before reading the logs.
      const pool = new pg.Pool({ connectionString: database.env.DATABASE_URL, max: 1 });
      onTestFinished(() => pool.end());
      await until(
        async () =>
          (
            await pool.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'mailbox-sync' AND state < 'completed'`,
            )
          ).rows[0]!.n === 0,
        60_000,
        'the queued rounds to run',
        servers,
      );
      for (const server of servers) server.child.kill('SIGTERM');
      expect(await Promise.all(servers.map((s) => s.exited))).toEqual([0, 0]);

      expectCompleteSync(await readSynced(db, population.slug), population);
      // No round failed on the way (two mailboxes' pages naming the same contacts once deadlocked).
      expect(servers.flatMap((s) => s.events.filter((e) => e.msg === 'job failed'))).toEqual([]);

      // Rounds as both processes logged them, by job: a round ends when it logs its end or its job
      // ends (a job that threw logs 'job failed'); one that never ended runs on forever.
      type Round = { pid: number; mailboxId: string; start: number; end: number; ms?: number };
      const rounds: Round[] = [];
      for (const server of servers) {
        const open = new Map<string, Round>();
        for (const e of server.events) {
          const jobId = e.jobId as string | undefined;
          if (!jobId) continue;
          const round = open.get(jobId);
          if (e.event === 'sync.round.started') {
            open.set(jobId, { pid: server.pid, mailboxId: e.mailboxId!, start: e.time, end: Infinity });
          } else if (round && ['sync.round.finished', 'sync.round.failed', 'job failed'].includes(e.event ?? e.msg)) {
            rounds.push({
              ...round,
              end: e.time,
              ...(e.event === 'sync.round.finished' ? { ms: e.ms as number } : {}),
            });
            open.delete(jobId);
          }
        }
        rounds.push(...open.values());
      }
      const byMailbox = new Map<string, Round[]>();
      for (const round of rounds) byMailbox.set(round.mailboxId, [...(byMailbox.get(round.mailboxId) ?? []), round]);
      expect(byMailbox.size).toBe(20);
      for (const [mailboxId, ofMailbox] of byMailbox) {
        ofMailbox.sort((a, b) => a.start - b.start);
        for (let i = 1; i < ofMailbox.length; i++) {
          expect(ofMailbox[i]!.start, `rounds of ${mailboxId} overlap`).toBeGreaterThanOrEqual(ofMailbox[i - 1]!.end);
        }
      }
      const split = servers.map((s) => rounds.filter((r) => r.pid === s.pid).length);
      for (const count of split) expect(count).toBeGreaterThan(0);
      for (const user of population.users) expect(sim.peakInFlight(user.id), user.mail).toBeLessThanOrEqual(4);

      const firstRounds = [...byMailbox.values()].map((r) => r[0]!.ms ?? NaN);
      console.info(
        JSON.stringify({
          test: 'two processes',
          allSyncedMs,
          roundsPerProcess: split,
          firstRoundMs: { min: Math.min(...firstRounds), max: Math.max(...firstRounds) },
          peakInFlight: Math.max(...population.users.map((u) => sim.peakInFlight(u.id))),
          throttled: sim.requests.filter((r) => r.status === 429).length,
        }),
      );
    },
    150_000,
  );
});
