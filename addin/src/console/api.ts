// The API as the admin console uses it: bearer token from the sign-in, problem+json
// errors kept whole (the console shows their title and detail to the admin).
//
// Types of routes the server already documents come from schema.d.ts. The others
// (marked HAND-WRITTEN) follow the shapes agreed for issue 9 while their routes are
// being built: replace them with the generated types (npm run api:types) once the
// routes are in apiRoutes, and delete what is left here.
import type { TokenSource } from '../api/auth.ts';
import { ApiError, errorFromStatus } from '../api/errors.ts';
import type * as S from '../api/schema.d.ts';

export type Pipeline = S.Pipeline;
export type Stage = S.Stage;

type Body<P extends keyof S.paths, M extends 'post' | 'patch' | 'put'> = S.paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

export type CreatePipelineInput = Body<'/api/v1/pipelines', 'post'>;
export type UpdatePipelineInput = Body<'/api/v1/pipelines/{id}', 'patch'>;
export type AddStageInput = Body<'/api/v1/pipelines/{id}/stages', 'post'>;
export type UpdateStageInput = Body<'/api/v1/pipelines/{id}/stages/{stageId}', 'patch'>;

export type Role = 'admin' | 'member';

export type Me = S.Me;

/** GET /auth/config (auth none). HAND-WRITTEN. */
export type AuthConfig =
  | { mode: 'dev' }
  | { mode: 'entra'; clientId: string; authority: string; apiScope: string; knownAuthorities: string[] };

export const MAILBOX_STATES = [
  'ACTIVE',
  'THROTTLED',
  'NEEDS_ADMIN',
  'NOT_PERMITTED',
  'INACTIVE',
  'FAILED',
  'DISABLED',
] as const;
export type MailboxState = (typeof MAILBOX_STATES)[number];

/** GET /admin/overview. HAND-WRITTEN. */
export type Overview = {
  tenant: { name: string; slug: string; domains: string[]; entraTenantId: string | null };
  consent: { granted: boolean; at: string | null; by: string | null; syncGranted: boolean; syncAt: string | null };
  users: { total: number; admins: number; syncEnabled: number };
  connection: { state: 'CONNECTED' | 'NEEDS_ADMIN' | 'NOT_CONNECTED'; reason: string | null };
  mailboxes: {
    total: number;
    byState: Record<MailboxState, number>;
    lastSyncAt: string | null;
    itemsCaptured: number;
  };
  problems: { mailboxId: string; address: string; state: MailboxState; reason: string | null; at: string | null }[];
  subscriptions: { active: number; expiringWithinDay: number; nextExpiry: string | null };
};

/** GET /admin/deployment. HAND-WRITTEN. */
export type Deployment = {
  publicUrl: string;
  host: string;
  addinId: string;
  manifests: {
    kind: 'xml' | 'json';
    fileName: string;
    stableUrl: string | null;
    downloadPath: string;
    version: string;
    check: { ok: boolean; problems: string[] };
  }[];
  syncAppId: string | null;
  rbac: { powershell: string };
};
export type Manifest = Deployment['manifests'][number];

/** PATCH /tenant. HAND-WRITTEN. */
export type TenantUpdate = { name?: string; domains?: string[] };
export type Tenant = { id: string; slug: string; name: string; domains: string[] };

/** GET|PUT /sync/settings (server/src/sync/sync.routes.ts; not in schema.d.ts). HAND-WRITTEN. */
export type SyncSettings = { bodyStorage: 'none' | 'preview' | 'full'; skipBulk: boolean; blocked: string[] };

/** GET /sync/status (server/src/sync/sync.routes.ts). HAND-WRITTEN. */
export type SyncStatus = {
  connection: { directoryTenantId: string; state: 'CONNECTED' | 'NEEDS_ADMIN'; stateReason: string | null } | null;
  mailboxes: {
    id: string;
    user: { id: string; displayName: string; email: string; syncEnabled: boolean };
    address: string;
    state: MailboxState;
    stateReason: string | null;
    lastRoundAt: string | null;
    itemsCaptured: number;
    folders: { folderId: string; displayName: string; wellKnown: string | null; lastRoundAt: string | null }[];
  }[];
};

/** GET /users items and PATCH /users/:id. HAND-WRITTEN (syncEnabled and createdAt are new). */
export type ConsoleUser = {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  syncEnabled: boolean;
  createdAt: string;
};
export type UserUpdate = { role?: Role; syncEnabled?: boolean };

/** GET /audit. HAND-WRITTEN. */
export type AuditEvent = {
  id: string;
  at: string;
  actor: { userId: string | null; label: string };
  action: string;
  targetType: string | null;
  targetId: string | null;
  summary: string;
  details: Record<string, unknown> | null;
};
export type AuditPage = { items: AuditEvent[]; nextCursor: string | null };
export type AuditFilters = { action?: string; actorUserId?: string; from?: string; to?: string; q?: string };

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
  setMailboxFolders(mailboxId: string, folderIds: string[]): Promise<{ mailboxId: string; folderIds: string[] }>;
  users(signal?: AbortSignal): Promise<ConsoleUser[]>;
  updateUser(id: string, input: UserUpdate): Promise<ConsoleUser>;
  audit(filters: AuditFilters, cursor: string | null, signal?: AbortSignal): Promise<AuditPage>;
  auditExport(filters: AuditFilters): Promise<FetchedFile>;
};

/** An RFC 9457 problem as the server sends it. */
export type Problem = { title: string; detail?: string; code?: string; errors?: { path: string; message: string }[] };

/** An ApiError that keeps the server's problem (title, detail, fields) for the admin to read. */
export class ProblemError extends ApiError {
  constructor(
    status: number,
    readonly problem: Problem,
  ) {
    const base = errorFromStatus(status, problem.code ?? null);
    super(base.kind, status, base.code);
    this.name = 'ProblemError';
  }
}

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

async function problemOf(res: Response): Promise<ProblemError> {
  const body = (await res.json().catch(() => null)) as Partial<Problem> | null;
  const problem: Problem = {
    title: typeof body?.title === 'string' ? body.title : res.statusText || `HTTP ${res.status}`,
    ...(typeof body?.detail === 'string' ? { detail: body.detail } : {}),
    ...(typeof body?.code === 'string' ? { code: body.code } : {}),
    ...(Array.isArray(body?.errors) ? { errors: body.errors } : {}),
  };
  return new ProblemError(res.status, problem);
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
