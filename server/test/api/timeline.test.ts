import { describe, expect, it } from 'vitest';
import { createCompany, createContact, createDeal, logEmail, useTestTenant } from '../factories.ts';
import { unique } from '../harness.ts';

const t = useTestTenant();
const server = t.server;

describe('logging an email', () => {
  it('creates the item once: later calls by anyone answer 200 with who logged it and when', async () => {
    const company = await createCompany(t.admin);
    const nino = await createContact(t.admin, { emails: ['nino@fabrikam-log.example'], companyId: company.id });
    const id = `<${unique('once')}@mail.example>`;
    const body = {
      internetMessageId: id,
      subject: 'Renewal',
      sentAt: '2026-11-03T09:15:00+01:00',
      from: { email: 'NINO@fabrikam-log.example', name: 'Nino' },
      to: [{ email: `admin@${t.domain}` }],
      cc: [{ email: 'unknown@elsewhere.example' }],
      preview: '  Hello   Alice,\n\nthe terms look fine.  ',
    };
    const first = await t.admin.post('/api/v1/timeline/emails', body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      kind: 'email',
      occurredAt: '2026-11-03T08:15:00.000Z',
      contactIds: [nino.id],
      companyIds: [company.id],
      email: {
        internetMessageId: id,
        subject: 'Renewal',
        direction: 'inbound',
        preview: 'Hello Alice, the terms look fine.',
        loggedBy: { id: t.adminId },
        loggedVia: 'manual',
      },
    });
    expect(first.body.email.participants).toEqual(
      expect.arrayContaining([
        { role: 'from', email: 'nino@fabrikam-log.example', name: 'Nino' },
        { role: 'to', email: `admin@${t.domain}`, name: null },
        { role: 'cc', email: 'unknown@elsewhere.example', name: null },
      ]),
    );

    const member = await t.member();
    const second = await member.api.post('/api/v1/timeline/emails', body);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    expect(second.body.email.loggedBy.id).toBe(t.adminId);
    expect(second.body.email.loggedAt).toBe(first.body.email.loggedAt);

    const status = await member.api.get(`/api/v1/timeline/emails/status?internetMessageId=${encodeURIComponent(id)}`);
    expect(status.body).toMatchObject({
      logged: true,
      itemId: first.body.id,
      loggedBy: { id: t.adminId },
      loggedVia: 'manual',
    });

    const contact = await t.admin.get(`/api/v1/contacts/${nino.id}`);
    expect(contact.body.lastContactedAt).toBe('2026-11-03T08:15:00.000Z');
  });

  it('never creates a duplicate when the same email is logged many times at once', async () => {
    const contact = await createContact(t.admin);
    const id = `<${unique('burst')}@mail.example>`;
    const results = await Promise.all(
      Array.from({ length: 8 }, () => logEmail(t.admin, { internetMessageId: id, from: { email: contact.emails[0] } })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(7);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    const timeline = await t.admin.get(`/api/v1/contacts/${contact.id}/timeline`);
    expect(timeline.body.items.filter((i: { kind: string }) => i.kind === 'email')).toHaveLength(1);
  });

  it('links contacts and a deal given on a later call without touching what was logged', async () => {
    const first = await logEmail(t.admin, { subject: 'Original' });
    expect(first.status).toBe(201);
    expect(first.body.contactIds).toEqual([]);
    const contact = await createContact(t.admin);
    const deal = await createDeal(t.admin);
    const again = await logEmail(t.admin, {
      internetMessageId: first.body.email.internetMessageId,
      subject: 'Changed by a client',
      contactIds: [contact.id],
      dealId: deal.id,
    });
    expect(again.status).toBe(200);
    expect(again.body.contactIds).toEqual([contact.id]);
    expect(again.body.dealIds).toEqual([deal.id]);
    expect(again.body.email.subject).toBe('Original');
    const dealTimeline = await t.admin.get(`/api/v1/deals/${deal.id}/timeline`);
    expect(dealTimeline.body.items.map((i: { id: string }) => i.id)).toContain(first.body.id);
  });

  it('matches every participant with several addresses per contact, case-insensitively', async () => {
    const a = await createContact(t.admin, { emails: [`${unique('a')}@x.example`, `${unique('a2')}@y.example`] });
    const b = await createContact(t.admin);
    const res = await logEmail(t.admin, {
      from: { email: `admin@${t.domain}` },
      to: [{ email: a.emails[1].toUpperCase() }],
      cc: [{ email: b.emails[0] }],
    });
    expect(res.status).toBe(201);
    expect(res.body.contactIds.sort()).toEqual([a.id, b.id].sort());
  });

  it('infers the direction from the tenant domains', async () => {
    const slug = unique('dir');
    await server.db.system.tenant.create({ data: { slug, name: slug, domains: ['ours.example'] } });
    const api = await server.as(slug, 'me@ours.example');
    const out = await logEmail(api, { from: { email: 'me@ours.example' }, to: [{ email: 'them@theirs.example' }] });
    expect(out.body.email.direction).toBe('outbound');
    const inbound = await logEmail(api, { from: { email: 'them@theirs.example' }, to: [{ email: 'me@ours.example' }] });
    expect(inbound.body.email.direction).toBe('inbound');
  });

  it('answers 400 for bad input and 404 for unknown contacts or deals, writing nothing', async () => {
    const bad = await t.admin.post('/api/v1/timeline/emails', {
      internetMessageId: 'has spaces',
      sentAt: 'yesterday',
      from: { email: '   ' },
      to: 'x',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['body.internetMessageId', 'body.sentAt', 'body.from.email', 'body.to']),
    );
    const id = `<${unique('ghost')}@mail.example>`;
    const unknown = await logEmail(t.admin, { internetMessageId: id, dealId: '01900000-0000-7000-8000-000000000000' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('DEAL_NOT_FOUND');
    const status = await t.admin.get(`/api/v1/timeline/emails/status?internetMessageId=${encodeURIComponent(id)}`);
    expect(status.body).toMatchObject({ logged: false, itemId: null, loggedBy: null });
  });
});

describe('timelines, notes and tasks', () => {
  it('lists a contact timeline newest first across pages', async () => {
    const contact = await createContact(t.admin);
    const times = ['2026-01-01', '2026-03-01', '2026-02-01', '2026-05-01', '2026-04-01'];
    for (const day of times) {
      expect((await logEmail(t.admin, { from: { email: contact.emails[0] }, sentAt: `${day}T10:00:00Z` })).status).toBe(
        201,
      );
    }
    await t.admin.post('/api/v1/notes', {
      contactId: contact.id,
      body: 'Met at fair',
      occurredAt: '2026-02-15T00:00:00Z',
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await t.admin.get(
        `/api/v1/contacts/${contact.id}/timeline?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...res.body.items.map((i: { occurredAt: string }) => i.occurredAt.slice(0, 10)));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['2026-05-01', '2026-04-01', '2026-03-01', '2026-02-15', '2026-02-01', '2026-01-01']);
  });

  it('adds notes to contacts, companies and deals, and refuses a note with no target', async () => {
    const company = await createCompany(t.admin);
    const contact = await createContact(t.admin, { companyId: company.id });
    const note = await t.admin.post('/api/v1/notes', {
      kind: 'call',
      contactId: contact.id,
      body: 'Called about pricing',
    });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ kind: 'call', body: 'Called about pricing', author: { id: t.adminId } });
    const companyTimeline = await t.admin.get(`/api/v1/companies/${company.id}/timeline`);
    expect(companyTimeline.body.items.map((i: { id: string }) => i.id)).toContain(note.body.id);
    const none = await t.admin.post('/api/v1/notes', { body: 'Floating' });
    expect(none.status).toBe(400);
    expect(none.body.errors[0].path).toBe('body.contactId');
  });

  it('creates tasks, lists mine and overdue, and completes them once', async () => {
    const member = await t.member();
    const contact = await createContact(t.admin);
    const overdue = await member.api.post('/api/v1/tasks', {
      title: 'Call back',
      dueAt: '2020-01-01T09:00:00Z',
      contactId: contact.id,
    });
    expect(overdue.status).toBe(201);
    expect(overdue.body).toMatchObject({ overdue: true, done: false, assignee: { id: member.id } });
    const later = await member.api.post('/api/v1/tasks', { title: 'Send quote', dueAt: '2099-01-01T09:00:00Z' });
    const forAdmin = await member.api.post('/api/v1/tasks', { title: 'For the boss', assigneeId: t.adminId });
    expect(forAdmin.body.assignee.id).toBe(t.adminId);

    const mine = await member.api.get('/api/v1/tasks');
    expect(mine.body.items.map((x: { id: string }) => x.id).sort()).toEqual([overdue.body.id, later.body.id].sort());
    const late = await member.api.get('/api/v1/tasks?view=overdue');
    expect(late.body.items.map((x: { id: string }) => x.id)).toEqual([overdue.body.id]);

    const done = await member.api.post(`/api/v1/tasks/${overdue.body.id}/complete`);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ done: true, overdue: false });
    const doneAgain = await member.api.post(`/api/v1/tasks/${overdue.body.id}/complete`);
    expect(doneAgain.body.doneAt).toBe(done.body.doneAt);
    expect((await member.api.get('/api/v1/tasks?view=overdue')).body.items).toEqual([]);

    const timeline = await t.admin.get(`/api/v1/contacts/${contact.id}/timeline`);
    expect(timeline.body.items.map((i: { kind: string }) => i.kind)).toEqual(['task_completed', 'task_created']);
  });
});
