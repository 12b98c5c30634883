// The API as the admin console uses it, on the client the pane and the web app use
// (api/client.ts): bearer token from the sign-in, problem+json errors kept whole (the
// console shows their title and detail to the admin).
//
// The types come from schema.d.ts (npm run api:types, generated from the server's
// route registry).
import { authorizedFetch, type TokenSource } from '../api/auth.ts';
import { createApiClient, ok } from '../api/client.ts';
import { ApiError, asApiError, problemFrom, problemOf } from '../api/errors.ts';
import type * as S from '../api/schema.d.ts';

export { ProblemError, type Problem } from '../api/errors.ts';
export { fetchAuthConfig, type AuthConfig } from '../api/auth-config.ts';

type Body<P extends keyof S.paths, M extends 'post' | 'patch' | 'put'> = S.paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;
type Ok<P extends keyof S.paths, M extends 'get' | 'post' | 'patch' | 'put'> = S.paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer R } } };
}
  ? R
  : never;
type Query<P extends keyof S.paths> = S.paths[P]['get'] extends { parameters: { query?: infer Q } }
  ? NonNullable<Q>
  : never;

export type Pipeline = S.Pipeline;
export type Stage = S.Stage;
export type CreatePipelineInput = Body<'/api/v1/pipelines', 'post'>;
export type UpdatePipelineInput = Body<'/api/v1/pipelines/{id}', 'patch'>;
export type AddStageInput = Body<'/api/v1/pipelines/{id}/stages', 'post'>;
export type UpdateStageInput = Body<'/api/v1/pipelines/{id}/stages/{stageId}', 'patch'>;

export type Me = S.Me;
export type Role = Me['role'];

export type SyncStatus = S.SyncStatus;
export type MailboxState = SyncStatus['mailboxes'][number]['state'];
/** Every state a mailbox can be in, in the order the console counts them. */
export const MAILBOX_STATES = [
  'ACTIVE',
  'THROTTLED',
  'NEEDS_ADMIN',
  'NOT_PERMITTED',
  'INACTIVE',
  'FAILED',
  'DISABLED',
] as const satisfies readonly MailboxState[];
export const isMailboxState = (state: string): state is MailboxState =>
  (MAILBOX_STATES as readonly string[]).includes(state);

export type Overview = S.AdminOverview;
export type Deployment = S.Deployment;
export type Manifest = Deployment['manifests'][number];

export type Tenant = S.Tenant;
export type TenantUpdate = Body<'/api/v1/tenant', 'patch'>;

/** What the console sends (PUT) and reads back (GET and PUT answer the same shape). */
export type SyncSettings = Body<'/api/v1/sync/settings', 'put'>;
export type MailboxFolders = Ok<'/api/v1/sync/mailboxes/{id}/folders', 'put'>;

/** GET /users items and PATCH /users/:id. */
export type ConsoleUser = S.User;
export type UserUpdate = Body<'/api/v1/users/{id}', 'patch'>;

export type AuditEvent = S.AuditEvent;
export type AuditPage = Ok<'/api/v1/audit', 'get'>;
/** The filters of GET /audit and GET /audit/export (the export takes no cursor or limit). */
export type AuditFilters = Query<'/api/v1/audit/export'>;
/** The actions the server records (its AUDIT_ACTIONS), as the generated filter names them. */
export type AuditAction = NonNullable<AuditFilters['action']>;

/** A file fetched with the token, for the browser to save. */
export type FetchedFile = { blob: Blob; fileName: string | null };

/** Everything the console asks of the server once signed in. Component tests give their own. */
export type ConsoleApi = {
  me(signal?: AbortSignal): Promise<Me>;
  overview(signal?: AbortSignal): Promise<Overview>;
  deployment(host: string | null, signal?: AbortSignal): Promise<Deployment>;
  /** A path on this server (a manifest's downloadPath): never sends the token anywhere else. */
  download(path: string): Promise<FetchedFile>;
  pipelines(signal?: AbortSignal): Promise<Pipeline[]>;
  createPipeline(input: CreatePipelineInput): Promise<Pipeline>;
  updatePipeline(id: string, input: UpdatePipelineInput): Promise<Pipeline>;
  addStage(pipelineId: string, input: AddStageInput): Promise<Pipeline>;
  updateStage(pipelineId: string, stageId: string, input: UpdateStageInput): Promise<Pipeline>;
  reorderStages(pipelineId: string, stageIds: string[]): Promise<Pipeline>;
  removeStage(pipelineId: string, stageId: string): Promise<Pipeline>;
  updateTenant(input: TenantUpdate): Promise<Tenant>;
  syncSettings(signal?: AbortSignal): Promise<SyncSettings>;
  saveSyncSettings(input: SyncSettings): Promise<SyncSettings>;
  syncStatus(signal?: AbortSignal): Promise<SyncStatus>;
  setMailboxFolders(mailboxId: string, folderIds: string[]): Promise<MailboxFolders>;
  users(signal?: AbortSignal): Promise<ConsoleUser[]>;
  updateUser(id: string, input: UserUpdate): Promise<ConsoleUser>;
  audit(filters: AuditFilters, cursor: string | null, signal?: AbortSignal): Promise<AuditPage>;
  auditExport(filters: AuditFilters): Promise<FetchedFile>;
};

export const AUDIT_PAGE_SIZE = 50;

/** The query without the filters left empty (the server would read `q=` as a search for nothing). */
function withoutEmpty<Q extends object>(query: Q): Q {
  return Object.fromEntries(
    Object.entries(query).filter(([, value]) => value !== undefined && value !== null && value !== ''),
  ) as Q;
}

/** A file name from Content-Disposition (filename="…"), or null. */
export function fileNameOf(res: Response): string | null {
  const header = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (star) {
    try {
      return decodeURIComponent(star);
    } catch {
      // Malformed: fall back to the plain parameter.
    }
  }
  return /filename="([^"]*)"/i.exec(header)?.[1] ?? /filename=([^;\s]+)/i.exec(header)?.[1] ?? null;
}

/**
 * The console's calls on the shared client (api/client.ts): the token, a refused
 * token's renewal and the problem errors are the pane's and the web app's.
 */
export function createConsoleApi(origin: string, tokens: TokenSource): ConsoleApi {
  const client = createApiClient(origin, tokens);
  const authorized = authorizedFetch(tokens);
  /** A file of this server, fetched with the token, for the browser to save. */
  const file = async (path: string): Promise<FetchedFile> => {
    const url = new URL(path, origin);
    // The token goes to this server only, whatever a response named as a path.
    if (!path.startsWith('/') || path.startsWith('//') || url.origin !== new URL(origin).origin) {
      throw new ApiError('invalid', null, 'FOREIGN_ORIGIN');
    }
    let res: Response;
    try {
      res = await authorized(new Request(url, { headers: { accept: '*/*' } }));
    } catch (error) {
      throw asApiError(error);
    }
    if (!res.ok) throw await problemOf(res);
    return { blob: await res.blob(), fileName: fileNameOf(res) };
  };
  const path = (id: string) => ({ params: { path: { id } } });
  const stage = (id: string, stageId: string) => ({ params: { path: { id, stageId } } });
  return {
    me: (signal) => ok(client.GET('/api/v1/me', { signal })),
    overview: (signal) => ok(client.GET('/api/v1/admin/overview', { signal })),
    deployment: (host, signal) =>
      ok(client.GET('/api/v1/admin/deployment', { params: { query: host ? { host } : {} }, signal })),
    download: file,
    pipelines: async (signal) => (await ok(client.GET('/api/v1/pipelines', { signal }))).items,
    createPipeline: (body) => ok(client.POST('/api/v1/pipelines', { body })),
    updatePipeline: (id, body) => ok(client.PATCH('/api/v1/pipelines/{id}', { ...path(id), body })),
    addStage: (id, body) => ok(client.POST('/api/v1/pipelines/{id}/stages', { ...path(id), body })),
    updateStage: (id, stageId, body) =>
      ok(client.PATCH('/api/v1/pipelines/{id}/stages/{stageId}', { ...stage(id, stageId), body })),
    reorderStages: (id, stageIds) =>
      ok(client.PUT('/api/v1/pipelines/{id}/stage-order', { ...path(id), body: { stageIds } })),
    removeStage: (id, stageId) => ok(client.DELETE('/api/v1/pipelines/{id}/stages/{stageId}', stage(id, stageId))),
    updateTenant: (body) => ok(client.PATCH('/api/v1/tenant', { body })),
    syncSettings: (signal) => ok(client.GET('/api/v1/sync/settings', { signal })),
    saveSyncSettings: (body) => ok(client.PUT('/api/v1/sync/settings', { body })),
    syncStatus: (signal) => ok(client.GET('/api/v1/sync/status', { signal })),
    setMailboxFolders: (id, folderIds) =>
      ok(client.PUT('/api/v1/sync/mailboxes/{id}/folders', { ...path(id), body: { folderIds } })),
    users: async (signal) => (await ok(client.GET('/api/v1/users', { signal }))).items,
    updateUser: (id, body) => ok(client.PATCH('/api/v1/users/{id}', { ...path(id), body })),
    audit: (filters, cursor, signal) =>
      ok(
        client.GET('/api/v1/audit', {
          params: { query: withoutEmpty({ ...filters, cursor: cursor ?? undefined, limit: AUDIT_PAGE_SIZE }) },
          signal,
        }),
      ),
    auditExport: async (filters) => {
      const { data, error, response } = await client
        .GET('/api/v1/audit/export', { params: { query: withoutEmpty(filters) }, parseAs: 'blob' })
        .catch((failure: unknown) => {
          throw asApiError(failure);
        });
      // openapi-fetch has read an error's body already: its problem is `error`.
      if (!response.ok || !data) throw problemFrom(response.status, response.statusText, error);
      return { blob: data, fileName: fileNameOf(response) };
    },
  };
}
