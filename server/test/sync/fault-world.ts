// What the fault tests share: one simulator and one database per file (each test
// builds its own tenant and directory in them, so tests do not see each other's
// mail), mail from a known company so the sync records it, and the checks every
// fault test makes on the database and on the Graph calls.
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Database } from '../../src/db/index.ts';
import { startGraphSimulator, type GraphSimulator, type RequestRecord } from '../../src/graph/simulator/index.ts';
import { openTestDatabase } from '../harness.ts';
import { startWorld, type Mailbox, type World, type WorldOptions } from './world.ts';

/** Called with every event the simulator logs (`graph.request` after each answer is made). */
export type SimHook = (event: { event?: string; path?: string; status?: number; inBatch?: boolean }) => void;

/**
 * A simulator and database for the tests of this file; `world()` starts a fresh
 * tenant in them. Faults and hooks are cleared after each test.
 */
export function useFaultWorlds() {
  let sim: GraphSimulator | undefined;
  let db: Database | undefined;
  const hooks: SimHook[] = [];
  const worlds: World[] = [];
  beforeAll(async () => {
    [sim, db] = await Promise.all([
      startGraphSimulator({ log: (event) => hooks.forEach((hook) => hook(event)) }),
      openTestDatabase(),
    ]);
  });
  afterEach(() => {
    sim?.clearFaults();
    hooks.length = 0;
  });
  afterAll(async () => {
    await Promise.all(worlds.map((w) => w.close()));
    await sim?.close();
    await db?.close();
  });
  return {
    /** A new tenant; with latencyMs, on a simulator of its own (latency is the simulator's). */
    async world(options: Omit<WorldOptions, 'sim' | 'db'> = {}) {
      if (!sim || !db) throw new Error('useFaultWorlds(): worlds start inside tests');
      const w = await startWorld({ ...options, db, ...(options.latencyMs ? {} : { sim }) });
      worlds.push(w);
      return w;
    },
    onSimEvent(hook: SimHook) {
      hooks.push(hook);
    },
  };
}

export const COMPANY_DOMAIN = 'fabrikam.example';

/** `count` messages from the company to the mailbox, each with its own internetMessageId. */
export function addMail(w: World, mailbox: Mailbox, count: number, label: string, folder = 'inbox') {
  return Array.from({ length: count }, (_, i) => {
    const internetMessageId = `<${label}-${i}@${COMPANY_DOMAIN}>`;
    const message = w.sim.addMessage(mailbox.sim.id, folder, {
      from: { name: 'Nino', address: `nino@${COMPANY_DOMAIN}` },
      toRecipients: [{ name: mailbox.address, address: mailbox.address }],
      subject: `${label} ${i}`,
      bodyText: `About ${label} ${i}`,
      internetMessageId,
    });
    return { internetMessageId, graphId: message.id };
  });
}

/** A world whose mail from the company lands on the timeline. */
export async function withCompany(w: World) {
  await w.company('Fabrikam', COMPANY_DOMAIN);
  return w;
}

/**
 * Exactly these emails are on the mailbox's timeline: one item each, and one live
 * sighting each for this mailbox (none twice, none missing, none extra).
 */
export async function expectExactly(w: World, mailbox: Mailbox, internetMessageIds: string[]) {
  const items = await w.items();
  const mine = items.filter((i) => i.sightings.some((s) => s.mailboxId === mailbox.id));
  expect(mine.map((i) => i.internetMessageId).sort()).toEqual([...internetMessageIds].sort());
  for (const item of mine) {
    const sightings = item.sightings.filter((s) => s.mailboxId === mailbox.id);
    expect(sightings, item.internetMessageId ?? '').toHaveLength(1);
  }
  const sightings = await w.tdb.emailSighting.findMany({ where: { mailboxId: mailbox.id } });
  expect(sightings).toHaveLength(internetMessageIds.length);
}

/** The simulator never saw more than 4 requests in flight for the mailbox, nor did our limiter allow it. */
export function expectPolite(w: World, mailbox: Mailbox) {
  expect(w.sim.peakInFlight(mailbox.sim.id)).toBeLessThanOrEqual(4);
  expect(w.graph.peakInFlight({ directoryTenantId: w.directoryTenantId, userId: mailbox.sim.id })).toBeLessThanOrEqual(
    4,
  );
}

/** Delta page requests (not $batch sub-requests) the simulator answered for the mailbox. */
export const deltaRequests = (w: World, mailbox: Mailbox, since = 0) =>
  w.graphRequests(mailbox).filter((r) => !r.inBatch && r.path.includes('/messages/delta') && r.startedAt >= since);

/** Calls to the directory's token endpoint. */
export const tokenRequests = (w: World) =>
  w.sim.requests.filter((r) => r.path === `/${w.directoryTenantId}/oauth2/v2.0/token`);

/** The `$skiptoken`/`$deltatoken` a link or a recorded request carries. */
export function tokenOf(link: string | RequestRecord | null | undefined): string | null {
  if (!link) return null;
  const query = typeof link === 'string' ? new URL(link).search.slice(1) : link.query;
  const match = /\$(?:skip|delta)token=([^&]+)/.exec(query);
  return match?.[1] ?? null;
}

/** The cursor of a mailbox's folder by well-known name. */
export async function cursorOf(w: World, mailbox: Mailbox, wellKnown = 'inbox') {
  const cursor = (await w.cursors(mailbox)).find((c) => c.wellKnown === wellKnown);
  if (!cursor) throw new Error(`no ${wellKnown} cursor`);
  return cursor;
}

/** Asserts `at` lies within [now + ms - slack, now + ms + slack]. */
export function expectAbout(at: Date | null, ms: number, slackMs = 10_000) {
  expect(at).not.toBeNull();
  const delta = (at?.getTime() ?? 0) - Date.now();
  expect(delta).toBeGreaterThan(ms - slackMs);
  expect(delta).toBeLessThan(ms + slackMs);
}
