import { z } from 'zod';
import { Id, Instant, PageQuery, UserRef } from '../shared/schemas.ts';

export const TaskResponse = z
  .object({
    id: Id,
    title: z.string(),
    dueAt: z.iso.datetime().nullable(),
    assignee: UserRef,
    createdBy: UserRef,
    contactId: Id.nullable(),
    contact: z.object({ id: Id, name: z.string() }).nullable(),
    dealId: Id.nullable(),
    deal: z.object({ id: Id, name: z.string() }).nullable(),
    done: z.boolean(),
    doneAt: z.iso.datetime().nullable(),
    overdue: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Task' });

export const CreateTaskBody = z.object({
  title: z.string().trim().min(1, 'must not be empty').max(500),
  dueAt: Instant.nullable().optional(),
  assigneeId: Id.optional().meta({ description: 'Default: the caller' }),
  contactId: Id.nullable().optional(),
  dealId: Id.nullable().optional(),
});

export const UpdateTaskBody = z
  .object({
    title: CreateTaskBody.shape.title.optional(),
    dueAt: Instant.nullable().optional().meta({ description: 'Reschedules the task; null: no due date' }),
    assigneeId: Id.optional().meta({ description: 'Gives the task to another user of the tenant' }),
  })
  .meta({
    description:
      "Who may: the task's assignee, its creator or an admin. Only the fields given change; the change is audited.",
  });

/** "true" or "false" in a query string (z.coerce.boolean would read "false" as true). */
const QueryBoolean = z.enum(['true', 'false']).transform((value) => value === 'true');

export const TaskListQuery = PageQuery.extend({
  view: z
    .enum(['mine', 'overdue', 'all'])
    .default('mine')
    .meta({ description: "mine: the caller's open tasks; overdue: the caller's open tasks past due; all: every task" }),
  status: z.enum(['open', 'done', 'any']).default('open'),
  contactId: Id.optional(),
  companyId: Id.optional().meta({
    description: "Tasks of the company's contacts and of its deals",
  }),
  dealId: Id.optional(),
  dueAfter: Instant.optional().meta({ description: 'Tasks due at or after this instant' }),
  dueBefore: Instant.optional().meta({ description: 'Tasks due before this instant' }),
  hasDueDate: QueryBoolean.optional().meta({
    description: 'true: only tasks with a due date; false: only tasks without one',
  }),
})
  .refine((q) => !q.dueAfter || !q.dueBefore || q.dueAfter < q.dueBefore, {
    path: ['dueBefore'],
    error: 'must be later than dueAfter',
  })
  .refine((q) => q.hasDueDate !== false || (!q.dueAfter && !q.dueBefore), {
    path: ['hasDueDate'],
    error: 'cannot be false with dueAfter or dueBefore',
  })
  .meta({
    description:
      'Ordered by due date (tasks without one last), then id. A client computes the bounds of "today" in its own time zone: due today is dueAfter=<start of today>&dueBefore=<start of tomorrow>.',
  });
