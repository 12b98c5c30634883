// Roles and record permissions. Every admin route of the registry refuses a member
// with 403 (generated: a new admin route is covered without a line here) and admits
// an admin. Records: members create and edit the tenant's records, but delete (or
// give to another owner) only what they own; admins may do anything; the deletions
// are audited. Unlogging an email: whoever logged it, or an admin.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '../contract.ts';
import { createCompany, createContact, createDeal, logEmail, useTestTenant } from '../factories.ts';
import type { ApiClient } from '../harness.ts';

const t = useTestTenant();
let member: { api: ApiClient; id: string };
beforeAll(async () => {
  member = await t.member();
});

const key = (r: { method: string; path: string }) => `${r.method} ${r.path}`;
const adminRoutes = allRoutes.filter((r) => r.auth === 'admin');

/** The path with every parameter filled with an id that names nothing (the role is checked before anything is read). */
const pathOf = (path: string) => `/api/v1${path.replace(/:\w+/g, () => randomUUID())}`;

async function call(api: ApiClient, route: { method: string; path: string }) {
  const method = route.method.toUpperCase();
  return ['GET', 'DELETE'].includes(method)
    ? api.request(method, pathOf(route.path))
    : api.request(method, pathOf(route.path), {});
}

describe('admin routes', () => {
  it('are what the console and the settings need, and nothing under /admin or /audit is open to members', () => {
    expect(adminRoutes.length).toBeGreaterThan(10);
    const open = allRoutes.filter((r) => /^\/(admin|audit)(\/|$)/.test(r.path) && r.auth !== 'admin');
    expect(open.map(key), 'these console routes must declare auth: admin').toEqual([]);
    for (const route of [
      'patch /users/:id',
      'patch /tenant',
      'get /audit',
      'get /audit/export',
      'put /sync/settings',
    ]) {
      expect(adminRoutes.map(key)).toContain(route);
    }
  });

  it.each(adminRoutes.map(key))('%s answers a member 403 FORBIDDEN', async (name) => {
    const route = adminRoutes.find((r) => key(r) === name)!;
    const res = await call(member.api, route);
    expect(res.status, JSON.stringify(res.body)).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });

  it.each(adminRoutes.map(key))('%s lets an admin past the role check', async (name) => {
    const route = adminRoutes.find((r) => key(r) === name)!;
    const res = await call(t.admin, route);
    expect(res.status, JSON.stringify(res.body)).not.toBe(403);
    // 400 or 404 for the made-up input, 503 for a service this server does not run: never a crash.
    expect(res.status, JSON.stringify(res.body)).not.toBe(500);
  });
});

const records = [
  { kind: 'contact', path: '/api/v1/contacts', create: createContact },
  { kind: 'company', path: '/api/v1/companies', create: createCompany },
  { kind: 'deal', path: '/api/v1/deals', create: createDeal },
] as const;

async function auditedDeletions(kind: string) {
  const res = await t.admin.get(`/api/v1/audit?action=${kind}.deleted&limit=100`);
  expect(res.status).toBe(200);
  return res.body.items as { targetId: string; actor: { userId: string } }[];
}

describe('record permissions', () => {
  it("a member cannot delete an admin's deal", async () => {
    const deal = await createDeal(t.admin, { name: "The admin's deal" });
    const res = await member.api.delete(`/api/v1/deals/${deal.id}`);
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      code: 'FORBIDDEN',
      detail: "Only the deal's owner or an admin may delete this deal",
    });
    expect((await t.admin.get(`/api/v1/deals/${deal.id}`)).body.name).toBe("The admin's deal");
    expect((await auditedDeletions('deal')).map((e) => e.targetId)).not.toContain(deal.id);
  });

  it.each(records)("a member edits another's $kind but neither deletes it nor makes it theirs", async (r) => {
    const record = await r.create(t.admin);
    expect((await member.api.patch(`${r.path}/${record.id}`, { name: 'Edited by a member' })).status).toBe(200);
    const takeOver = await member.api.patch(`${r.path}/${record.id}`, { ownerId: member.id });
    expect(takeOver.status).toBe(403);
    expect(takeOver.body.code).toBe('FORBIDDEN');
    const unowned = await member.api.patch(`${r.path}/${record.id}`, { ownerId: null });
    expect(unowned.status).toBe(403);
    expect((await member.api.delete(`${r.path}/${record.id}`)).status).toBe(403);
    const after = await t.admin.get(`${r.path}/${record.id}`);
    expect(after.body).toMatchObject({ name: 'Edited by a member', owner: { id: t.adminId } });
  });

  it.each(records)('a member deletes their own $kind, and gives it to someone else', async (r) => {
    const mine = await r.create(member.api);
    expect(mine.owner.id).toBe(member.id);
    const deleted = await member.api.delete(`${r.path}/${mine.id}`);
    expect(deleted.status).toBe(204);
    expect((await t.admin.get(`${r.path}/${mine.id}`)).status).toBe(404);

    const given = await r.create(member.api);
    const res = await member.api.patch(`${r.path}/${given.id}`, { ownerId: t.adminId });
    expect(res.status).toBe(200);
    expect(res.body.owner.id).toBe(t.adminId);
    expect((await member.api.delete(`${r.path}/${given.id}`)).status).toBe(403);

    const event = (await auditedDeletions(r.kind)).find((e) => e.targetId === mine.id);
    expect(event?.actor.userId).toBe(member.id);
  });

  it.each(records)("an admin deletes a member's $kind and re-owns it", async (r) => {
    const theirs = await r.create(member.api);
    const reowned = await t.admin.patch(`${r.path}/${theirs.id}`, { ownerId: t.adminId });
    expect(reowned.body.owner.id).toBe(t.adminId);
    const other = await r.create(member.api);
    expect((await t.admin.delete(`${r.path}/${other.id}`)).status).toBe(204);
    const event = (await auditedDeletions(r.kind)).find((e) => e.targetId === other.id);
    expect(event?.actor.userId).toBe(t.adminId);
  });

  it('a record no one owns is deleted by admins only', async () => {
    const deal = await createDeal(t.admin, { ownerId: null });
    expect((await member.api.delete(`/api/v1/deals/${deal.id}`)).status).toBe(403);
    expect((await t.admin.delete(`/api/v1/deals/${deal.id}`)).status).toBe(204);
  });
});

describe('unlogging an email', () => {
  const statusOf = async (api: ApiClient, messageId: string) =>
    (await api.get(`/api/v1/timeline/emails/status?internetMessageId=${encodeURIComponent(messageId)}`)).body;

  it('is for the user who logged it, or an admin', async () => {
    const contact = await createContact(t.admin, { emails: [`${randomUUID()}@unlog.example`] });
    const byAdmin = await logEmail(t.admin, { from: { email: contact.emails[0] } });
    expect(byAdmin.status).toBe(201);
    const refused = await member.api.delete(`/api/v1/timeline/emails/${byAdmin.body.id}`);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe('Only the user who logged this email or an admin may unlog it');
    expect((await statusOf(t.admin, byAdmin.body.email.internetMessageId)).logged).toBe(true);

    const byMember = await logEmail(member.api, { from: { email: contact.emails[0] } });
    expect((await member.api.delete(`/api/v1/timeline/emails/${byMember.body.id}`)).status).toBe(204);
    expect((await statusOf(member.api, byMember.body.email.internetMessageId)).logged).toBe(false);
    const timeline = await t.admin.get(`/api/v1/contacts/${contact.id}/timeline`);
    expect(timeline.body.items.map((i: { id: string }) => i.id)).toEqual([byAdmin.body.id]);

    const another = await logEmail(member.api);
    expect((await t.admin.delete(`/api/v1/timeline/emails/${another.body.id}`)).status).toBe(204);
    expect((await t.admin.delete(`/api/v1/timeline/emails/${another.body.id}`)).status).toBe(404);
  });

  it('answers 404 for a note or an id that names nothing', async () => {
    const contact = await createContact(t.admin);
    const note = await t.admin.post('/api/v1/notes', { contactId: contact.id, body: 'Not an email' });
    const res = await t.admin.delete(`/api/v1/timeline/emails/${note.body.id}`);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('TIMELINE_ITEM_NOT_FOUND');
    expect((await t.admin.delete(`/api/v1/timeline/emails/${randomUUID()}`)).status).toBe(404);
    expect((await t.admin.delete('/api/v1/timeline/emails/not-a-uuid')).status).toBe(400);
  });

  it("removes an email the sync also read, with the sync's sightings; members cannot remove the sync's own", async () => {
    const db = t.server.db.system;
    const tenantId = (await t.admin.get('/api/v1/me')).body.tenant.id as string;
    const mailbox = await db.mailbox.create({
      data: { tenantId, userId: member.id, graphUserId: randomUUID(), address: `${randomUUID()}@${t.domain}` },
    });
    const logged = await logEmail(member.api);
    const synced = await logEmail(t.admin);
    await db.timelineItem.update({
      where: { tenantId_id: { tenantId, id: synced.body.id } },
      data: { loggedVia: 'sync', loggedById: null },
    });
    for (const item of [logged.body, synced.body]) {
      await db.emailSighting.create({
        data: { tenantId, mailboxId: mailbox.id, graphMessageId: randomUUID(), itemId: item.id, folderId: 'inbox' },
      });
    }
    expect((await member.api.delete(`/api/v1/timeline/emails/${synced.body.id}`)).status).toBe(403);
    expect((await member.api.delete(`/api/v1/timeline/emails/${logged.body.id}`)).status).toBe(204);
    expect((await t.admin.delete(`/api/v1/timeline/emails/${synced.body.id}`)).status).toBe(204);
    expect(await db.emailSighting.count({ where: { tenantId, mailboxId: mailbox.id } })).toBe(0);
    const events = (await t.admin.get('/api/v1/audit?action=email.unlogged&limit=100')).body.items;
    expect(events.find((e: { targetId: string }) => e.targetId === synced.body.id)).toMatchObject({
      actor: { userId: t.adminId },
      details: { loggedVia: 'sync', mailboxCopies: 1 },
    });
  });
});
