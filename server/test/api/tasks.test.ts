// Tasks: changing one (rename, reschedule, reassign) with who may and its audit, and
// the list's due-date window, order and paging that the web app's My tasks and the
// record pages read.
import { beforeAll, describe, expect, it } from 'vitest';
import { createCompany, createContact, createDeal, createTenant, useTestTenant } from '../factories.ts';
import type { ApiClient } from '../harness.ts';

const t = useTestTenant();

type Task = { id: string; title: string; dueAt: string | null };

async function addTask(api: ApiClient, body: Record<string, unknown>): Promise<Task> {
  const res = await api.post('/api/v1/tasks', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function auditOf(taskId: string) {
  const res = await t.admin.get(`/api/v1/audit?action=task.updated&q=${taskId}&limit=100`);
  expect(res.status).toBe(200);
  return res.body.items as { targetId: string; summary: string; details: any; actor: { userId: string } }[];
}

/** Every page of a list, following nextCursor. */
async function allPages(api: ApiClient, path: string) {
  const items: Task[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res: any = await api.get(`${path}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  return items;
}

describe('PATCH /tasks/:id', () => {
  it('reschedules, renames and clears the due date; each change is audited with what it was', async () => {
    const contact = await createContact(t.admin);
    const task = await addTask(t.admin, { title: 'Call back', contactId: contact.id, dueAt: '2031-03-10T09:00:00Z' });

    const moved = await t.admin.patch(`/api/v1/tasks/${task.id}`, { dueAt: '2031-03-12T15:30:00+02:00' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ id: task.id, title: 'Call back', dueAt: '2031-03-12T13:30:00.000Z' });
    expect(moved.body.contact).toEqual({ id: contact.id, name: contact.name });

    const renamed = await t.admin.patch(`/api/v1/tasks/${task.id}`, { title: '  Call back about terms ', dueAt: null });
    expect(renamed.body).toMatchObject({ title: 'Call back about terms', dueAt: null, overdue: false });

    const events = await auditOf(task.id);
    expect(events).toHaveLength(2);
    expect(events.map((e) => e.details.changes)).toEqual([
      {
        title: { from: 'Call back', to: 'Call back about terms' },
        dueAt: { from: '2031-03-12T13:30:00.000Z', to: null },
      },
      { dueAt: { from: '2031-03-10T09:00:00.000Z', to: '2031-03-12T13:30:00.000Z' } },
    ]);
    expect(events[0]).toMatchObject({ targetId: task.id, actor: { userId: t.adminId } });
    expect(events[0]!.summary).toContain('“Call back”');
  });

  it('records nothing when nothing changes (the same instant in another offset is no change)', async () => {
    const task = await addTask(t.admin, { title: 'Same', dueAt: '2031-03-10T09:00:00Z' });
    for (const body of [{}, { title: 'Same' }, { dueAt: '2031-03-10T10:00:00+01:00' }, { assigneeId: t.adminId }]) {
      const res = await t.admin.patch(`/api/v1/tasks/${task.id}`, body);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ title: 'Same', dueAt: '2031-03-10T09:00:00.000Z' });
    }
    expect(await auditOf(task.id)).toEqual([]);
  });

  it('reassigns: the task leaves the old assignee’s list and joins the new one’s', async () => {
    const member = await t.member();
    const task = await addTask(t.admin, { title: 'Hand over', dueAt: '2031-03-10T09:00:00Z' });
    const res = await t.admin.patch(`/api/v1/tasks/${task.id}`, { assigneeId: member.id });
    expect(res.status).toBe(200);
    expect(res.body.assignee.id).toBe(member.id);
    const mine = await member.api.get('/api/v1/tasks');
    expect(mine.body.items.map((x: Task) => x.id)).toEqual([task.id]);
    const admins = await t.admin.get('/api/v1/tasks?limit=100');
    expect(admins.body.items.map((x: Task) => x.id)).not.toContain(task.id);
    expect((await auditOf(task.id))[0]!.details.changes).toEqual({ assigneeId: { from: t.adminId, to: member.id } });
  });

  describe('who may', () => {
    let owner: { api: ApiClient; id: string };
    let other: { api: ApiClient; id: string };
    beforeAll(async () => {
      owner = await t.member();
      other = await t.member();
    });

    it('a member changes a task assigned to them, and one they created for someone else', async () => {
      const assigned = await addTask(t.admin, { title: 'For the member', assigneeId: owner.id });
      const res = await owner.api.patch(`/api/v1/tasks/${assigned.id}`, { dueAt: '2031-04-01T08:00:00Z' });
      expect(res.status, JSON.stringify(res.body)).toBe(200);

      const created = await addTask(owner.api, { title: 'Made by the member', assigneeId: other.id });
      const again = await owner.api.patch(`/api/v1/tasks/${created.id}`, { title: 'Renamed by its creator' });
      expect(again.status).toBe(200);
      // …and the assignee may give it back.
      const back = await other.api.patch(`/api/v1/tasks/${created.id}`, { assigneeId: owner.id });
      expect(back.status).toBe(200);
      expect(back.body.assignee.id).toBe(owner.id);
    });

    it('a member may not change a task neither assigned to them nor created by them; nothing changes', async () => {
      const task = await addTask(t.admin, { title: 'Not yours', assigneeId: owner.id, dueAt: '2031-03-10T09:00:00Z' });
      for (const body of [{ title: 'Taken' }, { dueAt: null }, { assigneeId: other.id }]) {
        const res = await other.api.patch(`/api/v1/tasks/${task.id}`, body);
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ code: 'FORBIDDEN', detail: expect.stringContaining('assignee') });
      }
      const list = await t.admin.get(`/api/v1/tasks?view=all&limit=100&dueAfter=2031-03-10T09:00:00Z`);
      expect(list.body.items.find((x: Task) => x.id === task.id)).toMatchObject({
        title: 'Not yours',
        dueAt: '2031-03-10T09:00:00.000Z',
        assignee: { id: owner.id },
      });
      expect(await auditOf(task.id)).toEqual([]);
    });

    it('an admin changes anyone’s task', async () => {
      const task = await addTask(owner.api, { title: 'Member’s own' });
      const res = await t.admin.patch(`/api/v1/tasks/${task.id}`, { title: 'Admin was here', assigneeId: other.id });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ title: 'Admin was here', assignee: { id: other.id } });
    });
  });

  it.each([
    ['a due date that is not an instant', { dueAt: 'tomorrow' }, 'dueAt'],
    ['a date without a time', { dueAt: '2031-03-10' }, 'dueAt'],
    ['a date time without an offset', { dueAt: '2031-03-10T09:00:00' }, 'dueAt'],
    ['a due date past 2200', { dueAt: '2201-01-01T00:00:00Z' }, 'dueAt'],
    ['an empty title', { title: '   ' }, 'title'],
    ['a title of 501 characters', { title: 'x'.repeat(501) }, 'title'],
    ['a null title', { title: null }, 'title'],
    ['an assignee that is not a uuid', { assigneeId: 'alice' }, 'assigneeId'],
    ['a null assignee (a task always has one)', { assigneeId: null }, 'assigneeId'],
  ])('refuses %s with 400 naming the field', async (_name, body, field) => {
    const task = await addTask(t.admin, { title: 'Stays', dueAt: '2031-03-10T09:00:00Z' });
    const res = await t.admin.patch(`/api/v1/tasks/${task.id}`, body);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(`body.${field}`);
    const after = await t.admin.get(`/api/v1/tasks?view=all&limit=100&dueAfter=2031-03-10T09:00:00Z`);
    expect(after.body.items.find((x: Task) => x.id === task.id)).toMatchObject({ title: 'Stays' });
  });

  it('answers 404 for an unknown task, an assignee of another tenant, and another tenant’s task', async () => {
    const task = await addTask(t.admin, { title: 'Mine' });
    const unknown = await t.admin.patch('/api/v1/tasks/00000000-0000-4000-8000-000000000000', { title: 'X' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('TASK_NOT_FOUND');

    const other = await createTenant(t.server);
    const foreignAssignee = await t.admin.patch(`/api/v1/tasks/${task.id}`, { assigneeId: other.adminId });
    expect(foreignAssignee.status).toBe(404);
    expect(foreignAssignee.body).toMatchObject({ code: 'USER_NOT_FOUND', errors: [{ path: 'assigneeId' }] });

    const foreignTask = await other.admin.patch(`/api/v1/tasks/${task.id}`, { title: 'Taken over' });
    expect(foreignTask.status).toBe(404);
    expect(foreignTask.body.code).toBe('TASK_NOT_FOUND');
    const list = await t.admin.get('/api/v1/tasks?limit=100');
    expect(list.body.items.find((x: Task) => x.id === task.id)).toMatchObject({ title: 'Mine' });
  });
});

describe('completing', () => {
  it('twice in a row records one completion on the timeline and keeps the first time', async () => {
    const contact = await createContact(t.admin);
    const task = await addTask(t.admin, { title: 'Once only', contactId: contact.id });
    const first = await t.admin.post(`/api/v1/tasks/${task.id}/complete`);
    const second = await t.admin.post(`/api/v1/tasks/${task.id}/complete`);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body.doneAt).toBe(first.body.doneAt);
    const timeline = await t.admin.get(`/api/v1/contacts/${contact.id}/timeline`);
    const kinds = timeline.body.items.map((i: { kind: string }) => i.kind);
    expect(kinds.filter((k: string) => k === 'task_completed')).toHaveLength(1);
    expect(kinds.filter((k: string) => k === 'task_created')).toHaveLength(1);
  });
});

describe('GET /tasks: due window, order and paging', () => {
  // One member's open tasks around "today" = 2031-03-10 in Tehran (UTC+03:30):
  // the day runs from 2031-03-09T20:30:00Z to 2031-03-10T20:30:00Z.
  const START = '2031-03-09T20:30:00Z';
  const END = '2031-03-10T20:30:00Z';
  let me: { api: ApiClient; id: string };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    me = await t.member();
    const due: Record<string, string | null> = {
      lastWeek: '2031-03-03T09:00:00Z',
      justBefore: '2031-03-09T20:29:59.999Z',
      startOfDay: START, // due today (the window includes its start)
      morningA: '2031-03-10T05:00:00Z',
      morningB: '2031-03-10T05:00:00Z', // the same instant: ordered by id
      evening: '2031-03-10T20:29:59.999Z',
      endOfDay: END, // tomorrow (the window excludes its end)
      nextMonth: '2031-04-10T09:00:00Z',
      undated1: null,
      undated2: null,
    };
    for (const [name, dueAt] of Object.entries(due)) ids[name] = (await addTask(me.api, { title: name, dueAt })).id;
    // Not in the member's lists: done, or someone else's.
    const done = await addTask(me.api, { title: 'done', dueAt: '2031-03-10T06:00:00Z' });
    await me.api.post(`/api/v1/tasks/${done.id}/complete`);
    ids.done = done.id;
    await addTask(t.admin, { title: 'admin’s', dueAt: '2031-03-10T06:00:00Z' });
  });

  const titles = (items: Task[]) => items.map((x) => x.title);

  it('splits the open tasks into overdue, due today, upcoming and undated: every task in exactly one', async () => {
    const overdue = await allPages(me.api, `/api/v1/tasks?dueBefore=${START}&limit=2`);
    const today = await allPages(me.api, `/api/v1/tasks?dueAfter=${START}&dueBefore=${END}&limit=2`);
    const upcoming = await allPages(me.api, `/api/v1/tasks?dueAfter=${END}&limit=2`);
    const undated = await allPages(me.api, `/api/v1/tasks?hasDueDate=false&limit=2`);
    expect(titles(overdue)).toEqual(['lastWeek', 'justBefore']);
    const sameInstant = [ids.morningA!, ids.morningB!].sort();
    expect(today.map((x) => x.id)).toEqual([ids.startOfDay, ...sameInstant, ids.evening]);
    expect(titles(upcoming)).toEqual(['endOfDay', 'nextMonth']);
    expect(undated.map((x) => x.id)).toEqual([ids.undated1, ids.undated2].sort());
    const dated = await allPages(me.api, '/api/v1/tasks?hasDueDate=true&limit=3');
    expect(dated.map((x) => x.id)).toEqual([...overdue, ...today, ...upcoming].map((x) => x.id));
  });

  it.each([1, 2, 3, 100])(
    'pages through all open tasks by due date, undated last, without gaps or repeats (limit %i)',
    async (limit) => {
      const all = await allPages(me.api, `/api/v1/tasks?limit=${limit}`);
      const expected = [
        ids.lastWeek,
        ids.justBefore,
        ids.startOfDay,
        ...[ids.morningA!, ids.morningB!].sort(),
        ids.evening,
        ids.endOfDay,
        ids.nextMonth,
        ...[ids.undated1!, ids.undated2!].sort(),
      ];
      expect(all.map((x) => x.id)).toEqual(expected);
    },
  );

  it('keeps the other views: status=any includes the done task in due order; view=overdue is past due', async () => {
    const any = await allPages(me.api, `/api/v1/tasks?status=any&dueAfter=${START}&dueBefore=${END}&limit=2`);
    expect(titles(any)).toContain('done');
    expect(titles(any)).toHaveLength(5);
    const done = await me.api.get('/api/v1/tasks?status=done');
    expect(titles(done.body.items)).toEqual(['done']);
    // view=overdue is relative to the server's clock (now, before 2031): nothing of 2031 is overdue.
    const overdue = await me.api.get('/api/v1/tasks?view=overdue');
    expect(overdue.body.items).toEqual([]);
  });

  it.each([
    ['dueBefore that is not an instant', 'dueBefore=today', 'dueBefore'],
    ['dueAfter without an offset', 'dueAfter=2031-03-10T00:00:00', 'dueAfter'],
    ['dueAfter that is a date', 'dueAfter=2031-03-10', 'dueAfter'],
    ['an empty dueBefore', 'dueBefore=', 'dueBefore'],
    ['dueAfter equal to dueBefore', `dueAfter=${START}&dueBefore=${START}`, 'dueBefore'],
    ['dueAfter after dueBefore', `dueAfter=${END}&dueBefore=${START}`, 'dueBefore'],
    ['hasDueDate that is not true or false', 'hasDueDate=yes', 'hasDueDate'],
    ['hasDueDate=false with a window', `hasDueDate=false&dueBefore=${END}`, 'hasDueDate'],
    ['a companyId that is not a uuid', 'companyId=acme', 'companyId'],
  ])('refuses %s with 400 naming the parameter', async (_name, query, field) => {
    const res = await me.api.get(`/api/v1/tasks?${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(`query.${field}`);
  });
});

describe('GET /tasks?companyId', () => {
  it("lists the tasks of the company's contacts and of its deals, and nothing else", async () => {
    const company = await createCompany(t.admin);
    const employee = await createContact(t.admin, { companyId: company.id });
    const outsider = await createContact(t.admin);
    const deal = await createDeal(t.admin, { companyId: company.id });
    const otherDeal = await createDeal(t.admin, { contactIds: [outsider.id] });
    const viaContact = await addTask(t.admin, { title: 'via contact', contactId: employee.id });
    const viaDeal = await addTask(t.admin, { title: 'via deal', dealId: deal.id, dueAt: '2031-01-01T00:00:00Z' });
    await addTask(t.admin, { title: 'outsider', contactId: outsider.id, dealId: otherDeal.id });
    await addTask(t.admin, { title: 'no record' });
    const res = await t.admin.get(`/api/v1/tasks?view=all&companyId=${company.id}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((x: Task) => x.id)).toEqual([viaDeal.id, viaContact.id]);
    expect(res.body.items[0].deal).toEqual({ id: deal.id, name: deal.name });

    const other = await createTenant(t.server);
    const foreign = await other.admin.get(`/api/v1/tasks?view=all&companyId=${company.id}`);
    expect(foreign.status).toBe(200);
    expect(foreign.body.items).toEqual([]);
  });
});
