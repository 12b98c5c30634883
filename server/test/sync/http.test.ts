// The sync over HTTP: Graph's webhook (validation handshake, notifications,
// lifecycle events, forged ones) and the admin's API (status, resync, settings,
// connection, a user's opt-out), on a real server with the simulator calling it.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app.ts';
import { createDevTokenVerifier, generateEphemeralDevKey, signDevToken } from '../../src/auth/index.ts';
import { createLogger } from '../../src/shared/log.ts';
import { ApiClient } from '../harness.ts';
import { startWorld, type World } from './world.ts';

/** Polls until check passes (the webhook is handled after its 202): vitest retries it every 50 ms for 10 s. */
const eventually = (check: () => Promise<void> | void) => vi.waitFor(check, { timeout: 10_000, interval: 50 });

describe('the sync over HTTP', () => {
  let w: World;
  let base: string;
  let close: () => Promise<void>;
  let admin: ApiClient;
  let member: ApiClient;
  beforeAll(async () => {
    w = await startWorld();
    const key = await generateEphemeralDevKey();
    const app = createApp({
      system: w.db.system,
      verifyToken: createDevTokenVerifier(key),
      authMode: 'dev',
      log: createLogger('silent'),
      sync: w.service,
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    };
    w.endpoints.notificationUrl = `${base}/api/v1/graph/notifications`;
    w.endpoints.lifecycleUrl = `${base}/api/v1/graph/lifecycle`;
    admin = new ApiClient(
      base,
      await signDevToken(key, { tenant: w.tenant.slug, email: w.alice.address, role: 'admin' }),
    );
    member = new ApiClient(
      base,
      await signDevToken(key, { tenant: w.tenant.slug, email: w.bob.address, role: 'member' }),
    );
    await w.contact('Nino', 'nino@fabrikam.example');
  });
  afterAll(async () => {
    await close();
    await w.close();
  });

  it('answers the validation handshake with the token as text/plain', async () => {
    const token = 'Validation: token with spaces & symbols';
    const res = await fetch(`${base}/api/v1/graph/notifications?validationToken=${encodeURIComponent(token)}`, {
      method: 'POST',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe(token);
    // The lifecycle URL too, and no bearer token is asked for either.
    const lifecycle = await fetch(`${base}/api/v1/graph/lifecycle?validationToken=abc`, { method: 'POST' });
    expect(await lifecycle.text()).toBe('abc');
  });

  it('subscribes a mailbox through the handshake, and a new message pokes its mailbox', async () => {
    await w.service.ensureSubscription(w.tenant.id, w.alice.id);
    const [subscription] = w.sim.subscriptions().filter((s) => s.resource.includes(w.alice.sim.id));
    expect(subscription?.notificationUrl).toBe(`${base}/api/v1/graph/notifications`);
    const stored = await w.tdb.graphSubscription.findFirstOrThrow({ where: { mailboxId: w.alice.id } });
    expect(stored.id).toBe(subscription?.id);
    expect(stored.expiresAt.getTime()).toBeGreaterThan(Date.now() + 2 * 24 * 3600_000);
    w.requested.length = 0;
    w.sim.addMessage(w.alice.sim.id, 'inbox', {
      from: { name: 'Nino', address: 'nino@fabrikam.example' },
      toRecipients: [{ name: 'Alice', address: w.alice.address }],
      subject: 'Hello',
    });
    await w.sim.flushNotifications();
    await eventually(() => expect(w.requested.map((r) => r.mailboxId)).toContain(w.alice.id));
    expect(w.requested.find((r) => r.mailboxId === w.alice.id)?.reason).toBe('notification');
    expect((await w.mailbox(w.alice)).dirtyAt).not.toBeNull();
    // The round the poke asks for brings the message.
    await w.round(w.alice);
    expect((await w.items()).map((i) => i.subject)).toContain('Hello');
  });

  it('ignores a notification with a wrong clientState or an unknown subscription, and logs it', async () => {
    const stored = await w.tdb.graphSubscription.findFirstOrThrow({ where: { mailboxId: w.alice.id } });
    w.requested.length = 0;
    const rejectedBefore = w.logged('sync.notification.rejected').length;
    for (const notification of [
      { subscriptionId: stored.id, clientState: 'forged', changeType: 'created' },
      { subscriptionId: stored.id, changeType: 'created' },
      { subscriptionId: 'no-such-subscription', clientState: stored.clientState, changeType: 'created' },
    ]) {
      const res = await fetch(`${base}/api/v1/graph/notifications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ value: [notification] }),
      });
      expect(res.status).toBe(202);
    }
    await eventually(() => expect(w.logged('sync.notification.rejected').length).toBe(rejectedBefore + 3));
    expect(w.requested).toEqual([]);
    // The secret itself is never logged.
    expect(JSON.stringify(w.events)).not.toContain(stored.clientState);
  });

  it('acts on lifecycle events: reauthorize, recreate a removed subscription, catch up after missed', async () => {
    const first = await w.tdb.graphSubscription.findFirstOrThrow({ where: { mailboxId: w.alice.id } });
    w.requested.length = 0;
    w.sim.resetStats();
    await w.sim.sendLifecycle(first.id, 'reauthorizationRequired');
    await eventually(() =>
      expect(w.sim.requests.some((r) => r.path.endsWith(`/subscriptions/${first.id}/reauthorize`))).toBe(true),
    );
    await w.sim.sendLifecycle(first.id, 'missed');
    await eventually(() => expect(w.requested.map((r) => r.reason)).toContain('lifecycle:missed'));
    await w.sim.sendLifecycle(first.id, 'subscriptionRemoved');
    await eventually(async () => {
      const now = await w.tdb.graphSubscription.findMany({ where: { mailboxId: w.alice.id } });
      expect(now).toHaveLength(1);
      expect(now[0]?.id).not.toBe(first.id);
      // The poke follows the new subscription, so it is awaited with it.
      expect(w.requested.map((r) => r.reason)).toContain('lifecycle:subscriptionRemoved');
    });
  });

  it('shows an admin every mailbox with its state, and refuses members', async () => {
    await w.round(w.bob);
    const status = await admin.get('/api/v1/sync/status');
    expect(status.status).toBe(200);
    expect(status.body.connection).toMatchObject({ directoryTenantId: w.directoryTenantId, state: 'CONNECTED' });
    const alice = status.body.mailboxes.find((m: { id: string }) => m.id === w.alice.id);
    expect(alice).toMatchObject({ state: 'ACTIVE', address: w.alice.address, itemsCaptured: 1 });
    expect(alice.lastRoundAt).not.toBeNull();
    expect(alice.subscriptionExpiresAt).not.toBeNull();
    expect(alice.folders.map((f: { wellKnown: string }) => f.wellKnown).sort()).toEqual(['inbox', 'sentitems']);
    expect((await member.get('/api/v1/sync/status')).status).toBe(403);
  });

  it('lets an admin force a full resync, and refuses an unknown mailbox', async () => {
    w.requested.length = 0;
    const res = await admin.post(`/api/v1/sync/mailboxes/${w.bob.id}/resync`);
    expect(res.status).toBe(202);
    expect(w.requested).toEqual([expect.objectContaining({ mailboxId: w.bob.id, full: true })]);
    const missing = await admin.post('/api/v1/sync/mailboxes/0190a000-0000-7000-8000-000000000000/resync');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('MAILBOX_NOT_FOUND');
    expect((await member.post(`/api/v1/sync/mailboxes/${w.bob.id}/resync`)).status).toBe(403);
  });

  it('keeps the privacy settings an admin chooses, and validates them', async () => {
    const put = await admin.put('/api/v1/sync/settings', {
      bodyStorage: 'full',
      skipBulk: false,
      blocked: ['Competitor.example', 'spy@rival.example', 'competitor.example'],
    });
    expect(put.status).toBe(200);
    const got = await admin.get('/api/v1/sync/settings');
    expect(got.body).toEqual({
      bodyStorage: 'full',
      skipBulk: false,
      blocked: ['competitor.example', 'spy@rival.example'],
    });
    const bad = await admin.put('/api/v1/sync/settings', {
      bodyStorage: 'everything',
      skipBulk: 'yes',
      blocked: ['a b'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((f: { path: string }) => f.path).sort()).toEqual([
      'body.blocked.0',
      'body.bodyStorage',
      'body.skipBulk',
    ]);
  });

  it('refuses to connect a directory another tenant already uses', async () => {
    const other = await startWorld({ sim: w.sim, db: w.db });
    try {
      const res = await admin.put('/api/v1/sync/connection', { directoryTenantId: other.directoryTenantId });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('DIRECTORY_TAKEN');
    } finally {
      await other.close();
    }
  });

  it("refuses another directory than the tenant's own once it signs in with Entra", async () => {
    await w.db.system.tenant.update({ where: { id: w.tenant.id }, data: { entraTenantId: w.directoryTenantId } });
    try {
      const res = await admin.put('/api/v1/sync/connection', { directoryTenantId: 'someone-else.onmicrosoft.com' });
      expect(res.status).toBe(403);
      expect((await w.tdb.graphConnection.findFirstOrThrow({ where: {} })).directoryTenantId).toBe(w.directoryTenantId);
      const own = await admin.put('/api/v1/sync/connection', { directoryTenantId: w.directoryTenantId });
      expect(own.status).toBe(200);
    } finally {
      await w.db.system.tenant.update({ where: { id: w.tenant.id }, data: { entraTenantId: null } });
    }
  });

  it('lets a user opt out: their mailbox stops and Graph stops notifying', async () => {
    await w.service.ensureSubscription(w.tenant.id, w.bob.id);
    expect(await w.tdb.graphSubscription.count({ where: { mailboxId: w.bob.id } })).toBe(1);
    const off = await member.put('/api/v1/me/sync', { enabled: false });
    expect(off.body).toEqual({ enabled: false });
    expect((await w.mailbox(w.bob)).state).toBe('DISABLED');
    expect(await w.tdb.graphSubscription.count({ where: { mailboxId: w.bob.id } })).toBe(0);
    w.sim.resetStats();
    const outcome = await w.round(w.bob);
    expect(outcome.state).toBe('DISABLED');
    expect(w.graphRequests(w.bob)).toEqual([]);
    const on = await member.put('/api/v1/me/sync', { enabled: true });
    expect(on.body).toEqual({ enabled: true });
    expect((await w.round(w.bob)).state).toBe('ACTIVE');
  });
});
