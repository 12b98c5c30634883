// What every page of the web app reaches for: the signed-in API client (openapi-fetch,
// typed by the server's OpenAPI document), `ok` for its answers, who is signed in, and
// the locale's formats. The pane's Api is provided too, so the pane's components
// (timeline, deals) can be mounted in a page.
import { createContext, useContext, type ReactNode } from 'react';
import type { TokenSource } from '../api/auth.ts';
import { createApiClient, createHttpApi, type Api, type ApiClient } from '../api/client.ts';
import type { Me } from '../api/schema.d.ts';
import { useAppFormats, type AppFormats } from '../i18n/app-formats.ts';
import { ApiContext } from '../state/context.tsx';

/** The API client (openapi-fetch, typed by schema.d.ts), signed in. */
export type WebClient = ApiClient;
export type { Me };
export { ok } from '../api/client.ts';

/** The client and the pane's Api, on one token source: what signing in gives the web app. */
export type WebSession = { client: WebClient; api: Api };

/**
 * The web app's API on this origin with the sign-in's token. A refused token (401) is
 * forgotten and the request sent once more with a fresh one (authorizedFetch); the
 * second 401 is the answer, and the next request signs in again.
 */
export function createWebSession(origin: string, tokens: TokenSource): WebSession {
  return {
    client: createApiClient(origin, tokens),
    api: createHttpApi(origin, tokens),
  };
}

/** The signed-in user's answer, as the shell and the pages cache it. */
export const webKeys = { me: ['web', 'me'] as const };

const WebClientContext = createContext<WebClient | null>(null);
const MeContext = createContext<Me | null>(null);

/** The signed-in app's contexts: the client, who is signed in, the pane's Api. */
export function WebProviders(props: { session: WebSession; me: Me; children: ReactNode }) {
  return (
    <WebClientContext.Provider value={props.session.client}>
      <ApiContext.Provider value={props.session.api}>
        <MeContext.Provider value={props.me}>{props.children}</MeContext.Provider>
      </ApiContext.Provider>
    </WebClientContext.Provider>
  );
}

export function useWebClient(): WebClient {
  const client = useContext(WebClientContext);
  if (!client) throw new Error('useWebClient outside a signed-in web app');
  return client;
}

/** Who is signed in: id, displayName, email, role ('admin' | 'member'), tenant. */
export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside a signed-in web app');
  return me;
}

/** Dates, date-times, money, numbers, lists, percentages, "5 minutes ago" in the user's locale. */
export type WebFormats = AppFormats;
export const useWebFormats = (): WebFormats => useAppFormats();
