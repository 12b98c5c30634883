// The API as the pane uses it: typed by the server's own OpenAPI document
// (schema.d.ts), authenticated, and failing with an ApiError the pane can word.
import createClient, { type Middleware } from 'openapi-fetch';
import { authorizedFetch, type TokenSource } from './auth.ts';
import { asApiError, errorFromStatus } from './errors.ts';
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

/** openapi-fetch answers { data } or { error, response }: this keeps the data and throws the rest. */
function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data !== undefined && result.response.ok) return result.data;
  const code = (result.error as { code?: string } | undefined)?.code ?? null;
  throw errorFromStatus(result.response.status, code);
}

export function createHttpApi(origin: string, tokens: TokenSource): Api {
  const client = createClient<paths>({ baseUrl: origin, fetch: authorizedFetch(tokens) });
  const errors: Middleware = {
    onError({ error }) {
      return asApiError(error);
    },
  };
  client.use(errors);
  const call = async <T>(request: Promise<{ data?: T; error?: unknown; response: Response }>) => {
    try {
      return unwrap(await request);
    } catch (error) {
      throw asApiError(error);
    }
  };
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
