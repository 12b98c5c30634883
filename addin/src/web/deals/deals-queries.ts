// The deals page's server state: pipelines, the board of one, the list, and the move
// of a deal (optimistic on the board, rolled back if the server refuses it).
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import type { Deal, DealBoard } from '../../api/schema.d.ts';
import { ok, useWebClient } from '../context.tsx';
import { moveCard } from './board-model.ts';

export type DealPage = { items: Deal[]; nextCursor: string | null };
export type OwnerChoice = 'all' | 'me';
export type StatusChoice = 'open' | 'won' | 'lost' | 'all';
export type BoardFilters = { owner: OwnerChoice; status: StatusChoice };
export type ListFilters = {
  pipelineId: string | null;
  stageId: string | null;
  owner: OwnerChoice;
  status: StatusChoice;
};

export const dealKeys = {
  all: ['web', 'deals'] as const,
  pipelines: ['web', 'pipelines'] as const,
  board: (pipelineId: string, filters: BoardFilters) => ['web', 'deals', 'board', pipelineId, filters] as const,
  list: (filters: ListFilters) => ['web', 'deals', 'list', filters] as const,
};

const ownerQuery = (owner: OwnerChoice) => (owner === 'me' ? { ownerId: 'me' } : {});

export function usePipelines() {
  const client = useWebClient();
  return useQuery({
    queryKey: dealKeys.pipelines,
    queryFn: async () => (await ok(client.GET('/api/v1/pipelines'))).items,
  });
}

export function useBoard(pipelineId: string | null, filters: BoardFilters) {
  const client = useWebClient();
  return useQuery({
    queryKey: dealKeys.board(pipelineId ?? '', filters),
    enabled: pipelineId !== null,
    queryFn: () =>
      ok(
        client.GET('/api/v1/pipelines/{id}/board', {
          params: { path: { id: pipelineId ?? '' }, query: { status: filters.status, ...ownerQuery(filters.owner) } },
        }),
      ),
  });
}

/** The next page of one column, appended to the board as the server orders it. */
export function useMoreOfColumn(pipelineId: string, filters: BoardFilters) {
  const client = useWebClient();
  const queries = useQueryClient();
  const key = dealKeys.board(pipelineId, filters);
  return useMutation({
    mutationFn: ({ stageId, cursor }: { stageId: string; cursor: string }) =>
      ok(
        client.GET('/api/v1/deals', {
          params: {
            query: {
              pipelineId,
              stageId,
              cursor,
              sort: 'updated',
              ...(filters.status === 'all' ? {} : { status: filters.status }),
              ...ownerQuery(filters.owner),
            },
          },
        }),
      ),
    onSuccess: (page, { stageId }) => {
      queries.setQueryData<DealBoard>(key, (board) =>
        board
          ? {
              ...board,
              columns: board.columns.map((column) =>
                column.stage.id === stageId
                  ? {
                      ...column,
                      deals: [
                        ...column.deals,
                        ...page.items.filter((d) => !column.deals.some((shown) => shown.id === d.id)),
                      ],
                      nextCursor: page.nextCursor,
                    }
                  : column,
              ),
            }
          : board,
      );
    },
  });
}

export type MoveInput = { deal: Deal; toStage: { id: string; name: string } };

/**
 * Moves a deal to a stage: the board shows it at once, the server is told which stage
 * the deal was seen in (a move someone else made first is refused with 409), and the
 * board goes back as it was if the server refuses. Every deals query refreshes after.
 */
export function useMoveDeal(boardKey: QueryKey | null) {
  const client = useWebClient();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: ({ deal, toStage }: MoveInput) =>
      ok(
        client.PATCH('/api/v1/deals/{id}', {
          params: { path: { id: deal.id } },
          body: { stageId: toStage.id, fromStageId: deal.stage.id },
        }),
      ),
    onMutate: async ({ deal, toStage }: MoveInput) => {
      if (!boardKey) return { before: undefined };
      await queries.cancelQueries({ queryKey: boardKey });
      const before = queries.getQueryData<DealBoard>(boardKey);
      if (before) queries.setQueryData<DealBoard>(boardKey, moveCard(before, deal.id, toStage.id));
      return { before };
    },
    onError: (_error, _input, context) => {
      if (boardKey && context?.before) queries.setQueryData(boardKey, context.before);
    },
    onSettled: () => queries.invalidateQueries({ queryKey: dealKeys.all }),
  });
}

export function useDealList(filters: ListFilters) {
  const client = useWebClient();
  return useInfiniteQuery({
    queryKey: dealKeys.list(filters),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page: DealPage) => page.nextCursor ?? undefined,
    queryFn: ({ pageParam }): Promise<DealPage> =>
      ok(
        client.GET('/api/v1/deals', {
          params: {
            query: {
              limit: 50,
              ...(pageParam ? { cursor: pageParam } : {}),
              ...(filters.pipelineId ? { pipelineId: filters.pipelineId } : {}),
              ...(filters.stageId ? { stageId: filters.stageId } : {}),
              ...(filters.status === 'all' ? {} : { status: filters.status }),
              ...ownerQuery(filters.owner),
            },
          },
        }),
      ),
  });
}
