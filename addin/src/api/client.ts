// The API client of the pane, the console and the web app: openapi-fetch typed by the
// server's own OpenAPI document (schema.d.ts), the sign-in's bearer token on every
// request (a refused token renewed once: authorizedFetch), and `ok` turning an answer
// into its data or a ProblemError (an ApiError the interface can word, with the
// server's problem). Below, the pane's Api on it.
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { authorizedFetch, type TokenSource } from './auth.ts';
import { asApiError, problemFrom } from './errors.ts';
import type { paths } from './schema.d.ts';
import type * as S from './schema.d.ts';

export type {
  Company,
  Contact,
  Deal,
  EmailItem,
  EmailStatus,
  Lookup,
  Pipeline,
  Stage,
  TimelineItem,
} from './schema.d.ts';

type Body<P extends keyof paths, M extends 'post' | 'patch'> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

export type LogEmailInput = Body<'/api/v1/timeline/emails', 'post'>;
export type CreateContactInput = Body<'/api/v1/contacts', 'post'>;
export type CreateCompanyInput = Body<'/api/v1/companies', 'post'>;
export type CreateDealInput = Body<'/api/v1/deals', 'post'>;
export type CreateNoteInput = Body<'/api/v1/notes', 'post'>;
export type CreateTaskInput = Body<'/api/v1/tasks', 'post'>;
export type TimelinePage = { items: S.TimelineItem[]; nextCursor: string | null };

/** What a lookup of an address nobody in the CRM has would answer. */
export const notInCrm = (email: string): S.Lookup => ({
  email,
  contact: null,
  company: null,
  companyMatchedBy: null,
  deals: [],
  timeline: [],
  lastContactedAt: null,
});

/** Everything the pane asks of the server. Component tests give their own. */
export type Api = {
  lookup(email: string, signal?: AbortSignal): Promise<S.Lookup>;
  emailStatus(internetMessageId: string, signal?: AbortSignal): Promise<S.EmailStatus>;
  logEmail(input: LogEmailInput): Promise<S.EmailItem>;
  pipelines(signal?: AbortSignal): Promise<S.Pipeline[]>;
  moveDeal(dealId: string, stageId: string): Promise<S.Deal>;
  createDeal(input: CreateDealInput): Promise<S.Deal>;
  createContact(input: CreateContactInput): Promise<S.Contact>;
  createCompany(input: CreateCompanyInput): Promise<S.Company>;
  addNote(input: CreateNoteInput): Promise<S.TimelineItem>;
  addTask(input: CreateTaskInput): Promise<S.Task>;
  contactTimeline(contactId: string, cursor: string | null, signal?: AbortSignal): Promise<TimelinePage>;
  companyTimeline(companyId: string, cursor: string | null, signal?: AbortSignal): Promise<TimelinePage>;
  dealTimeline(dealId: string, cursor: string | null, signal?: AbortSignal): Promise<TimelinePage>;
};

export type ApiClient = Client<paths>;

/** The typed client of this server's API, signed in with `tokens`. */
export function createApiClient(origin: string, tokens: TokenSource): ApiClient {
  return createClient<paths>({ baseUrl: origin, fetch: authorizedFetch(tokens) });
}

type Answer<T> = { data?: T; error?: unknown; response: Response };

/**
 * openapi-fetch answers { data } or { error, response }: the data of a 2xx, else a
 * ProblemError with the server's problem (status, title, detail, code, errors[]); an
 * unreachable server is an ApiError 'offline'. A cancelled request's AbortError goes
 * back as it is (TanStack Query cancelled it). For a 204 the data is undefined.
 * `const contact = await ok(client.GET('/api/v1/contacts/{id}', { params: { path: { id } } }))`.
 */
export async function ok<T>(request: Promise<Answer<T>>): Promise<T> {
  let result: Answer<T>;
  try {
    result = await request;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw asApiError(error);
  }
  if (result.response.ok) return result.data as T;
  throw problemFrom(result.response.status, result.response.statusText, result.error);
}

export function createHttpApi(origin: string, tokens: TokenSource): Api {
  const client = createApiClient(origin, tokens);
  // The pane words every failure, a cancelled request's too, as an ApiError.
  const errors: Middleware = {
    onError({ error }) {
      return asApiError(error);
    },
  };
  client.use(errors);
  const call = ok;
  const page = (cursor: string | null) => ({ limit: 20, ...(cursor ? { cursor } : {}) });
  return {
    lookup: (email, signal) => call(client.GET('/api/v1/contacts/lookup', { params: { query: { email } }, signal })),
    emailStatus: (internetMessageId, signal) =>
      call(client.GET('/api/v1/timeline/emails/status', { params: { query: { internetMessageId } }, signal })),
    logEmail: (body) => call(client.POST('/api/v1/timeline/emails', { body })),
    pipelines: async (signal) => (await call(client.GET('/api/v1/pipelines', { signal }))).items,
    moveDeal: (id, stageId) =>
      call(client.PATCH('/api/v1/deals/{id}', { params: { path: { id } }, body: { stageId } })),
    createDeal: (body) => call(client.POST('/api/v1/deals', { body })),
    createContact: (body) => call(client.POST('/api/v1/contacts', { body })),
    createCompany: (body) => call(client.POST('/api/v1/companies', { body })),
    addNote: (body) => call(client.POST('/api/v1/notes', { body })),
    addTask: (body) => call(client.POST('/api/v1/tasks', { body })),
    contactTimeline: (id, cursor, signal) =>
      call(client.GET('/api/v1/contacts/{id}/timeline', { params: { path: { id }, query: page(cursor) }, signal })),
    companyTimeline: (id, cursor, signal) =>
      call(client.GET('/api/v1/companies/{id}/timeline', { params: { path: { id }, query: page(cursor) }, signal })),
    dealTimeline: (id, cursor, signal) =>
      call(client.GET('/api/v1/deals/{id}/timeline', { params: { path: { id }, query: page(cursor) }, signal })),
  };
}
