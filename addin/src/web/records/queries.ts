// The record pages' data as the web app caches it. Keys sit under the lists' own
// prefixes (['web', 'contacts'], ['web', 'companies'], ['web', 'deals']), so saving a
// record refreshes the lists that show it.
import { useInfiniteQuery, useQuery, type QueryClient } from '@tanstack/react-query';
import { ok, useWebClient } from '../context.tsx';

export const recordKeys = {
  contacts: ['web', 'contacts'] as const,
  companies: ['web', 'companies'] as const,
  contact: (id: string) => ['web', 'contacts', 'record', id] as const,
  company: (id: string) => ['web', 'companies', 'record', id] as const,
  companyContacts: (id: string) => ['web', 'contacts', 'of-company', id] as const,
  companySearch: (q: string) => ['web', 'companies', 'search', q] as const,
  openDeals: (filter: { contactId: string } | { companyId: string }) => ['web', 'deals', 'open', filter] as const,
  users: ['web', 'users'] as const,
};

/** A cached list, not a record (which a save has just put in the cache as the server answered). */
export const isList = (query: { queryKey: readonly unknown[] }) => query.queryKey[2] !== 'record';

/** A record as the server answered its save: cached as its page's, and every list that may show it refreshed. */
export function recordSaved(queries: QueryClient, kind: 'contact' | 'company', record: { id: string }) {
  queries.setQueryData(kind === 'contact' ? recordKeys.contact(record.id) : recordKeys.company(record.id), record);
  void queries.invalidateQueries({
    queryKey: kind === 'contact' ? recordKeys.contacts : recordKeys.companies,
    predicate: isList,
  });
}

export function useContactRecord(id: string) {
  const client = useWebClient();
  return useQuery({
    queryKey: recordKeys.contact(id),
    queryFn: ({ signal }) => ok(client.GET('/api/v1/contacts/{id}', { params: { path: { id } }, signal })),
  });
}

export function useCompanyRecord(id: string) {
  const client = useWebClient();
  return useQuery({
    queryKey: recordKeys.company(id),
    queryFn: ({ signal }) => ok(client.GET('/api/v1/companies/{id}', { params: { path: { id } }, signal })),
  });
}

/** The tenant's users, for the owner picker. */
export function useUsers() {
  const client = useWebClient();
  return useQuery({
    queryKey: recordKeys.users,
    queryFn: async ({ signal }) => (await ok(client.GET('/api/v1/users', { signal }))).items,
    staleTime: 5 * 60_000,
  });
}

/** Open deals of a contact or a company: 100 is far more than one record has open. */
export function useOpenDeals(filter: { contactId: string } | { companyId: string }) {
  const client = useWebClient();
  return useQuery({
    queryKey: recordKeys.openDeals(filter),
    queryFn: ({ signal }) =>
      ok(client.GET('/api/v1/deals', { params: { query: { ...filter, status: 'open', limit: 100 } }, signal })),
  });
}

export function useCompanyContacts(companyId: string) {
  const client = useWebClient();
  return useInfiniteQuery({
    queryKey: recordKeys.companyContacts(companyId),
    queryFn: ({ pageParam, signal }) =>
      ok(
        client.GET('/api/v1/contacts', {
          params: { query: { companyId, limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}

/** Companies whose name or domain matches what is typed in the company picker. */
export function useCompanySearch(q: string) {
  const client = useWebClient();
  return useQuery({
    queryKey: recordKeys.companySearch(q),
    queryFn: async ({ signal }) =>
      (await ok(client.GET('/api/v1/companies', { params: { query: { q, limit: 20 } }, signal }))).items,
    placeholderData: (previous) => previous,
  });
}
