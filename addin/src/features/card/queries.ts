// The card's data: what the CRM knows of an address (contact, company, open deals,
// recent timeline), one lookup per person on the email.
import { useQueries, useQueryClient } from '@tanstack/react-query';
import type { Api } from '../../api/client.ts';
import { useApi } from '../../state/context.tsx';
import { recordKeys, unlessFetchedAtStart } from '../../state/queries.ts';

export const lookupQuery = (api: Api, email: string) => ({
  queryKey: recordKeys.lookup(email),
  queryFn: ({ signal }: { signal: AbortSignal }) => api.lookup(email, signal),
});

export function useLookups(people: { email: string }[]) {
  const api = useApi();
  const client = useQueryClient();
  return useQueries({
    queries: people.map((person) => ({
      ...lookupQuery(api, person.email),
      refetchOnMount: unlessFetchedAtStart(client),
    })),
  });
}
