// The tasks as the web app caches them: every list of tasks under one key prefix, so
// completing, rescheduling or adding one refreshes each list that may show it (My
// tasks' sections, a record page's tasks) and the timelines that record it.
import {
  useInfiniteQuery,
  useMutation,
  useQueryClient,
  type InfiniteData,
  type QueryClient,
  type QueryKey,
} from '@tanstack/react-query';
import type { paths, Task } from '../../api/schema.d.ts';
import { ok, useWebClient } from '../context.tsx';

export type { Task };
export type TaskQuery = NonNullable<paths['/api/v1/tasks']['get']['parameters']['query']>;
type TaskPage = { items: Task[]; nextCursor: string | null };

export const TASK_PAGE_SIZE = 25;

export const taskKeys = {
  all: ['web', 'tasks'] as const,
  list: (query: TaskQuery) => ['web', 'tasks', query] as const,
};

/** The pane's timelines (contacts', companies'): task events appear on them. */
const TIMELINES: QueryKey = ['timeline'];

export function useTaskList(query: TaskQuery) {
  const client = useWebClient();
  return useInfiniteQuery({
    queryKey: taskKeys.list(query),
    queryFn: ({ pageParam, signal }) =>
      ok(
        client.GET('/api/v1/tasks', {
          params: { query: { limit: TASK_PAGE_SIZE, ...query, ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}

/** Every cached list's copy of the task, changed by `change`. */
function patchCachedTask(queries: QueryClient, id: string, change: (task: Task) => Task) {
  queries.setQueriesData<InfiniteData<TaskPage>>({ queryKey: taskKeys.all }, (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            items: page.items.map((task) => (task.id === id ? change(task) : task)),
          })),
        }
      : data,
  );
}

function refreshAfterChange(queries: QueryClient) {
  void queries.invalidateQueries({ queryKey: taskKeys.all });
  void queries.invalidateQueries({ queryKey: TIMELINES });
}

/**
 * Completes a task at once on screen (checked, struck through) and then on the server;
 * a failure puts every list back as it was and leaves the error to show.
 */
export function useCompleteTask(task: Task) {
  const client = useWebClient();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: () => ok(client.POST('/api/v1/tasks/{id}/complete', { params: { path: { id: task.id } } })),
    onMutate: async () => {
      await queries.cancelQueries({ queryKey: taskKeys.all });
      const before = queries.getQueriesData<InfiniteData<TaskPage>>({ queryKey: taskKeys.all });
      patchCachedTask(queries, task.id, (t) => ({ ...t, done: true, overdue: false }));
      return { before };
    },
    onError: (_error, _vars, context) => {
      for (const [key, data] of context?.before ?? []) queries.setQueryData(key, data);
    },
    onSuccess: () => refreshAfterChange(queries),
  });
}

/** A new due date (an instant, or null for none): the task moves to its section when the lists refresh. */
export function useRescheduleTask(task: Task) {
  const client = useWebClient();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (dueAt: string | null) =>
      ok(client.PATCH('/api/v1/tasks/{id}', { params: { path: { id: task.id } }, body: { dueAt } })),
    onSuccess: (saved) => {
      patchCachedTask(queries, task.id, () => saved);
      refreshAfterChange(queries);
    },
  });
}

export function useAddTask() {
  const client = useWebClient();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (body: { title: string; dueAt: string | null; contactId?: string; dealId?: string }) =>
      ok(client.POST('/api/v1/tasks', { body })),
    onSuccess: () => refreshAfterChange(queries),
  });
}
