import { z } from 'zod';
import type { Prisma, ScopedDb, ScopedTx } from '../../db/index.ts';
import { requireUser, type CrmContext } from '../shared/context.ts';
import { notFound } from '../../shared/errors.ts';
import { CursorValue, decodeCursor, defineCursor, paginate, USER_REF } from '../shared/schemas.ts';
import { addTimelineItem } from '../timeline/index.ts';
import { assertContact, assertDeal, assertUser } from '../shared/references.ts';
import type { CreateTaskBody, TaskListQuery } from './tasks.schemas.ts';

const taskInclude = { assignee: USER_REF, createdBy: USER_REF } satisfies Prisma.TaskInclude;
type TaskRow = Prisma.TaskGetPayload<{ include: typeof taskInclude }>;

function toTaskResponse(t: TaskRow, now: Date) {
  return {
    id: t.id,
    title: t.title,
    dueAt: t.dueAt?.toISOString() ?? null,
    assignee: t.assignee,
    createdBy: t.createdBy,
    contactId: t.contactId,
    dealId: t.dealId,
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

const TaskCursor = defineCursor('tasks', z.tuple([CursorValue.id]));

export async function listTasks(ctx: CrmContext, query: z.infer<typeof TaskListQuery>) {
  const me = requireUser(ctx);
  const after = decodeCursor(query.cursor, TaskCursor);
  const now = ctx.clock.now();
  const where: Prisma.TaskWhereInput = {
    contactId: query.contactId,
    dealId: query.dealId,
    ...(query.view !== 'all' ? { assigneeId: me.userId } : {}),
    ...(query.view === 'overdue' ? { doneAt: null, dueAt: { lt: now } } : {}),
    ...(query.view !== 'overdue' && query.status === 'open' ? { doneAt: null } : {}),
    ...(query.view !== 'overdue' && query.status === 'done' ? { doneAt: { not: null } } : {}),
    ...(after ? { id: { gt: after[0] } } : {}),
  };
  const rows = await ctx.db.task.findMany({
    where,
    include: taskInclude,
    orderBy: { id: 'asc' },
    take: query.limit + 1,
  });
  const page = paginate(rows, query.limit, TaskCursor, (t) => [t.id]);
  return { items: page.items.map((t) => toTaskResponse(t, now)), nextCursor: page.nextCursor };
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
