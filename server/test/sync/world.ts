// A world for the sync's tests: the Graph simulator, the run's database with a
// tenant connected to a directory in the simulator, two users with mailboxes, the
// real Graph client and MSAL talking to the simulator over HTTPS, and every log
// line captured (the sync's events are asserted on).
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { createCompany } from '../../src/crm/companies/index.ts';
import { createContact } from '../../src/crm/contacts/index.ts';
import { createCrmContext, provisionTenant, systemClock, type Clock, type CrmContext } from '../../src/crm/index.ts';
import { ScopedClients, type Database } from '../../src/db/index.ts';
import { createAppTokens, createMailGraph, trustCertificate, type MailGraph } from '../../src/graph/index.ts';
import { startGraphSimulator, type GraphSimulator, type SimUser } from '../../src/graph/simulator/index.ts';
import { createLogger, type Logger } from '../../src/shared/log.ts';
import {
  createSyncService,
  syncMailbox,
  type RoundRequester,
  type SyncService,
  type SyncSettings,
} from '../../src/sync/index.ts';
import { openTestDatabase, unique } from '../harness.ts';

export type WorldOptions = {
  pageSize?: number;
  bodies?: SyncSettings['bodies'];
  latencyMs?: number;
  appConcurrency?: number;
  /** Inline waits longer than this are handed back as THROTTLED (ms). */
  inlineWaitMaxMs?: number;
  clock?: Clock;
  /** Share a simulator (and its directory) between worlds of one file. */
  sim?: GraphSimulator;
  db?: Database;
};

export type LogEvent = { event?: string; msg: string; level: number; [key: string]: unknown };

export type Mailbox = { id: string; userId: string; sim: SimUser; address: string };

export async function startWorld(options: WorldOptions = {}) {
  const sim = options.sim ?? (await startGraphSimulator({ latencyMs: options.latencyMs ?? 0 }));
  trustCertificate(sim.ca);
  const db = options.db ?? (await openTestDatabase());
  const events: LogEvent[] = [];
  const log: Logger = createLogger(
    'debug',
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n')) if (line) events.push(JSON.parse(line) as LogEvent);
        done();
      },
    }),
  );
  const clock = options.clock ?? systemClock;
  const slug = unique('sync');
  const domain = `${slug}.example`;
  const tenant = await provisionTenant(db.system, { slug, name: `Sync ${slug}`, domains: [domain] });
  const directoryTenantId = randomUUID();
  const clientId = randomUUID();
  const clientSecret = randomUUID();
  sim.addTenant({ directoryTenantId, clientId, clientSecret, domains: [domain] });
  const people = await Promise.all(
    ['alice', 'bob'].map(async (name) => {
      const address = `${name}@${domain}`;
      const user = await db.system.user.create({
        data: { tenantId: tenant.id, email: address, displayName: name, role: name === 'alice' ? 'admin' : 'member' },
      });
      return { user, sim: sim.addUser(directoryTenantId, { mail: address, displayName: name }) };
    }),
  );
  const scoped = new ScopedClients(db.system);
  const [alice, bob] = people as [(typeof people)[0], (typeof people)[0]];
  const ctx: CrmContext = createCrmContext({
    db: scoped.get(tenant.id),
    actor: { kind: 'user', userId: alice.user.id, email: alice.user.email, role: 'admin' },
    log,
    clock,
  });
  const tokens = createAppTokens({ authorityHost: sim.url, clientId, clientSecret, log });
  const graph: MailGraph = createMailGraph({
    graphBaseUrl: sim.url,
    tokens,
    log,
    appWideConcurrency: options.appConcurrency ?? 16,
    backoffBaseMs: 20,
    inlineWaitMaxMs: options.inlineWaitMaxMs ?? 3_000,
  });
  const requested: { mailboxId: string; full?: boolean; startAfter?: Date; reason: string }[] = [];
  const requestRound: RoundRequester = async (_tenantId, mailboxId, o) => {
    requested.push({ mailboxId, ...o });
  };
  const endpoints = { notificationUrl: null as string | null, lifecycleUrl: null as string | null };
  const service: SyncService = createSyncService({
    system: db.system,
    scoped,
    graph,
    log,
    clock,
    endpoints,
    requestRound,
  });
  await service.connect(tenant.id, directoryTenantId);
  const mailboxRows = await scoped
    .get(tenant.id)
    .mailbox.findMany({ select: { id: true, userId: true, address: true } });
  const mailboxOf = (person: (typeof people)[0]): Mailbox => {
    const row = mailboxRows.find((m) => m.userId === person.user.id);
    if (!row) throw new Error(`no mailbox for ${person.user.email}`);
    return { ...row, sim: person.sim };
  };
  const settings: SyncSettings = { pageSize: options.pageSize ?? 10, bodies: options.bodies ?? 'delta' };
  const tdb = scoped.get(tenant.id);

  return {
    sim,
    db,
    tdb,
    tenant,
    domain,
    directoryTenantId,
    ctx,
    graph,
    service,
    events,
    requested,
    endpoints,
    alice: mailboxOf(alice),
    bob: mailboxOf(bob),
    /** One round of a mailbox, as its job runs it. */
    round: (mailbox: Mailbox, round: { full?: boolean; settings?: Partial<SyncSettings> } = {}) =>
      syncMailbox(
        { scoped, graph, log, clock, settings: { ...settings, ...round.settings }, random: () => 0.5 },
        { tenantId: tenant.id, mailboxId: mailbox.id, full: round.full },
      ),
    async contact(name: string, email: string, companyId?: string) {
      // As the API stores it (its schema lower-cases the address).
      return createContact(ctx, { name, emails: [email.toLowerCase()], companyId: companyId ?? null, tags: [] });
    },
    async company(name: string, companyDomain: string) {
      return createCompany(ctx, { name, domains: [companyDomain] });
    },
    /** Email items of the tenant with their participants, links and sightings. */
    items: () =>
      tdb.timelineItem.findMany({
        where: { kind: 'email' },
        orderBy: { occurredAt: 'asc' },
        include: {
          participants: true,
          contacts: { select: { contactId: true } },
          companies: { select: { companyId: true } },
          deals: { select: { dealId: true } },
          sightings: { select: { mailboxId: true, graphMessageId: true, folderId: true, removedAt: true } },
        },
      }),
    mailbox: (mailbox: Mailbox) => tdb.mailbox.findFirstOrThrow({ where: { id: mailbox.id } }),
    cursors: (mailbox: Mailbox) => tdb.mailFolderCursor.findMany({ where: { mailboxId: mailbox.id } }),
    /** The events logged with this name. */
    logged: (event: string) => events.filter((e) => e.event === event),
    /** Requests the simulator answered for a mailbox (sub-requests of batches included). */
    graphRequests: (mailbox: Mailbox) => sim.requests.filter((r) => r.mailbox === mailbox.sim.id),
    async close() {
      if (!options.db) await db.close();
      if (!options.sim) await sim.close();
    },
  };
}

export type World = Awaited<ReturnType<typeof startWorld>>;
