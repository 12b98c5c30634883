// The cache rules every feature shares. Keys name what they hold, so an answer that
// arrives late only ever fills its own entry, never another email's card or another
// record's timeline. Each feature's own queries live in its queries.ts.
import { hashKey, useQueryClient, type Query, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect } from 'react';

/** Whose timeline: a contact's, a company's or a deal's. */
export type TimelineOwner = { kind: 'contact' | 'company' | 'deal'; id: string };

/** The keys of record data (cards, timelines), here beside refreshCrm, which refreshes them after any change. */
export const recordKeys = {
  lookup: (email: string) => ['lookup', email] as const,
  lookups: ['lookup'] as const,
  timeline: (owner: TimelineOwner) => ['timeline', owner.kind, owner.id] as const,
  timelines: ['timeline'] as const,
};

/** After any change: the cards and timelines fetch again, whatever email or record is showing. */
export function refreshCrm(client: QueryClient) {
  return Promise.all([
    client.invalidateQueries({ queryKey: recordKeys.lookups }),
    client.invalidateQueries({ queryKey: recordKeys.timelines }),
  ]);
}

/** Per query client: the queries a surface's start asked for before its components were mounted. */
const fetchedAtStart = new WeakMap<QueryClient, Set<string>>();

/**
 * A surface's start fetched these before its first render: their first mount does not
 * ask again (it would: answers are stale at once, by design); see useStartFetchesUsed.
 */
export function markFetchedAtStart(client: QueryClient, queryKeys: QueryKey[]) {
  fetchedAtStart.set(client, new Set(queryKeys.map((key) => hashKey(key))));
}

/**
 * Called by the surface's root: after its first mount (its children's queries subscribe
 * first, effects run child to parent), answers fetched at start are stale as usual.
 */
export function useStartFetchesUsed() {
  const client = useQueryClient();
  useEffect(() => {
    fetchedAtStart.delete(client);
  }, [client]);
}

/** refetchOnMount: yes when stale, except at the first mount for what the start fetched. */
export const unlessFetchedAtStart = (client: QueryClient) => (query: Pick<Query, 'queryHash'>) =>
  !fetchedAtStart.get(client)?.has(query.queryHash);
