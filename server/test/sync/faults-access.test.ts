// Faults in who may read what: access tokens expiring mid-round, consent revoked
// for the whole tenant, a mailbox shut out by an access policy or deprovisioned,
// and a user who opted out. None of them may spin Graph calls or erase history.
import { describe, expect, it } from 'vitest';
import {
  addMail,
  deltaRequests,
  expectAbout,
  expectExactly,
  expectPolite,
  tokenRequests,
  useFaultWorlds,
  withCompany,
} from './fault-world.ts';
import type { Mailbox, World } from './world.ts';

const worlds = useFaultWorlds();
const ids = (mail: { internetMessageId: string }[]) => mail.map((m) => m.internetMessageId);
const HOUR = 3600_000;

/** Rounds the schedule asked for, for this mailbox. */
const scheduled = (w: World, mailbox: Mailbox) =>
  w.requested.filter((r) => r.reason === 'schedule' && r.mailboxId === mailbox.id);

describe('access tokens', () => {
  it('gets one new token when the cached one expires mid-round, and finishes the round', async () => {
    const w = await withCompany(await worlds.world({ pageSize: 2 }));
    const first = addMail(w, w.alice, 2, 'order');
    await w.round(w.alice);
    const later = addMail(w, w.alice, 4, 'later');
    // Right after the round's first delta page is answered, every token issued so far expires.
    let pages = 0;
    worlds.onSimEvent((e) => {
      if (e.event === 'graph.request' && e.path?.includes('/messages/delta') && ++pages === 1) {
        w.sim.expireAccessTokens();
      }
    });
    const tokensBefore = tokenRequests(w).length;
    const requestsBefore = w.sim.requests.length;

    const outcome = await w.round(w.alice);

    expect(outcome.state).toBe('ACTIVE');
    expect(pages).toBeGreaterThan(1);
    expect(tokenRequests(w).length - tokensBefore).toBe(1);
    const refused = w.sim.requests.slice(requestsBefore).filter((r) => r.status === 401);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.path).toContain(`/users/${w.alice.sim.id}/`);
    await expectExactly(w, w.alice, [...ids(first), ...ids(later)]);
    expect(await w.mailbox(w.alice)).toMatchObject({ state: 'ACTIVE', failures: 0, retryAt: null });
    expect(w.logged('sync.round.failed')).toEqual([]);
    expect(w.logged('sync.round.finished').at(-1)).toMatchObject({ created: 4 });
  });
});

describe('consent revoked', () => {
  it('stops the whole tenant for an admin without spinning, and syncs again once reconnected', async () => {
    const w = await withCompany(await worlds.world({ pageSize: 5 }));
    const first = addMail(w, w.alice, 3, 'order');
    await w.round(w.alice);
    // Bob is throttled for 10 minutes when consent goes.
    w.sim.fault({
      when: { kind: 'folders', userId: w.bob.sim.id },
      respond: { status: 429, retryAfter: 600 },
    });
    expect((await w.round(w.bob)).state).toBe('THROTTLED');
    w.sim.revokeConsent(w.directoryTenantId);
    const tokensBefore = tokenRequests(w).length;
    const requestsBefore = w.sim.requests.length;

    const outcome = await w.round(w.alice);

    expect(outcome).toMatchObject({ state: 'NEEDS_ADMIN', retryAt: null });
    // One Graph request refused, one token request refused; nothing more.
    expect(w.sim.requests.length - requestsBefore).toBe(2);
    expect(tokenRequests(w).length - tokensBefore).toBe(1);
    const connection = await w.tdb.graphConnection.findFirstOrThrow({ where: {} });
    expect(connection.state).toBe('NEEDS_ADMIN');
    expect(connection.stateReason).toMatch(/^AUTH_REVOKED: unauthorized_client/);
    for (const mailbox of [w.alice, w.bob]) {
      const row = await w.mailbox(mailbox);
      expect(row).toMatchObject({ state: 'NEEDS_ADMIN', retryAt: null, throttledUntil: null });
      expect(row.stateReason).toMatch(/^AUTH_REVOKED/);
    }
    expect(w.logged('sync.round.failed').at(-1)).toMatchObject({ kind: 'AUTH_REVOKED', state: 'NEEDS_ADMIN' });

    // The schedule asks for no round of this tenant, and a round that runs anyway asks Graph nothing.
    await w.service.tick({ pollIntervalMs: 0 });
    expect([...scheduled(w, w.alice), ...scheduled(w, w.bob)]).toEqual([]);
    const quiet = w.sim.requests.length;
    expect((await w.round(w.bob)).state).toBe('NEEDS_ADMIN');
    expect((await w.round(w.alice)).state).toBe('NEEDS_ADMIN');
    expect(w.sim.requests.length).toBe(quiet);
    expect(w.logged('sync.round.skipped').map((e) => e.reason)).toEqual(['not-connected', 'not-connected']);
    await expectExactly(w, w.alice, ids(first)); // history kept

    // An admin consents again and reconnects.
    w.sim.restoreConsent(w.directoryTenantId);
    const later = addMail(w, w.alice, 2, 'later');
    await w.service.connect(w.tenant.id, w.directoryTenantId);
    for (const mailbox of [w.alice, w.bob]) {
      expect(await w.mailbox(mailbox)).toMatchObject({
        state: 'ACTIVE',
        stateReason: null,
        retryAt: null,
        failures: 0,
      });
      expect(w.requested.filter((r) => r.reason === 'connected' && r.mailboxId === mailbox.id)).not.toEqual([]);
    }
    expect((await w.tdb.graphConnection.findFirstOrThrow({ where: {} })).state).toBe('CONNECTED');
    expect((await w.round(w.alice)).state).toBe('ACTIVE');
    expect((await w.round(w.bob)).state).toBe('ACTIVE');
    await expectExactly(w, w.alice, [...ids(first), ...ids(later)]);
    expectPolite(w, w.alice);
  });
});

describe('one mailbox shut out', () => {
  it('marks a mailbox an access policy excludes NOT_PERMITTED for an hour, and leaves the others alone', async () => {
    const w = await withCompany(await worlds.world());
    const first = addMail(w, w.alice, 2, 'order');
    const bobs = addMail(w, w.bob, 2, 'bob');
    await Promise.all([w.round(w.alice), w.round(w.bob)]);
    w.sim.denyMailbox(w.alice.sim.id, true);
    const moreForBob = addMail(w, w.bob, 1, 'bob-later');
    const before = w.graphRequests(w.alice).length;

    const outcome = await w.round(w.alice);

    expect(outcome.state).toBe('NOT_PERMITTED');
    const mailbox = await w.mailbox(w.alice);
    expect(mailbox.state).toBe('NOT_PERMITTED');
    expect(mailbox.stateReason).toMatch(/^MAILBOX_NOT_PERMITTED: ErrorAccessDenied Access to OData is disabled/);
    expectAbout(mailbox.retryAt, HOUR);
    // One refused request: a 403 is not retried.
    expect(
      w
        .graphRequests(w.alice)
        .slice(before)
        .map((r) => r.status),
    ).toEqual([403]);
    expect(w.logged('sync.round.failed')).toEqual([
      expect.objectContaining({ kind: 'MAILBOX_NOT_PERMITTED', state: 'NOT_PERMITTED' }),
    ]);
    await expectExactly(w, w.alice, ids(first));
    // Bob syncs on; the connection is untouched.
    expect((await w.round(w.bob)).state).toBe('ACTIVE');
    await expectExactly(w, w.bob, [...ids(bobs), ...ids(moreForBob)]);
    expect((await w.tdb.graphConnection.findFirstOrThrow({ where: {} })).state).toBe('CONNECTED');
    await w.service.tick({ pollIntervalMs: 0 });
    expect(scheduled(w, w.alice)).toEqual([]);

    // The policy is lifted: the next round (an hour later, on the schedule) works.
    w.sim.denyMailbox(w.alice.sim.id, false);
    expect((await w.round(w.alice)).state).toBe('ACTIVE');
    expect(await w.mailbox(w.alice)).toMatchObject({ state: 'ACTIVE', failures: 0, retryAt: null, stateReason: null });
  });

  it('marks a deprovisioned mailbox INACTIVE and keeps its history', async () => {
    const w = await withCompany(await worlds.world());
    const first = addMail(w, w.alice, 3, 'order');
    await w.round(w.alice);
    w.sim.deactivateMailbox(w.alice.sim.id);
    const before = w.graphRequests(w.alice).length;

    const outcome = await w.round(w.alice);

    expect(outcome.state).toBe('INACTIVE');
    const mailbox = await w.mailbox(w.alice);
    expect(mailbox.state).toBe('INACTIVE');
    expect(mailbox.stateReason).toMatch(/^MAILBOX_INACTIVE: MailboxNotEnabledForRESTAPI/);
    expectAbout(mailbox.retryAt, 24 * HOUR);
    expect(
      w
        .graphRequests(w.alice)
        .slice(before)
        .map((r) => r.status),
    ).toEqual([404]);
    await expectExactly(w, w.alice, ids(first));
    const items = await w.items();
    expect(items.flatMap((i) => i.sightings).every((s) => s.removedAt === null)).toBe(true);
    const cursors = await w.cursors(w.alice);
    expect(cursors).toHaveLength(2); // the folders were not taken for deleted
    expect(w.logged('sync.folder.gone')).toEqual([]);
  });
});

describe('a user who opted out', () => {
  it('is not synced: no Graph request, the mailbox DISABLED, the others unaffected', async () => {
    const w = await withCompany(await worlds.world());
    addMail(w, w.alice, 2, 'order');
    const bobs = addMail(w, w.bob, 2, 'bob');
    await w.db.system.user.updateMany({ where: { id: w.alice.userId }, data: { syncEnabled: false } });
    const tokensBefore = tokenRequests(w).length;
    const before = w.graphRequests(w.alice).length; // finding the user in the directory, when connecting

    const outcome = await w.round(w.alice);

    expect(outcome).toMatchObject({ state: 'DISABLED', retryAt: null });
    expect(w.graphRequests(w.alice)).toHaveLength(before);
    expect(deltaRequests(w, w.alice)).toEqual([]);
    expect(tokenRequests(w).length).toBe(tokensBefore);
    const mailbox = await w.mailbox(w.alice);
    expect(mailbox.state).toBe('DISABLED');
    expect(mailbox.stateReason).toMatch(/opted out/);
    expect(w.logged('sync.round.skipped')).toEqual([expect.objectContaining({ reason: 'opted-out' })]);
    await expectExactly(w, w.alice, []);
    await w.service.tick({ pollIntervalMs: 0 });
    expect(scheduled(w, w.alice)).toEqual([]);
    expect(scheduled(w, w.bob)).toHaveLength(1);

    expect((await w.round(w.bob)).state).toBe('ACTIVE');
    await expectExactly(w, w.bob, ids(bobs));
  });
});
