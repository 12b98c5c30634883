// What every page of the web app reaches for: the signed-in API client (openapi-fetch,
// typed by the server's OpenAPI document), `ok` for its answers, who is signed in, and
// the locale's formats. The pane's Api is provided too, so the pane's components
// (timeline, deals) can be mounted in a page.
import createClient, { type Client } from 'openapi-fetch';
import { createContext, useContext, type ReactNode } from 'react';
import { authorizedFetch, type TokenSource } from '../api/auth.ts';
import { createHttpApi, type Api } from '../api/client.ts';
import { asApiError, problemFrom } from '../api/errors.ts';
import type { Me, paths } from '../api/schema.d.ts';
import { useAppFormats, type AppFormats } from '../i18n/format.ts';
import { ApiContext } from '../state/context.tsx';

export type WebClient = Client<paths>;
export type { Me };

/** The client and the pane's Api, on one token source: what signing in gives the web app. */
export type WebSession = { client: WebClient; api: Api };

/**
 * The web app's API on this origin with the sign-in's token. A refused token (401) is
 * forgotten and the request sent once more with a fresh one (authorizedFetch); the
 * second 401 is the answer, and the next request signs in again.
 */
export function createWebSession(origin: string, tokens: TokenSource): WebSession {
  return {
    client: createClient<paths>({ baseUrl: origin, fetch: authorizedFetch(tokens) }),
    api: createHttpApi(origin, tokens),
  };
}

/**
 * The data of a 2xx answer of the client, or a ProblemError with the server's problem
 * (status, title, detail, code, errors[]); an unreachable server is an ApiError
 * 'offline'. `await ok(client.GET('/api/v1/contacts/{id}', { params: { path: { id } } }))`.
 */
export async function ok<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await request;
  } catch (error) {
    // A cancelled query's abort goes back to TanStack Query as it is.
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw asApiError(error);
  }
  if (result.response.ok) return result.data as T;
  throw problemFrom(result.response.status, result.response.statusText, result.error);
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
