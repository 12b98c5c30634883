// The server's data as the pane caches it. Keys name what they hold, so an answer
// that arrives late only ever fills its own entry, never another email's card.
import { useMutation, useQueries, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Api, EmailStatus, LogEmailInput, TimelineItem } from '../api/client.ts';
import type { MessageItem, Person } from '../office/mailbox.ts';
import { useApi, useMailbox } from './context.tsx';

export const keys = {
  lookup: (email: string) => ['lookup', email] as const,
  lookups: ['lookup'] as const,
  emailStatus: (internetMessageId: string) => ['emailStatus', internetMessageId] as const,
  pipelines: ['pipelines'] as const,
  timeline: (contactId: string) => ['timeline', contactId] as const,
};

export function useLookups(people: Person[]) {
  const api = useApi();
  return useQueries({
    queries: people.map((person) => ({
      queryKey: keys.lookup(person.email),
      queryFn: ({ signal }: { signal: AbortSignal }) => api.lookup(person.email, signal),
    })),
  });
}

export function usePipelines() {
  const api = useApi();
  return useQuery({ queryKey: keys.pipelines, queryFn: ({ signal }) => api.pipelines(signal), staleTime: 5 * 60_000 });
}

export function useEmailStatus(internetMessageId: string) {
  const api = useApi();
  return useQuery({
    queryKey: keys.emailStatus(internetMessageId),
    queryFn: ({ signal }) => api.emailStatus(internetMessageId, signal),
  });
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
