// Throttling, transient server errors, slow answers and concurrency, each injected
// into the Graph simulator and met by the real client: what the round records, what
// it does to the mailbox, how many calls it makes, and what it logs.
import { describe, expect, it } from 'vitest';
import { MAX_TEMPORARY_FAILURES } from '../../src/sync/sync-policy.ts';
import {
  addMail,
  cursorOf,
  deltaRequests,
  expectAbout,
  expectExactly,
  expectPolite,
  tokenOf,
  useFaultWorlds,
  withCompany,
} from './fault-world.ts';

const worlds = useFaultWorlds();

describe('throttling', () => {
  it('waits out a 429 with Retry-After: 1 inline and loses nothing', async () => {
    const w = await withCompany(await worlds.world({ pageSize: 3 }));
    const mail = addMail(w, w.alice, 7, 'order');
    w.sim.fault({
      when: { kind: 'delta', userId: w.alice.sim.id },
      respond: { status: 429, code: 'ApplicationThrottled', retryAfter: 1 },
      after: 1,
    });

    const outcome = await w.round(w.alice);

    expect(outcome.state).toBe('ACTIVE');
    await expectExactly(
      w,
      w.alice,
      mail.map((m) => m.internetMessageId),
    );
    const mailbox = await w.mailbox(w.alice);
    expect(mailbox).toMatchObject({ state: 'ACTIVE', failures: 0, throttledUntil: null, retryAt: null });
    // Inbox: 3 pages and the retried one; Sent Items: 1 page.
    const delta = deltaRequests(w, w.alice);
    expect(delta.map((r) => r.status)).toEqual([200, 429, 200, 200, 200]);
    // The retry asked for the same page again.
    expect(tokenOf(delta[2])).toBe(tokenOf(delta[1]));
    expectPolite(w, w.alice);
    expect(w.logged('sync.round.failed')).toEqual([]);
    expect(w.logged('sync.round.finished').at(-1)).toMatchObject({ created: 7, pages: 4 });
  });

  it.each([
    ['in seconds', () => 600],
    ['as an HTTP-date', () => new Date(Date.now() + 600_000).toUTCString()],
  ])(
    'parks the mailbox as THROTTLED for a Retry-After of 10 minutes given %s, past the SDK cap, without a hot loop',
    async (_form, retryAfter) => {
      const w = await withCompany(await worlds.world({ pageSize: 3 }));
      const mail = addMail(w, w.alice, 7, 'order');
      w.sim.fault({
        when: { kind: 'delta', userId: w.alice.sim.id },
        respond: { status: 429, code: 'ApplicationThrottled', retryAfter: retryAfter() },
        after: 1,
      });

      const outcome = await w.round(w.alice);

      expect(outcome.state).toBe('THROTTLED');
      const mailbox = await w.mailbox(w.alice);
      expect(mailbox.state).toBe('THROTTLED');
      expect(mailbox.failures).toBe(0); // being throttled is not the mailbox failing
      expectAbout(mailbox.throttledUntil, 600_000);
      expect(mailbox.retryAt).toEqual(mailbox.throttledUntil);
      expect(mailbox.stateReason).toMatch(/^THROTTLED: ApplicationThrottled/);
      // The first page is committed, and the cursor points at the page that was refused.
      await expectExactly(
        w,
        w.alice,
        mail.slice(0, 3).map((m) => m.internetMessageId),
      );
      const requests = w.graphRequests(w.alice);
      const refused = requests.at(-1);
      expect(refused?.status).toBe(429); // nothing asked after the 429
      expect(deltaRequests(w, w.alice)).toHaveLength(2);
      const inbox = await cursorOf(w, w.alice);
      expect(inbox.deltaLink).toBeNull();
      expect(tokenOf(inbox.nextLink)).toBe(tokenOf(refused));
      expect(w.logged('sync.round.failed')).toEqual([
        expect.objectContaining({ kind: 'THROTTLED', status: 429, state: 'THROTTLED', created: 3, pages: 1 }),
      ]);

      // The schedule leaves it alone until then (Bob, never synced, is due).
      await w.service.tick({ pollIntervalMs: 0 });
      expect(w.requested.filter((r) => r.reason === 'schedule').map((r) => r.mailboxId)).not.toContain(w.alice.id);
      expect(w.requested.filter((r) => r.reason === 'schedule').map((r) => r.mailboxId)).toContain(w.bob.id);

      // When it is run again, it goes on from the page it was refused.
      const before = w.sim.requests.length;
      const resumed = await w.round(w.alice);
      expect(resumed.state).toBe('ACTIVE');
      expect(tokenOf(deltaRequests(w, w.alice).find((r) => w.sim.requests.indexOf(r) >= before))).toBe(
        tokenOf(refused),
      );
      await expectExactly(
        w,
        w.alice,
        mail.map((m) => m.internetMessageId),
      );
      expect(await w.mailbox(w.alice)).toMatchObject({ state: 'ACTIVE', throttledUntil: null, retryAt: null });
      expectPolite(w, w.alice);
    },
  );

  it('keeps at most 4 requests in flight per mailbox when $batch and delta run at once, so Graph never answers MailboxConcurrency', async () => {
    const w = await withCompany(await worlds.world({ pageSize: 25, bodies: 'batch', latencyMs: 50 }));
    const mail = addMail(w, w.alice, 45, 'order');
    const address = { directoryTenantId: w.directoryTenantId, userId: w.alice.sim.id };
    const ids = mail.map((m) => m.graphId);

    // A round ($batch of 20 after each delta page) with more fetches and delta reads of the same mailbox beside it.
    const [outcome, ...fetched] = await Promise.all([
      w.round(w.alice),
      w.graph.getMessages(address, ids.slice(0, 20), ['id', 'subject']),
      w.graph.getMessages(address, ids.slice(20, 40), ['id', 'subject']),
      w.graph.getMessages(address, ids.slice(5, 30), ['id', 'subject']),
      ...['inbox', 'inbox', 'sentitems'].map((folder) =>
        w.graph.deltaPage(address, folder, null, { select: ['id'], pageSize: 10 }),
      ),
    ]);

    expect(outcome.state).toBe('ACTIVE');
    await expectExactly(
      w,
      w.alice,
      mail.map((m) => m.internetMessageId),
    );
    expect(fetched.slice(0, 3).map((f) => ('found' in f ? f.found.length : -1))).toEqual([20, 20, 25]);
    const requests = w.graphRequests(w.alice);
    expect(requests.filter((r) => r.status === 429)).toEqual([]);
    // The simulator saw the mailbox's limit reached, never passed.
    expect(w.sim.peakInFlight(w.alice.sim.id)).toBe(4);
    expectPolite(w, w.alice);
    expect(outcome.counts).toMatchObject({ created: 45, fetched: 45 });
  });
});

describe('transient server errors', () => {
  it.each([
    ['503', { status: 503 }],
    ['504', { status: 504 }],
    ['an HTML error page', { status: 502, html: true }],
    ['an HTML page with a 400', { status: 400, html: true }],
  ])('retries %s with backoff and completes the round', async (_name, respond) => {
    const w = await withCompany(await worlds.world({ pageSize: 3 }));
    const mail = addMail(w, w.alice, 5, 'order');
    w.sim.fault({ when: { kind: 'delta', userId: w.alice.sim.id }, respond, times: 2, after: 1 });

    const outcome = await w.round(w.alice);

    expect(outcome.state).toBe('ACTIVE');
    await expectExactly(
      w,
      w.alice,
      mail.map((m) => m.internetMessageId),
    );
    expect(deltaRequests(w, w.alice).map((r) => r.status)).toEqual([200, respond.status, respond.status, 200, 200]);
    expect(await w.mailbox(w.alice)).toMatchObject({ state: 'ACTIVE', failures: 0, retryAt: null });
    expect(w.logged('sync.round.finished').at(-1)).toMatchObject({ created: 5, pages: 3 });
    expectPolite(w, w.alice);
  });

  it('fails a round after 5 attempts, backs off between rounds, and marks the mailbox FAILED after repeated failures', async () => {
    const w = await withCompany(await worlds.world({ pageSize: 3 }));
    addMail(w, w.alice, 5, 'order');
    w.sim.fault({ when: { kind: 'delta', userId: w.alice.sim.id }, respond: { status: 503 }, times: Infinity });

    const outcome = await w.round(w.alice);

    expect(outcome.state).toBe('ACTIVE');
    const mailbox = await w.mailbox(w.alice);
    expect(mailbox).toMatchObject({ state: 'ACTIVE', failures: 1, stateReason: null, throttledUntil: null });
    expect(mailbox.lastError).toMatch(/^TEMPORARY: ServiceUnavailable/);
    // First backoff: between 30 s and 60 s (1 min, half jittered).
    expectAbout(mailbox.retryAt, 45_000, 15_000);
    expect(deltaRequests(w, w.alice).map((r) => r.status)).toEqual([503, 503, 503, 503, 503]);
    expect(w.logged('sync.round.failed')).toEqual([
      expect.objectContaining({ kind: 'TEMPORARY', status: 503, state: 'ACTIVE' }),
    ]);
    expect(await w.items()).toEqual([]);

    // Not due before its retryAt.
    await w.service.tick({ pollIntervalMs: 0 });
    expect(w.requested.filter((r) => r.reason === 'schedule').map((r) => r.mailboxId)).not.toContain(w.alice.id);

    for (let round = 2; round < MAX_TEMPORARY_FAILURES; round++) {
      expect((await w.round(w.alice)).state).toBe('ACTIVE');
      expect((await w.mailbox(w.alice)).failures).toBe(round);
    }
    const last = await w.round(w.alice);
    expect(last.state).toBe('FAILED');
    const failed = await w.mailbox(w.alice);
    expect(failed).toMatchObject({ state: 'FAILED', failures: MAX_TEMPORARY_FAILURES });
    expect(failed.stateReason).toMatch(/^TEMPORARY: ServiceUnavailable/);
    expectAbout(failed.retryAt, 6 * 3600_000);
    expect(deltaRequests(w, w.alice)).toHaveLength(5 * MAX_TEMPORARY_FAILURES);
    expect(w.logged('sync.round.failed').map((e) => e.state)).toEqual([
      ...Array<string>(MAX_TEMPORARY_FAILURES - 1).fill('ACTIVE'),
      'FAILED',
    ]);

    // Graph recovers: the next round syncs and clears the failure.
    w.sim.clearFaults();
    expect((await w.round(w.alice)).state).toBe('ACTIVE');
    expect(await w.mailbox(w.alice)).toMatchObject({ state: 'ACTIVE', failures: 0, retryAt: null, stateReason: null });
    expect(await w.items()).toHaveLength(5);
    expectPolite(w, w.alice);
  });
});

describe('slow answers', () => {
  it('waits for pages that take half a second', async () => {
    const w = await withCompany(await worlds.world({ pageSize: 3 }));
    const mail = addMail(w, w.alice, 5, 'order');
    w.sim.fault({ when: { kind: 'delta', userId: w.alice.sim.id }, respond: { delayMs: 500 }, times: 2 });

    const outcome = await w.round(w.alice);

    expect(outcome.state).toBe('ACTIVE');
    await expectExactly(
      w,
      w.alice,
      mail.map((m) => m.internetMessageId),
    );
    const delta = deltaRequests(w, w.alice);
    expect(delta.map((r) => r.status)).toEqual([200, 200, 200]);
    // The fault did slow them (a lower bound only).
    expect(delta.slice(0, 2).every((r) => r.endedAt - r.startedAt >= 450)).toBe(true);
    expect(w.logged('sync.round.finished').at(-1)).toMatchObject({ created: 5, pages: 3 });
  });
});
