// An admin's settings for people and the organisation: roles (the tenant keeps an
// admin; a change applies on the user's next request, on any server process), each
// user's mail sync, and the organisation's name and own domains.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTenant, useTestTenant } from '../factories.ts';
import { startTestServer, type ApiClient, type TestServer } from '../harness.ts';

const t = useTestTenant();
const server = t.server;
let member: { api: ApiClient; id: string };
beforeAll(async () => {
  member = await t.member();
});

describe('users', () => {
  it("lists the tenant's users with their role, mail sync switch and creation time", async () => {
    const res = await member.api.get('/api/v1/users');
    expect(res.status).toBe(200);
    const me = res.body.items.find((u: { id: string }) => u.id === member.id);
    expect(me).toMatchObject({ role: 'member', syncEnabled: true });
    expect(Date.parse(me.createdAt)).not.toBeNaN();
    expect(res.body.items.find((u: { id: string }) => u.id === t.adminId)).toMatchObject({ role: 'admin' });
  });

  it('applies a role change on the next request of that user, on every server process', async () => {
    const second: TestServer = await startTestServer({ sameDatabaseAs: server });
    try {
      const other = await t.member();
      const elsewhere = await second.as(t.slug, (await other.api.get('/api/v1/me')).body.email, 'member');
      // Both processes have resolved (and cached) the member.
      expect((await other.api.get('/api/v1/audit')).status).toBe(403);
      expect((await elsewhere.get('/api/v1/audit')).status).toBe(403);

      const promoted = await t.admin.patch(`/api/v1/users/${other.id}`, { role: 'admin' });
      expect(promoted.status).toBe(200);
      expect(promoted.body).toMatchObject({ id: other.id, role: 'admin', syncEnabled: true });
      expect((await other.api.get('/api/v1/audit')).status).toBe(200);
      expect((await elsewhere.get('/api/v1/audit')).status).toBe(200);
      expect((await other.api.get('/api/v1/me')).body.role).toBe('admin');

      expect((await t.admin.patch(`/api/v1/users/${other.id}`, { role: 'member' })).status).toBe(200);
      expect((await other.api.get('/api/v1/audit')).status).toBe(403);
      expect((await elsewhere.get('/api/v1/audit')).status).toBe(403);

      const events = (await t.admin.get('/api/v1/audit?action=user.role.changed')).body.items;
      expect(events.filter((e: { targetId: string }) => e.targetId === other.id).map((e: any) => e.details)).toEqual([
        { from: 'admin', to: 'member' },
        { from: 'member', to: 'admin' },
      ]);
    } finally {
      await second.close();
    }
  });

  it('keeps at least one admin: the last cannot be demoted, not even by themselves', async () => {
    const solo = await createTenant(server);
    const res = await solo.admin.patch(`/api/v1/users/${solo.adminId}`, { role: 'member' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'LAST_ADMIN' });
    expect((await solo.admin.get('/api/v1/me')).body.role).toBe('admin');
    // Setting the role it already has changes nothing and is not refused.
    expect((await solo.admin.patch(`/api/v1/users/${solo.adminId}`, { role: 'admin' })).status).toBe(200);
    expect((await solo.admin.get('/api/v1/audit?action=user.role.changed')).body.items).toEqual([]);
  });

  it('lets one of two admins demoting each other at once succeed, never both', async () => {
    const pair = await createTenant(server);
    const second = await pair.member();
    expect((await pair.admin.patch(`/api/v1/users/${second.id}`, { role: 'admin' })).status).toBe(200);
    const results = await Promise.all([
      pair.admin.patch(`/api/v1/users/${second.id}`, { role: 'member' }),
      second.api.patch(`/api/v1/users/${pair.adminId}`, { role: 'member' }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    // The second to run is refused: LAST_ADMIN, or 403 if its caller was demoted just before.
    expect(statuses[0]).toBe(200);
    expect([403, 409]).toContain(statuses[1]);
    const users = (await pair.admin.get('/api/v1/users')).body.items;
    const admins = users.filter((u: { role: string }) => u.role === 'admin');
    expect(admins).toHaveLength(1);
  });

  it("turns a user's mail sync off and on: their mailbox stops, and the switch shows", async () => {
    const tenantId = (await t.admin.get('/api/v1/me')).body.tenant.id as string;
    const someone = await t.member();
    const mailbox = await server.db.system.mailbox.create({
      data: { tenantId, userId: someone.id, graphUserId: randomUUID(), address: `${randomUUID()}@${t.domain}` },
    });
    const off = await t.admin.patch(`/api/v1/users/${someone.id}`, { syncEnabled: false });
    expect(off.body).toMatchObject({ syncEnabled: false, role: 'member' });
    const stopped = await server.db.system.mailbox.findFirstOrThrow({ where: { id: mailbox.id } });
    expect(stopped.state).toBe('DISABLED');
    const listed = (await someone.api.get('/api/v1/users')).body.items.find((u: any) => u.id === someone.id);
    expect(listed.syncEnabled).toBe(false);
    expect((await t.admin.patch(`/api/v1/users/${someone.id}`, { syncEnabled: true })).body.syncEnabled).toBe(true);
    expect((await server.db.system.mailbox.findFirstOrThrow({ where: { id: mailbox.id } })).state).toBe('ACTIVE');
  });

  it.each([
    ['a role that does not exist', { role: 'owner' }, 'body.role'],
    ['a switch that is not a boolean', { syncEnabled: 'no' }, 'body.syncEnabled'],
    ['a field it does not know', { email: 'someone@else.example' }, 'body'],
  ])('refuses %s', async (_name, body, path) => {
    const res = await t.admin.patch(`/api/v1/users/${member.id}`, body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('answers 404 for a user it does not have', async () => {
    const res = await t.admin.patch(`/api/v1/users/${randomUUID()}`, { role: 'admin' });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('USER_NOT_FOUND');
  });
});

describe('the organisation', () => {
  it('renames it and sets its own domains: lower case, without www., each once, in Unicode', async () => {
    const org = await createTenant(server);
    const res = await org.admin.patch('/api/v1/tenant', {
      name: '  Fabrikam  ',
      domains: ['Fabrikam.EXAMPLE', 'www.fabrikam.example', 'xn--e1afmkfd.example', 'მაგალითი.example'],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: expect.any(String),
      slug: org.slug,
      name: 'Fabrikam',
      domains: ['fabrikam.example', 'пример.example', 'მაგალითი.example'],
    });
    expect((await org.admin.get('/api/v1/me')).body.tenant).toEqual(res.body);
    // Only the name: the domains stay.
    expect((await org.admin.patch('/api/v1/tenant', { name: 'Fabrikam AB' })).body.domains).toHaveLength(3);
    expect((await org.admin.patch('/api/v1/tenant', { domains: [] })).body).toMatchObject({
      name: 'Fabrikam AB',
      domains: [],
    });
  });

  it.each([
    ['an empty name', { name: '   ' }, 'body.name'],
    ['a domain that is not one', { domains: ['not a domain'] }, 'body.domains.0'],
    ['over 100 domains', { domains: Array.from({ length: 101 }, (_, i) => `d${i}.example`) }, 'body.domains'],
    ['a field it does not know', { slug: 'taken' }, 'body'],
  ])('refuses %s', async (_name, body, path) => {
    const res = await t.admin.patch('/api/v1/tenant', body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });
});
