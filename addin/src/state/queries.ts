// The server's data as the pane caches it. Keys name what they hold, so an answer
// that arrives late only ever fills its own entry, never another email's card.
import {
  hashKey,
  useMutation,
  useQueries,
  useQuery,
  useQueryClient,
  type Query,
  type QueryClient,
} from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Api, EmailStatus, LogEmailInput, TimelineItem } from '../api/client.ts';
import { participantsOf, type Mailbox, type MessageItem, type Person } from '../office/mailbox.ts';
import { useApi, useMailbox } from './context.tsx';

export const keys = {
  lookup: (email: string) => ['lookup', email] as const,
  lookups: ['lookup'] as const,
  emailStatus: (internetMessageId: string) => ['emailStatus', internetMessageId] as const,
  pipelines: ['pipelines'] as const,
  timeline: (contactId: string) => ['timeline', contactId] as const,
  companyTimeline: (companyId: string) => ['timeline', 'company', companyId] as const,
};

const lookupQuery = (api: Api, email: string) => ({
  queryKey: keys.lookup(email),
  queryFn: ({ signal }: { signal: AbortSignal }) => api.lookup(email, signal),
});

const emailStatusQuery = (api: Api, internetMessageId: string) => ({
  queryKey: keys.emailStatus(internetMessageId),
  queryFn: ({ signal }: { signal: AbortSignal }) => api.emailStatus(internetMessageId, signal),
});

/** Per query client: the queries the pane's start asked for before the card was mounted. */
const fetchedAtStart = new WeakMap<QueryClient, Set<string>>();

/**
 * The pane's start: the selected email's lookups and log status, asked for at once, while
 * the language's strings load (the card renders when both are in). Their first mount
 * does not ask again (it would: answers are stale at once, by design); see
 * useStartFetchesUsed. True when there was an email to ask about.
 */
export function prefetchSelectedItem(client: QueryClient, api: Api, mailbox: Mailbox): boolean {
  const item = mailbox.current();
  if (item.kind !== 'message') return false;
  const lookups = participantsOf(item, mailbox.user).map((person) => lookupQuery(api, person.email));
  const status = emailStatusQuery(api, item.internetMessageId);
  fetchedAtStart.set(client, new Set([...lookups, status].map((query) => hashKey(query.queryKey))));
  // An error is the card's to show (its query holds it): nothing to do with it here.
  for (const query of lookups) client.query(query).catch(() => undefined);
  client.query(status).catch(() => undefined);
  return true;
}

/**
 * Called by the pane's root: after its first mount (its children's queries subscribe
 * first, effects run child to parent), answers fetched at start are stale as usual.
 */
export function useStartFetchesUsed() {
  const client = useQueryClient();
  useEffect(() => {
    fetchedAtStart.delete(client);
  }, [client]);
}

/** refetchOnMount: yes when stale, except at the pane's first mount for what its start fetched. */
const unlessFetchedAtStart = (client: QueryClient) => (query: Pick<Query, 'queryHash'>) =>
  !fetchedAtStart.get(client)?.has(query.queryHash);

export function useLookups(people: Person[]) {
  const api = useApi();
  const client = useQueryClient();
  return useQueries({
    queries: people.map((person) => ({
      ...lookupQuery(api, person.email),
      refetchOnMount: unlessFetchedAtStart(client),
    })),
  });
}

export function usePipelines() {
  const api = useApi();
  return useQuery({ queryKey: keys.pipelines, queryFn: ({ signal }) => api.pipelines(signal), staleTime: 5 * 60_000 });
}

export function useEmailStatus(internetMessageId: string) {
  const api = useApi();
  const client = useQueryClient();
  return useQuery({ ...emailStatusQuery(api, internetMessageId), refetchOnMount: unlessFetchedAtStart(client) });
}

/** After any change: the cards and timelines fetch again, whatever email is showing. */
export function refreshCrm(client: QueryClient) {
  return Promise.all([
    client.invalidateQueries({ queryKey: keys.lookups }),
    client.invalidateQueries({ queryKey: ['timeline'] }),
  ]);
}

function toLogInput(item: MessageItem, preview: string | null, dealId: string | null): LogEmailInput {
  const person = (p: Person) => (p.name ? { email: p.email, name: p.name } : { email: p.email });
  return {
    internetMessageId: item.internetMessageId,
    subject: item.subject,
    sentAt: item.sentAt,
    from: person(item.from),
    to: item.to.map(person),
    cc: item.cc.map(person),
    ...(item.conversationId ? { conversationId: item.conversationId } : {}),
    ...(preview ? { preview: preview.slice(0, 20_000) } : {}),
    ...(dealId ? { dealId } : {}),
  };
}

export function statusFromLogged(item: TimelineItem): EmailStatus {
  return {
    internetMessageId: item.email?.internetMessageId ?? '',
    logged: true,
    itemId: item.id,
    loggedBy: item.email?.loggedBy ?? null,
    loggedAt: item.email?.loggedAt ?? item.occurredAt,
    loggedVia: item.email?.loggedVia ?? 'manual',
  };
}

export function useLogEmail(item: MessageItem) {
  const api: Api = useApi();
  const mailbox = useMailbox();
  const client = useQueryClient();
  return useMutation({
    // The server keys logged mail by Message-ID: a second click, here or on another device, finds the first.
    mutationKey: ['logEmail', item.internetMessageId],
    mutationFn: async (dealId: string | null) => api.logEmail(toLogInput(item, await mailbox.bodyText(), dealId)),
    onSuccess: async (logged) => {
      client.setQueryData(keys.emailStatus(item.internetMessageId), statusFromLogged(logged));
      await refreshCrm(client);
    },
  });
}
