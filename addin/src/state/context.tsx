// What every part of the pane reaches for: the API, the mailbox, the locale's formats,
// and signing in (a click's sign-in, and where to send an admin whose organisation is
// not connected).
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createContext, useContext, type ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { i18n } from 'i18next';
import type { Api } from '../api/client.ts';
import { ApiError } from '../api/errors.ts';
import { FormatsContext, createFormats } from '../i18n/format.ts';
import type { Mailbox } from '../office/mailbox.ts';

export const ApiContext = createContext<Api | null>(null);
const MailboxContext = createContext<Mailbox | null>(null);

/** Signing in, as the pane's components see it: they never learn which token source is behind it. */
export type Session = {
  /** Interactive sign-in (a pop-up or Office's dialog): call it from a click only. */
  signIn(): Promise<void>;
  /** The user walked away from the sign-in window. */
  cancelSignIn(): void;
  /** The admin console's page that connects an organisation: what a user sends their admin. */
  connectUrl: string;
};

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session | null {
  return useContext(SessionContext);
}

export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside PaneProviders');
  return api;
}

export function useMailbox(): Mailbox {
  const mailbox = useContext(MailboxContext);
  if (!mailbox) throw new Error('useMailbox outside PaneProviders');
  return mailbox;
}

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A cached card paints at once and is fetched again behind it.
        staleTime: 0,
        gcTime: 15 * 60_000,
        refetchOnWindowFocus: false,
        networkMode: 'always',
        retry: (failures, error) => error instanceof ApiError && error.retryable && failures < 2,
        retryDelay: (attempt) => 300 * 2 ** attempt,
      },
      mutations: { networkMode: 'always', retry: false },
    },
  });
}

export function PaneProviders(props: {
  api: Api;
  mailbox: Mailbox;
  i18n: i18n;
  formatLocale: string;
  queryClient?: QueryClient;
  /** Without one, the pane has no sign-in to offer (its token source needs no click). */
  session?: Session;
  children: ReactNode;
}) {
  return (
    <QueryClientProvider client={props.queryClient ?? createQueryClient()}>
      <I18nextProvider i18n={props.i18n}>
        <FormatsContext.Provider value={createFormats(props.formatLocale)}>
          <ApiContext.Provider value={props.api}>
            <MailboxContext.Provider value={props.mailbox}>
              <SessionContext.Provider value={props.session ?? null}>{props.children}</SessionContext.Provider>
            </MailboxContext.Provider>
          </ApiContext.Provider>
        </FormatsContext.Provider>
      </I18nextProvider>
    </QueryClientProvider>
  );
}
