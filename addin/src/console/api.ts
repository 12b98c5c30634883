// The API as the admin console uses it: bearer token from the sign-in, problem+json
// errors kept whole (the console shows their title and detail to the admin).
//
// The types come from schema.d.ts (npm run api:types, generated from the server's
// route registry); GET /auth/config's answer is api/auth-config.ts's, as the pane reads it.
import type { AuthConfig } from '../api/auth-config.ts';
import type { TokenSource } from '../api/auth.ts';
import { ApiError, problemOf } from '../api/errors.ts';
import type * as S from '../api/schema.d.ts';

export { ProblemError, type Problem } from '../api/errors.ts';

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

export type { AuthConfig } from '../api/auth-config.ts';

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

export const API_PREFIX = '/api/v1';
export const AUDIT_PAGE_SIZE = 50;

function queryString(query: Record<string, string | number | null | undefined>) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
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

/** GET /auth/config: how this server signs people in (no token needed). */
export async function fetchAuthConfig(origin: string, signal?: AbortSignal): Promise<AuthConfig> {
  let res: Response;
  try {
    res = await fetch(`${origin}${API_PREFIX}/auth/config`, { signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError('offline', null);
  }
  if (!res.ok) throw await problemOf(res);
  return (await res.json()) as AuthConfig;
}

export function createConsoleApi(origin: string, tokens: TokenSource): ConsoleApi {
  async function send(
    method: string,
    path: string,
    init: { body?: unknown; signal?: AbortSignal | undefined; accept?: string } = {},
  ): Promise<Response> {
    const url = new URL(path.startsWith(API_PREFIX) ? path : `${API_PREFIX}${path}`, origin);
    // The token goes to this server only, whatever a response named as a path.
    if (url.origin !== new URL(origin).origin) throw new ApiError('invalid', null, 'FOREIGN_ORIGIN');
    const headers: Record<string, string> = {
      authorization: `Bearer ${await tokens.token()}`,
      accept: init.accept ?? 'application/json',
    };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: init.signal,
      });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw new ApiError('offline', null);
    }
    if (res.status === 401) tokens.forget();
    if (!res.ok) throw await problemOf(res);
    return res;
  }
  const json = async <T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> =>
    (await (await send(method, path, { body, signal })).json()) as T;
  const file = async (path: string): Promise<FetchedFile> => {
    const res = await send('GET', path, { accept: '*/*' });
    return { blob: await res.blob(), fileName: fileNameOf(res) };
  };
  const id = encodeURIComponent;
  return {
    me: (signal) => json('GET', '/me', undefined, signal),
    overview: (signal) => json('GET', '/admin/overview', undefined, signal),
    deployment: (host, signal) => json('GET', `/admin/deployment${queryString({ host })}`, undefined, signal),
    download: (path) => {
      if (!path.startsWith('/') || path.startsWith('//')) {
        return Promise.reject(new ApiError('invalid', null, 'FOREIGN_ORIGIN'));
      }
      return file(path);
    },
    pipelines: async (signal) => (await json<{ items: Pipeline[] }>('GET', '/pipelines', undefined, signal)).items,
    createPipeline: (input) => json('POST', '/pipelines', input),
    updatePipeline: (pipelineId, input) => json('PATCH', `/pipelines/${id(pipelineId)}`, input),
    addStage: (pipelineId, input) => json('POST', `/pipelines/${id(pipelineId)}/stages`, input),
    updateStage: (pipelineId, stageId, input) =>
      json('PATCH', `/pipelines/${id(pipelineId)}/stages/${id(stageId)}`, input),
    reorderStages: (pipelineId, stageIds) => json('PUT', `/pipelines/${id(pipelineId)}/stage-order`, { stageIds }),
    removeStage: (pipelineId, stageId) => json('DELETE', `/pipelines/${id(pipelineId)}/stages/${id(stageId)}`),
    updateTenant: (input) => json('PATCH', '/tenant', input),
    syncSettings: (signal) => json('GET', '/sync/settings', undefined, signal),
    saveSyncSettings: (input) => json('PUT', '/sync/settings', input),
    syncStatus: (signal) => json('GET', '/sync/status', undefined, signal),
    setMailboxFolders: (mailboxId, folderIds) => json('PUT', `/sync/mailboxes/${id(mailboxId)}/folders`, { folderIds }),
    users: async (signal) => (await json<{ items: ConsoleUser[] }>('GET', '/users', undefined, signal)).items,
    updateUser: (userId, input) => json('PATCH', `/users/${id(userId)}`, input),
    audit: (filters, cursor, signal) =>
      json('GET', `/audit${queryString({ ...filters, cursor, limit: AUDIT_PAGE_SIZE })}`, undefined, signal),
    auditExport: (filters) => file(`/audit/export${queryString(filters)}`),
  };
}
