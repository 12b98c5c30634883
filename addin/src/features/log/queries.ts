// Whether the email is logged (the server's word: anyone in the tenant, on any device,
// or the mailbox sync may have logged it), and logging it.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Api, EmailItem, EmailStatus, LogEmailInput } from '../../api/client.ts';
import { useApi, useMailbox } from '../../state/context.tsx';
import { refreshCrm, unlessFetchedAtStart } from '../../state/queries.ts';

type Address = { email: string; name: string | null };

/** The email as logging needs it (the mailbox's MessageItem is one). */
export type EmailToLog = {
  internetMessageId: string;
  subject: string;
  from: Address;
  to: Address[];
  cc: Address[];
  sentAt: string;
  conversationId: string | null;
};

export const emailStatusKey = (internetMessageId: string) => ['emailStatus', internetMessageId] as const;

export const emailStatusQuery = (api: Api, internetMessageId: string) => ({
  queryKey: emailStatusKey(internetMessageId),
  queryFn: ({ signal }: { signal: AbortSignal }) => api.emailStatus(internetMessageId, signal),
});

export function useEmailStatus(internetMessageId: string) {
  const api = useApi();
  const client = useQueryClient();
  return useQuery({ ...emailStatusQuery(api, internetMessageId), refetchOnMount: unlessFetchedAtStart(client) });
}

function toLogInput(item: EmailToLog, preview: string | null, dealId: string | null): LogEmailInput {
  const person = (p: Address) => (p.name ? { email: p.email, name: p.name } : { email: p.email });
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

export function statusFromLogged(item: EmailItem): EmailStatus {
  return {
    internetMessageId: item.email.internetMessageId,
    logged: true,
    itemId: item.id,
    loggedBy: item.email.loggedBy,
    loggedAt: item.email.loggedAt,
    loggedVia: item.email.loggedVia,
  };
}

export function useLogEmail(item: EmailToLog) {
  const api = useApi();
  const mailbox = useMailbox();
  const client = useQueryClient();
  return useMutation({
    // The server keys logged mail by Message-ID: a second click, here or on another device, finds the first.
    mutationKey: ['logEmail', item.internetMessageId],
    mutationFn: async (dealId: string | null) => api.logEmail(toLogInput(item, await mailbox.bodyText(), dealId)),
    onSuccess: async (logged) => {
      client.setQueryData(emailStatusKey(item.internetMessageId), statusFromLogged(logged));
      await refreshCrm(client);
    },
  });
}
