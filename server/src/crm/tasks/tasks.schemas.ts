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
    dealId: Id.nullable(),
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

export const TaskListQuery = PageQuery.extend({
  view: z
    .enum(['mine', 'overdue', 'all'])
    .default('mine')
    .meta({ description: "mine: the caller's open tasks; overdue: the caller's open tasks past due; all: every task" }),
  status: z.enum(['open', 'done', 'any']).default('open'),
  contactId: Id.optional(),
  dealId: Id.optional(),
});
