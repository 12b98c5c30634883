// The admin's overview over HTTP, on a tenant whose sync tables are filled directly (as
// the sync would have left them): users, consent, the Graph connection, mailboxes in
// every state, the ones that need attention, subscriptions; another tenant sees none of it.
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_PROBLEMS } from '../../src/admin/index.ts';
import type { MailboxState } from '../../src/db/index.ts';
import { createTenant, useTestTenant } from '../factories.ts';
import { unique } from '../harness.ts';

const t = useTestTenant();
const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);

let tenantId: string;
const ids: Record<string, string> = {};

/** A user of the tenant with a mailbox in `state`, written as the sync would. */
async function mailbox(name: string, state: MailboxState, fields: Record<string, unknown> = {}) {
  const system = t.server.db.system;
  const email = `${name}-${unique('mb')}@${t.domain}`;
  const user = await system.user.create({ data: { tenantId, email, displayName: name } });
  const row = await system.mailbox.create({
    data: { tenantId, userId: user.id, graphUserId: email, address: email, state, ...fields },
  });
  ids[name] = row.id;
  return row;
}

beforeAll(async () => {
  const system = t.server.db.system;
  tenantId = (await t.admin.get('/api/v1/me')).body.tenant.id;
  await t.member();
  await system.tenant.update({
    where: { id: tenantId },
    data: {
      domains: [t.domain],
      entraTenantId: '9b1de5a4-2f6c-4c8e-8a53-0d7e6f1c2b39',
      consentedAt: at('2026-11-02T09:00:00Z'),
      consentedByObjectId: 'a1e0f3c2-5b4d-4e6f-9a8b-7c6d5e4f3a21',
      consentedByName: 'Ada Admin',
      syncConsentedAt: at('2026-11-02T09:05:00Z'),
    },
  });
  await system.graphConnection.create({
    data: {
      tenantId,
      directoryTenantId: unique('dir'),
      state: 'NEEDS_ADMIN',
      stateReason: 'AUTH_REVOKED: consent withdrawn',
    },
  });
  await mailbox('active1', 'ACTIVE', { lastRoundAt: at('2026-11-30T10:00:00Z'), itemsCaptured: 120 });
  await mailbox('active2', 'ACTIVE', { lastRoundAt: at('2026-11-30T11:30:00Z'), itemsCaptured: 30 });
  await mailbox('throttled', 'THROTTLED', { lastRoundAt: at('2026-11-30T09:00:00Z'), itemsCaptured: 5 });
  await mailbox('needsAdmin', 'NEEDS_ADMIN', { stateReason: 'AUTH_REVOKED: consent withdrawn' });
  await mailbox('notPermitted', 'NOT_PERMITTED', {
    stateReason: 'MAILBOX_NOT_PERMITTED: 403 ErrorAccessDenied',
    lastError: 'MAILBOX_NOT_PERMITTED: 403 ErrorAccessDenied',
    lastErrorAt: at('2026-11-30T08:00:00Z'),
  });
  await mailbox('inactive', 'INACTIVE', { stateReason: 'MAILBOX_INACTIVE: 404 MailboxNotEnabledForRESTAPI' });
  await mailbox('failed', 'FAILED', {
    stateReason: 'TEMPORARY: 500 boom',
    lastError: 'TEMPORARY: 500 boom',
    lastErrorAt: at('2026-11-30T12:00:00Z'),
  });
  await mailbox('disabled', 'DISABLED', { stateReason: 'The user opted out of the mail sync' });
  await system.user.updateMany({ where: { tenantId, displayName: 'disabled' }, data: { syncEnabled: false } });
  const now = Date.now();
  const subscription = (mailboxName: string, expiresAt: number) =>
    system.graphSubscription.create({
      data: {
        id: unique('sub'),
        tenantId,
        mailboxId: ids[mailboxName]!,
        clientState: 'x',
        resource: '/users/x/messages',
        expiresAt: new Date(expiresAt),
      },
    });
  await subscription('active1', now + 2 * HOUR);
  await subscription('active2', now + 70 * HOUR);
  await subscription('throttled', now - HOUR);
});

describe('GET /admin/overview', () => {
  it("sums up the tenant's health: consent, users, connection, mailboxes by state, subscriptions", async () => {
    const res = await t.admin.get('/api/v1/admin/overview');
    expect(res.status).toBe(200);
    const { problems, subscriptions, ...rest } = res.body;
    expect(rest).toEqual({
      tenant: {
        name: expect.any(String),
        slug: t.slug,
        domains: [t.domain],
        entraTenantId: '9b1de5a4-2f6c-4c8e-8a53-0d7e6f1c2b39',
      },
      consent: {
        granted: true,
        at: '2026-11-02T09:00:00.000Z',
        by: 'Ada Admin',
        syncGranted: true,
        syncAt: '2026-11-02T09:05:00.000Z',
      },
      // The admin, a member, and the eight mailbox owners (one opted out of the sync).
      users: { total: 10, admins: 1, syncEnabled: 9 },
      connection: { state: 'NEEDS_ADMIN', reason: 'AUTH_REVOKED: consent withdrawn' },
      mailboxes: {
        total: 8,
        byState: { ACTIVE: 2, THROTTLED: 1, NEEDS_ADMIN: 1, NOT_PERMITTED: 1, INACTIVE: 1, FAILED: 1, DISABLED: 1 },
        lastSyncAt: '2026-11-30T11:30:00.000Z',
        itemsCaptured: 155,
      },
    });
    expect(subscriptions).toEqual({ active: 2, expiringWithinDay: 1, nextExpiry: expect.any(String) });
    expect(new Date(subscriptions.nextExpiry).getTime() - Date.now()).toBeGreaterThan(HOUR);
    expect(new Date(subscriptions.nextExpiry).getTime() - Date.now()).toBeLessThan(3 * HOUR);
  });

  it('lists the mailboxes that need attention, latest error first; "not permitted" under its own state', async () => {
    const { problems } = (await t.admin.get('/api/v1/admin/overview')).body;
    // Latest error first; those without one by address (inactive-… before needsAdmin-…).
    expect(problems.map((p: { mailboxId: string }) => p.mailboxId)).toEqual([
      ids.failed,
      ids.notPermitted,
      ids.inactive,
      ids.needsAdmin,
    ]);
    expect(problems[0]).toEqual({
      mailboxId: ids.failed,
      address: expect.stringMatching(/^failed-/),
      state: 'FAILED',
      reason: 'TEMPORARY: 500 boom',
      at: '2026-11-30T12:00:00.000Z',
    });
    expect(problems[1]).toMatchObject({
      state: 'NOT_PERMITTED',
      reason: 'MAILBOX_NOT_PERMITTED: 403 ErrorAccessDenied',
    });
    const states = problems.map((p: { state: string }) => p.state);
    for (const fine of ['ACTIVE', 'THROTTLED', 'DISABLED']) expect(states).not.toContain(fine);
    // Without an error of its own, a problem is dated by when its state was set.
    for (const p of problems.slice(2)) expect(Number.isNaN(Date.parse(p.at))).toBe(false);
  });

  it(`lists at most ${MAX_PROBLEMS} problems while still counting all of them`, async () => {
    const other = await createTenant(t.server);
    const system = t.server.db.system;
    const otherId = (await other.admin.get('/api/v1/me')).body.tenant.id;
    const users = Array.from({ length: MAX_PROBLEMS + 5 }, (_, i) => ({
      tenantId: otherId,
      email: `u${i}@${other.domain}`,
      displayName: `U ${i}`,
    }));
    await system.user.createMany({ data: users });
    const created = await system.user.findMany({ where: { tenantId: otherId, email: { startsWith: 'u' } } });
    await system.mailbox.createMany({
      data: created.map((u) => ({
        tenantId: otherId,
        userId: u.id,
        graphUserId: u.email,
        address: u.email,
        state: 'FAILED' as const,
      })),
    });
    const res = await other.admin.get('/api/v1/admin/overview');
    expect(res.status).toBe(200);
    expect(res.body.problems).toHaveLength(MAX_PROBLEMS);
    expect(res.body.mailboxes.byState.FAILED).toBe(MAX_PROBLEMS + 5);
    expect(res.body.users.total).toBe(MAX_PROBLEMS + 6);
  });

  it("shows a new tenant as not connected and empty, and nothing of another tenant's", async () => {
    const fresh = await createTenant(t.server);
    const res = await fresh.admin.get('/api/v1/admin/overview');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      tenant: { slug: fresh.slug, entraTenantId: null },
      consent: { granted: false, at: null, by: null, syncGranted: false, syncAt: null },
      users: { total: 1, admins: 1, syncEnabled: 1 },
      connection: { state: 'NOT_CONNECTED', reason: null },
      mailboxes: {
        total: 0,
        byState: { ACTIVE: 0, THROTTLED: 0, NEEDS_ADMIN: 0, NOT_PERMITTED: 0, INACTIVE: 0, FAILED: 0, DISABLED: 0 },
        lastSyncAt: null,
        itemsCaptured: 0,
      },
      problems: [],
      subscriptions: { active: 0, expiringWithinDay: 0, nextExpiry: null },
    });
    const text = JSON.stringify(res.body);
    for (const secret of [t.domain, 'Ada Admin', 'consent withdrawn', ...Object.values(ids)]) {
      expect(text).not.toContain(secret);
    }
  });
});
