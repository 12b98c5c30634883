import { z } from 'zod';
import type { Prisma, ScopedDb, ScopedTx } from '../../db/index.ts';
import { quoted, recordAudit } from '../audit/index.ts';
import { isAdmin, requireUser, type CrmContext } from '../shared/context.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { CursorValue, decodeCursor, defineCursor, paginate, USER_REF } from '../shared/schemas.ts';
import { addTimelineItem } from '../timeline/index.ts';
import { assertContact, assertDeal, assertUser } from '../shared/references.ts';
import type { CreateTaskBody, TaskListQuery, UpdateTaskBody } from './tasks.schemas.ts';

const taskInclude = {
  assignee: USER_REF,
  createdBy: USER_REF,
  contact: { select: { id: true, name: true } },
  deal: { select: { id: true, name: true } },
} satisfies Prisma.TaskInclude;
type TaskRow = Prisma.TaskGetPayload<{ include: typeof taskInclude }>;

function toTaskResponse(t: TaskRow, now: Date) {
  return {
    id: t.id,
    title: t.title,
    dueAt: t.dueAt?.toISOString() ?? null,
    assignee: t.assignee,
    createdBy: t.createdBy,
    contactId: t.contactId,
    contact: t.contact,
    dealId: t.dealId,
    deal: t.deal,
    done: t.doneAt !== null,
    doneAt: t.doneAt?.toISOString() ?? null,
    overdue: t.doneAt === null && t.dueAt !== null && t.dueAt < now,
    createdAt: t.createdAt.toISOString(),
  };
}

async function findTask(db: ScopedDb | ScopedTx, id: string) {
  const row = await db.task.findFirst({ where: { id }, include: taskInclude });
  if (!row) throw notFound('TASK_NOT_FOUND', 'Task');
  return row;
}

/** The contact, its company and the deal a task event belongs on. */
async function timelineTargets(tx: ScopedTx, contactId: string | null, dealId: string | null) {
  const contact = contactId
    ? await tx.contact.findFirst({ where: { id: contactId }, select: { companyId: true } })
    : null;
  return {
    contactIds: contactId ? [contactId] : [],
    companyIds: contact?.companyId ? [contact.companyId] : [],
    dealIds: dealId ? [dealId] : [],
  };
}

export async function createTask(ctx: CrmContext, body: z.infer<typeof CreateTaskBody>) {
  const me = requireUser(ctx);
  return ctx.db.$transaction(async (tx) => {
    await assertUser(tx, body.assigneeId, 'assigneeId');
    await assertContact(tx, body.contactId);
    await assertDeal(tx, body.dealId);
    const now = ctx.clock.now();
    const task = await tx.task.create({
      data: {
        tenantId: ctx.tenantId,
        title: body.title,
        dueAt: body.dueAt ?? null,
        assigneeId: body.assigneeId ?? me.userId,
        createdById: me.userId,
        contactId: body.contactId ?? null,
        dealId: body.dealId ?? null,
      },
      include: taskInclude,
    });
    if (task.contactId || task.dealId) {
      await addTimelineItem(tx, ctx.tenantId, {
        kind: 'task_created',
        occurredAt: now,
        authorId: me.userId,
        data: { taskId: task.id, title: task.title, dueAt: task.dueAt?.toISOString() ?? null },
        ...(await timelineTargets(tx, task.contactId, task.dealId)),
      });
    }
    return toTaskResponse(task, now);
  });
}

/** Tasks by due date, those without one last, then by id: the key is [dueAt or null, id]. */
const TaskCursor = defineCursor('tasks', z.tuple([CursorValue.instant.nullable(), CursorValue.id]));

/** The rows after a cursor's [dueAt, id] in the order dueAt asc nulls last, id asc. */
function afterTask([dueAt, id]: [Date | null, string]): Prisma.TaskWhereInput {
  if (dueAt === null) return { dueAt: null, id: { gt: id } };
  return { OR: [{ dueAt: { gt: dueAt } }, { dueAt, id: { gt: id } }, { dueAt: null }] };
}

function dueWhere(query: z.infer<typeof TaskListQuery>): Prisma.TaskWhereInput[] {
  const and: Prisma.TaskWhereInput[] = [];
  if (query.dueAfter) and.push({ dueAt: { gte: query.dueAfter } });
  if (query.dueBefore) and.push({ dueAt: { lt: query.dueBefore } });
  if (query.hasDueDate === true) and.push({ dueAt: { not: null } });
  if (query.hasDueDate === false) and.push({ dueAt: null });
  return and;
}

export async function listTasks(ctx: CrmContext, query: z.infer<typeof TaskListQuery>) {
  const me = requireUser(ctx);
  const after = decodeCursor(query.cursor, TaskCursor);
  const now = ctx.clock.now();
  const and: Prisma.TaskWhereInput[] = [...dueWhere(query)];
  if (query.contactId) and.push({ contactId: query.contactId });
  if (query.dealId) and.push({ dealId: query.dealId });
  if (query.companyId) {
    and.push({ OR: [{ contact: { companyId: query.companyId } }, { deal: { companyId: query.companyId } }] });
  }
  if (query.view !== 'all') and.push({ assigneeId: me.userId });
  if (query.view === 'overdue') and.push({ doneAt: null, dueAt: { lt: now } });
  else if (query.status === 'open') and.push({ doneAt: null });
  else if (query.status === 'done') and.push({ doneAt: { not: null } });
  if (after) and.push(afterTask(after));
  const rows = await ctx.db.task.findMany({
    where: { AND: and },
    include: taskInclude,
    orderBy: [{ dueAt: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
    take: query.limit + 1,
  });
  const page = paginate(rows, query.limit, TaskCursor, (t) => [t.dueAt?.toISOString() ?? null, t.id]);
  return { items: page.items.map((t) => toTaskResponse(t, now)), nextCursor: page.nextCursor };
}

/** Who may change a task: its assignee, its creator, or an admin. */
function assertMayChangeTask(ctx: CrmContext, task: { assigneeId: string; createdById: string }) {
  const me = requireUser(ctx);
  if (isAdmin(ctx) || task.assigneeId === me.userId || task.createdById === me.userId) return;
  throw new AppError('FORBIDDEN', 403, "Only the task's assignee, its creator or an admin may change this task");
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

/**
 * Renames, reschedules or reassigns a task. Only the fields given change; what
 * changed is audited in the same transaction (nothing is recorded when nothing changed).
 */
export async function updateTask(ctx: CrmContext, id: string, body: z.infer<typeof UpdateTaskBody>) {
  return ctx.db.$transaction(async (tx) => {
    const before = await findTask(tx, id);
    assertMayChangeTask(ctx, before);
    await assertUser(tx, body.assigneeId, 'assigneeId');
    const changes: Record<string, { from: string | null; to: string | null }> = {};
    if (body.title !== undefined && body.title !== before.title) changes.title = { from: before.title, to: body.title };
    if (body.dueAt !== undefined && iso(body.dueAt) !== iso(before.dueAt)) {
      changes.dueAt = { from: iso(before.dueAt), to: iso(body.dueAt) };
    }
    if (body.assigneeId !== undefined && body.assigneeId !== before.assigneeId) {
      changes.assigneeId = { from: before.assigneeId, to: body.assigneeId };
    }
    const now = ctx.clock.now();
    if (!Object.keys(changes).length) return toTaskResponse(before, now);
    await tx.task.updateMany({
      where: { id },
      data: { title: body.title, dueAt: body.dueAt, assigneeId: body.assigneeId },
    });
    await recordAudit(tx, ctx, {
      action: 'task.updated',
      targetType: 'task',
      targetId: id,
      summary: `Changed task ${quoted(before.title)} (${Object.keys(changes).join(', ')})`,
      details: { changes },
    });
    return toTaskResponse(await findTask(tx, id), now);
  });
}

/** Marks the task done; completing a done task changes nothing. */
export async function completeTask(ctx: CrmContext, id: string) {
  const me = requireUser(ctx);
  return ctx.db.$transaction(async (tx) => {
    const task = await findTask(tx, id);
    const now = ctx.clock.now();
    if (task.doneAt) return toTaskResponse(task, now);
    const { count } = await tx.task.updateMany({ where: { id, doneAt: null }, data: { doneAt: now } });
    // count 0: a concurrent request completed it first and recorded the event.
    if (count === 1 && (task.contactId || task.dealId)) {
      await addTimelineItem(tx, ctx.tenantId, {
        kind: 'task_completed',
        occurredAt: now,
        authorId: me.userId,
        data: { taskId: task.id, title: task.title },
        ...(await timelineTargets(tx, task.contactId, task.dealId)),
      });
    }
    return toTaskResponse(await findTask(tx, id), now);
  });
}
