// Faults in the delta state and in the pages themselves: expired delta and next
// links, replayed items, empty pages, messages deleted before they are fetched,
// throttled $batch items, and a round cut short after some pages. Whatever happens,
// every message ends up on the timeline exactly once.
import { describe, expect, it } from 'vitest';
import {
  addMail,
  cursorOf,
  deltaRequests,
  expectExactly,
  expectPolite,
  tokenOf,
  useFaultWorlds,
  withCompany,
} from './fault-world.ts';

const worlds = useFaultWorlds();
const ids = (mail: { internetMessageId: string }[]) => mail.map((m) => m.internetMessageId);

describe('expired delta state', () => {
  it('resyncs a folder whose delta link answers 410, with no duplicate and the deleted one marked gone', async () => {
    const w = await withCompany(await worlds.world({ pageSize: 3 }));
    const first = addMail(w, w.alice, 5, 'order');
    expect((await w.round(w.alice)).state).toBe('ACTIVE');
    const items = await w.items();
    w.sim.expireDeltaTokens(w.alice.sim.id);
    const later = addMail(w, w.alice, 2, 'later');
    const deleted = first[0];
    if (!deleted) throw new Error('no mail');
    w.sim.deleteMessage(w.alice.sim.id, deleted.graphId);
    const since = Date.now();

    const outcome = await w.round(w.alice);

    expect(outcome.state).toBe('ACTIVE');
    expect(outcome.counts).toMatchObject({ created: 2, existing: 4, resyncs: 2, removed: 1 });
    // Both folders' delta links had expired: both read again from the start.
    expect(w.logged('sync.folder.full-resync')).toHaveLength(2);
    expect(w.logged('sync.folder.round-restarted')).toEqual([]);
    await expectExactly(w, w.alice, [...ids(first), ...ids(later)]);
    const after = await w.items();
    // The items already there are the same rows; the deleted one keeps its history.
    for (const item of items) expect(after.find((i) => i.id === item.id)).toBeDefined();
    const gone = after.find((i) => i.internetMessageId === deleted.internetMessageId);
    expect(gone?.sightings[0]?.removedAt).not.toBeNull();
    expect(after.filter((i) => i.sightings[0]?.removedAt !== null)).toHaveLength(1);
    // A 410, then the folder from the start: 6 messages in 2 pages (Inbox); Sent Items: 410 and 1 page.
    expect(deltaRequests(w, w.alice, since).map((r) => r.status)).toEqual([410, 200, 200, 410, 200]);
    for (const cursor of await w.cursors(w.alice)) {
      expect(cursor.deltaLink).not.toBeNull();
      expect(cursor.nextLink).toBeNull();
    }
    expect(w.logged('sync.round.finished').at(-1)).toMatchObject({ created: 2, resyncs: 2 });
  });

  /** A first round (delta link A), then 6 new messages and a round cut short after its first page (next link N). */
  async function roundCutShort() {
    const w = await withCompany(await worlds.world({ pageSize: 2 }));
    const first = addMail(w, w.alice, 2, 'order');
    await w.round(w.alice);
    const deltaLinkA = (await cursorOf(w, w.alice)).deltaLink;
    const later = addMail(w, w.alice, 6, 'later');
    w.sim.fault({
      when: { kind: 'delta', userId: w.alice.sim.id },
      respond: { status: 503 },
      times: Infinity,
      after: 1,
    });
    expect((await w.round(w.alice)).state).toBe('ACTIVE'); // failed, to be retried
    w.sim.clearFaults();
    const cut = await cursorOf(w, w.alice);
    expect(cut.deltaLink).toBe(deltaLinkA);
    expect(cut.nextLink).not.toBeNull();
    await expectExactly(w, w.alice, [...ids(first), ...ids(later).slice(0, 2)]);
    return { w, all: [...ids(first), ...ids(later)], deltaLinkA, nextLinkN: cut.nextLink };
  }

  it('restarts a round from its delta link when its next link answers 410', async () => {
    const { w, all, deltaLinkA, nextLinkN } = await roundCutShort();
    w.sim.expireDeltaTokens(w.alice.sim.id, { only: 'next' });
    const since = Date.now();

    const outcome = await w.round(w.alice);

    expect(outcome.state).toBe('ACTIVE');
    expect(w.logged('sync.folder.round-restarted')).toHaveLength(1);
    expect(w.logged('sync.folder.full-resync')).toEqual([]);
    const { folderId } = await cursorOf(w, w.alice);
    const inbox = deltaRequests(w, w.alice, since).filter((r) => r.path.includes(`/mailFolders/${folderId}/`));
    // N refused, then A again (not the folder from scratch): its 6 changes in 3 pages.
    expect(inbox.map((r) => [r.status, tokenOf(r)])).toEqual([
      [410, tokenOf(nextLinkN)],
      [200, tokenOf(deltaLinkA)],
      [200, expect.any(String)],
      [200, expect.any(String)],
    ]);
    // The 2 recorded before the cut come again (a replay) and stay single.
    expect(outcome.counts).toMatchObject({ created: 4, existing: 2, resyncs: 1 });
    await expectExactly(w, w.alice, all);
    expect(await w.mailbox(w.alice)).toMatchObject({ state: 'ACTIVE', failures: 0, retryAt: null });
  });

  it('restarts from the delta link, then resyncs the folder when that answers 410 too', async () => {
    const { w, all, deltaLinkA, nextLinkN } = await roundCutShort();
    w.sim.expireDeltaTokens(w.alice.sim.id);
    const since = Date.now();

    const outcome = await w.round(w.alice);

    expect(outcome.state).toBe('ACTIVE');
    expect(w.logged('sync.folder.round-restarted')).toHaveLength(1);
    // The Inbox after its restart, and Sent Items (its delta link expired as well).
    expect(w.logged('sync.folder.full-resync')).toHaveLength(2);
    const delta = deltaRequests(w, w.alice, since);
    expect(delta.slice(0, 3).map((r) => [r.status, tokenOf(r)])).toEqual([
      [410, tokenOf(nextLinkN)],
      [410, tokenOf(deltaLinkA)],
      [200, null],
    ]);
    await expectExactly(w, w.alice, all);
    expect((await w.items()).every((i) => i.sightings.every((s) => s.removedAt === null))).toBe(true);
  });

  it('does not loop when every next link answers 410: one resync, then the round fails and backs off', async () => {
    const w = await withCompany(await worlds.world({ pageSize: 2 }));
    addMail(w, w.alice, 5, 'order');
    // Every next link expires as soon as it is handed out.
    worlds.onSimEvent((e) => {
      if (e.event === 'graph.request' && e.path?.includes('/messages/delta')) {
        w.sim.expireDeltaTokens(w.alice.sim.id, { only: 'next' });
      }
    });

    const outcome = await w.round(w.alice);

    expect(outcome.state).toBe('ACTIVE');
    const mailbox = await w.mailbox(w.alice);
    expect(mailbox.failures).toBe(1);
    expect(mailbox.retryAt).not.toBeNull();
    expect(mailbox.lastError).toMatch(/^SYNC_STATE_EXPIRED/);
    // Page 1, its next link refused, the folder again from the start, refused again: stop.
    expect(deltaRequests(w, w.alice).map((r) => r.status)).toEqual([200, 410, 200, 410]);
    expect(w.logged('sync.folder.full-resync')).toHaveLength(1);
    expect(w.logged('sync.round.failed')).toEqual([expect.objectContaining({ kind: 'SYNC_STATE_EXPIRED' })]);
    expect(await w.tdb.emailSighting.count({ where: { mailboxId: w.alice.id } })).toBe(2);
  });
});

describe('replays and empty pages', () => {
  it('records a message listed twice in a page once, and again in a later round still once', async () => {
    const w = await withCompany(await worlds.world({ pageSize: 3 }));
    const mail = addMail(w, w.alice, 5, 'order');
    w.sim.fault({ when: { kind: 'delta', userId: w.alice.sim.id }, respond: { replay: true }, times: Infinity });

    const outcome = await w.round(w.alice);

    expect(outcome.counts).toMatchObject({ created: 5, existing: 0, newSightings: 5 });
    await expectExactly(w, w.alice, ids(mail));
    // An update replays the message in the next round, and a full round lists all again.
    const changed = mail[0];
    if (!changed) throw new Error('no mail');
    w.sim.updateMessage(w.alice.sim.id, changed.graphId, { isRead: true });
    expect((await w.round(w.alice)).counts).toMatchObject({ created: 0, existing: 1, newSightings: 0 });
    expect((await w.round(w.alice, { full: true })).counts).toMatchObject({
      created: 0,
      existing: 5,
      newSightings: 0,
      removed: 0,
    });
    await expectExactly(w, w.alice, ids(mail));
    expect((await w.mailbox(w.alice)).itemsCaptured).toBe(5);
  });

  it('keeps paging past empty pages that carry a next link', async () => {
    const w = await withCompany(await worlds.world({ pageSize: 3 }));
    const mail = addMail(w, w.alice, 5, 'order');
    w.sim.fault({ when: { kind: 'delta', userId: w.alice.sim.id }, respond: { emptyPage: true }, times: 3 });

    const outcome = await w.round(w.alice);

    expect(outcome.state).toBe('ACTIVE');
    await expectExactly(w, w.alice, ids(mail));
    // 3 empty pages, then the Inbox's 2 and Sent Items' 1.
    expect(deltaRequests(w, w.alice)).toHaveLength(6);
    expect(w.logged('sync.round.finished').at(-1)).toMatchObject({ pages: 6, created: 5 });
    const inbox = await cursorOf(w, w.alice);
    expect(inbox.deltaLink).not.toBeNull();
    expect(inbox.nextLink).toBeNull();
  });
});

describe('fetching by $batch', () => {
  it('drops a message deleted between listing and fetching, records the rest and moves the cursor on', async () => {
    const w = await withCompany(await worlds.world({ pageSize: 10, bodies: 'batch' }));
    const mail = addMail(w, w.alice, 6, 'order');
    w.sim.fault({ when: { kind: 'message', userId: w.alice.sim.id }, respond: { deleteBeforeFetch: true } });

    const outcome = await w.round(w.alice);

    expect(outcome.state).toBe('ACTIVE');
    expect(outcome.counts).toMatchObject({ fetched: 5, gone: 1, created: 5 });
    const deleted = mail.filter((m) => w.sim.getMessage(w.alice.sim.id, m.graphId) === null);
    expect(deleted).toHaveLength(1);
    await expectExactly(w, w.alice, ids(mail.filter((m) => !deleted.includes(m))));
    const subRequests = w.graphRequests(w.alice).filter((r) => r.inBatch);
    expect(subRequests.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 404]);
    const inbox = await cursorOf(w, w.alice);
    expect(inbox.deltaLink).not.toBeNull();
    expect(inbox.nextLink).toBeNull();
    expect(await w.mailbox(w.alice)).toMatchObject({ state: 'ACTIVE', failures: 0 });

    // The deletion shows in the next round as @removed for an id never recorded: nothing happens.
    const next = await w.round(w.alice);
    expect(next.counts).toMatchObject({ created: 0, removed: 0 });
  });

  it('retries only the sub-requests throttled inside a $batch, after their own Retry-After', async () => {
    const w = await withCompany(await worlds.world({ pageSize: 10, bodies: 'batch' }));
    const mail = addMail(w, w.alice, 8, 'order');
    w.sim.fault({
      when: { kind: 'batch-item', userId: w.alice.sim.id },
      respond: { status: 429, code: 'ApplicationThrottled', retryAfter: 1 },
      times: 3,
    });

    const outcome = await w.round(w.alice);

    expect(outcome.state).toBe('ACTIVE');
    expect(outcome.counts).toMatchObject({ fetched: 8, gone: 0, created: 8 });
    await expectExactly(w, w.alice, ids(mail));
    const subRequests = w.graphRequests(w.alice).filter((r) => r.inBatch);
    // 8 asked, 3 refused and asked again.
    expect(subRequests).toHaveLength(11);
    expect(subRequests.filter((r) => r.status === 429)).toHaveLength(3);
    const batches = w.sim.requests.filter((r) => r.path === '/v1.0/$batch');
    expect(batches.slice(-2).map((b) => b.batchSize)).toEqual([8, 3]);
    expectPolite(w, w.alice);
  });
});

describe('a round cut short', () => {
  it('keeps the pages committed before the failure, resumes from the next link, and records each message once', async () => {
    const w = await withCompany(await worlds.world({ pageSize: 2 }));
    const mail = addMail(w, w.alice, 7, 'order');
    w.sim.fault({
      when: { kind: 'delta', userId: w.alice.sim.id },
      respond: { status: 503 },
      times: Infinity,
      after: 2,
    });

    const failed = await w.round(w.alice);

    expect(failed.state).toBe('ACTIVE');
    expect(failed.counts).toMatchObject({ pages: 2, created: 4 });
    await expectExactly(w, w.alice, ids(mail).slice(0, 4));
    const cut = await cursorOf(w, w.alice);
    expect(cut.deltaLink).toBeNull();
    const refused = deltaRequests(w, w.alice).filter((r) => r.status === 503);
    expect(refused).toHaveLength(5);
    expect(new Set(refused.map(tokenOf))).toEqual(new Set([tokenOf(cut.nextLink)]));
    expect(await w.mailbox(w.alice)).toMatchObject({ failures: 1, itemsCaptured: 4 });
    expect(w.logged('sync.round.failed')).toEqual([expect.objectContaining({ kind: 'TEMPORARY', created: 4 })]);

    w.sim.clearFaults();
    const since = Date.now();
    const resumed = await w.round(w.alice);

    expect(resumed.state).toBe('ACTIVE');
    expect(resumed.counts).toMatchObject({ created: 3, existing: 0 });
    expect(tokenOf(deltaRequests(w, w.alice, since)[0])).toBe(tokenOf(cut.nextLink));
    await expectExactly(w, w.alice, ids(mail));
    const inbox = await cursorOf(w, w.alice);
    expect(inbox.nextLink).toBeNull();
    expect(inbox.deltaLink).not.toBeNull();
    expect(await w.mailbox(w.alice)).toMatchObject({ state: 'ACTIVE', failures: 0, itemsCaptured: 7 });
  });
});
