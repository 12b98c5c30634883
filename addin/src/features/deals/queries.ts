// The deals' data: the tenant's pipelines (the stages a deal can move to), moving a
// deal and opening one. Either change refreshes the cards and timelines.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateDealInput } from '../../api/client.ts';
import { useApi } from '../../state/context.tsx';
import { refreshCrm } from '../../state/queries.ts';

export const pipelinesKey = ['pipelines'] as const;

export function usePipelines() {
  const api = useApi();
  return useQuery({ queryKey: pipelinesKey, queryFn: ({ signal }) => api.pipelines(signal), staleTime: 5 * 60_000 });
}

export function useMoveDeal(dealId: string) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (stageId: string) => api.moveDeal(dealId, stageId),
    onSuccess: () => refreshCrm(client),
  });
}

export function useCreateDeal(onCreated: () => void) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateDealInput) => api.createDeal(input),
    onSuccess: async () => {
      await refreshCrm(client);
      onCreated();
    },
  });
}
