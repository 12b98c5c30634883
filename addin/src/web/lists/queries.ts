// The lists' server state: pages of contacts or companies by cursor, the saved views,
// and what the filter bar offers (users, pipelines' open stages, the tags in use).
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ok, useWebClient } from '../context.tsx';
import { apiQuery, type ListEntity, type ListState, type Segment, type SegmentFilter } from './list-state.ts';

/** Rows per request: a screenful or two; the next page is asked for before the end shows. */
export const PAGE_SIZE = 50;

export const listKeys = {
  all: ['web', 'lists'] as const,
  page: (entity: ListEntity, state: Omit<ListState, 'viewId'>) => ['web', 'lists', entity, state] as const,
  segments: (entity: ListEntity) => ['web', 'segments', entity] as const,
  users: ['web', 'users'] as const,
  pipelines: ['web', 'pipelines'] as const,
  tags: (entity: ListEntity, prefix: string) => ['web', 'tags', entity, prefix] as const,
};

export function useContactPages(state: ListState, enabled = true) {
  const client = useWebClient();
  const { viewId: _view, ...filters } = state;
  return useInfiniteQuery({
    queryKey: listKeys.page('contact', filters),
    queryFn: ({ pageParam, signal }) =>
      ok(client.GET('/api/v1/contacts', { params: { query: apiQuery(state, pageParam, PAGE_SIZE) }, signal })),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    // The rows shown stay while the next filter's first page comes.
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useCompanyPages(state: ListState, enabled = true) {
  const client = useWebClient();
  const { viewId: _view, ...filters } = state;
  const { sort, ...rest } = apiQuery(state, null, PAGE_SIZE);
  return useInfiniteQuery({
    queryKey: listKeys.page('company', filters),
    queryFn: ({ pageParam, signal }) =>
      ok(
        client.GET('/api/v1/companies', {
          params: {
            query: {
              ...rest,
              ...(pageParam ? { cursor: pageParam } : {}),
              sort: sort === 'lastContactedAt' ? 'name' : sort,
            },
          },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    // The rows shown stay while the next filter's first page comes.
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useSegments(entity: ListEntity) {
  const client = useWebClient();
  return useQuery({
    queryKey: listKeys.segments(entity),
    queryFn: async ({ signal }) =>
      (await ok(client.GET('/api/v1/segments', { params: { query: { entity } }, signal }))).items,
  });
}

export function useSaveSegment(entity: ListEntity) {
  const client = useWebClient();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (view: {
      name: string;
      shared: boolean;
      filter: SegmentFilter;
      sort: Segment['sort'];
      order: Segment['order'];
    }): Promise<Segment> => ok(client.POST('/api/v1/segments', { body: { entity, ...view } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: listKeys.segments(entity) }),
  });
}

/** A view's filter and sort replaced by the list's current ones. */
export function useUpdateSegment(entity: ListEntity) {
  const client = useWebClient();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (view: Pick<Segment, 'id' | 'filter' | 'sort' | 'order'>): Promise<Segment> =>
      ok(
        client.PATCH('/api/v1/segments/{id}', {
          params: { path: { id: view.id } },
          body: { filter: view.filter, sort: view.sort, order: view.order },
        }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: listKeys.segments(entity) }),
  });
}

export function useDeleteSegment(entity: ListEntity) {
  const client = useWebClient();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => ok(client.DELETE('/api/v1/segments/{id}', { params: { path: { id } } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: listKeys.segments(entity) }),
  });
}

export function useUsers() {
  const client = useWebClient();
  return useQuery({
    queryKey: listKeys.users,
    queryFn: async ({ signal }) => (await ok(client.GET('/api/v1/users', { signal }))).items,
    staleTime: 5 * 60_000,
  });
}

/** Each pipeline's stages a deal can be open in (not won, not lost). */
export function useOpenStages() {
  const client = useWebClient();
  return useQuery({
    queryKey: listKeys.pipelines,
    queryFn: async ({ signal }) =>
      (await ok(client.GET('/api/v1/pipelines', { signal }))).items.map((pipeline) => ({
        id: pipeline.id,
        name: pipeline.name,
        stages: pipeline.stages.filter((stage) => !stage.isWon && !stage.isLost),
      })),
    staleTime: 5 * 60_000,
  });
}

/** The tags in use on the entity, most used first: those starting with `prefix` when one is typed. */
export function useTagSuggestions(entity: ListEntity, prefix: string) {
  const client = useWebClient();
  const q = prefix.trim();
  return useQuery({
    queryKey: listKeys.tags(entity, q),
    queryFn: async ({ signal }) =>
      (await ok(client.GET('/api/v1/tags', { params: { query: { entity, ...(q ? { q } : {}) } }, signal }))).items,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
}
