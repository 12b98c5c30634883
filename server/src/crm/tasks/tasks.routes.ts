import { defineRoute } from '../shared/route.ts';
import { IdParams, Page } from '../shared/schemas.ts';
import { CreateTaskBody, TaskListQuery, TaskResponse, UpdateTaskBody } from './tasks.schemas.ts';
import { completeTask, createTask, listTasks, updateTask } from './tasks.service.ts';

const tag = 'Tasks';

export const taskRoutes = [
  defineRoute({
    method: 'get',
    path: '/tasks',
    tag,
    summary: 'List tasks: mine (default), overdue or all; by due date, optionally within a window',
    query: TaskListQuery,
    response: Page(TaskResponse),
    handler: async ({ query }, ctx) => listTasks(ctx, query),
  }),
  defineRoute({
    method: 'post',
    path: '/tasks',
    tag,
    summary: 'Create a task, optionally for a contact or deal',
    body: CreateTaskBody,
    status: 201,
    response: TaskResponse,
    handler: async ({ body }, ctx) => createTask(ctx, body),
  }),
  defineRoute({
    method: 'patch',
    path: '/tasks/:id',
    tag,
    summary: 'Rename, reschedule or reassign a task (its assignee, its creator or an admin)',
    params: IdParams,
    body: UpdateTaskBody,
    response: TaskResponse,
    errors: [403],
    handler: async ({ params, body }, ctx) => updateTask(ctx, params.id, body),
  }),
  defineRoute({
    method: 'post',
    path: '/tasks/:id/complete',
    tag,
    summary: 'Mark a task done',
    params: IdParams,
    response: TaskResponse,
    handler: async ({ params }, ctx) => completeTask(ctx, params.id),
  }),
];
