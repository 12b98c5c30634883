// The API under test: the real app on a real HTTP port (0), on the run's database.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, inject } from 'vitest';
import { clientAuthConfig, createApp } from '../src/app.ts';
import {
  createDevTokenVerifier,
  createEntraTokenVerifier,
  generateEphemeralDevKey,
  signDevToken,
  type DevKey,
} from '../src/auth/index.ts';
import type { Config } from '../src/config.ts';
import { openDatabase, type Database, type DatabaseOptions } from '../src/db/index.ts';
import type { RateLimitSettings } from '../src/http/index.ts';
import { createLogger } from '../src/shared/log.ts';
import { checkResponse } from './contract.ts';

export const MAX_BODY_BYTES = 64 * 1024;

/** The database of this test run: a fresh PGlite from the migrated template, or the run's PostgreSQL database. */
export async function openTestDatabase(options: Pick<DatabaseOptions, 'onStatement'> = {}): Promise<Database> {
  const url = inject('databaseUrl');
  if (url) return openDatabase({ databaseUrl: url, poolSize: 4, ...options });
  const snapshot = inject('pgliteSnapshot');
  if (!snapshot) throw new Error('global-setup did not prepare a database');
  return openDatabase({ dataDir: null, snapshot: new Blob([await readFile(snapshot)]), ...options });
}

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;
export type TestServerOptions = {
  now?: () => Date;
  publicUrl?: string;
  paneDir?: string;
  devSignIn?: boolean;
  /** The sync's Entra app id (GRAPH_CLIENT_ID in production). */
  syncAppId?: string;
  /** Default: limits no test reaches, counted under keys of this server's own (runs may share a database). */
  rateLimits?: RateLimitSettings;
  /** Another server process on the same database and signing key (that server's own; not closed by this one). */
  sameDatabaseAs?: { db: Database; key: DevKey };
  /** Entra mode: tokens verified against this authority's keys (server/test/entra.ts), no dev sign-in. */
  entra?: Extract<Config['auth'], { mode: 'entra' }>;
};

export async function startTestServer(options: TestServerOptions = {}) {
  const shared = options.sameDatabaseAs;
  const db = shared ? shared.db : await openTestDatabase();
  const key = shared ? shared.key : await generateEphemeralDevKey();
  const app = createApp({
    system: db.system,
    verifyToken: options.entra ? createEntraTokenVerifier(options.entra) : createDevTokenVerifier(key),
    authMode: options.entra ? 'entra' : 'dev',
    authConfig: options.entra && clientAuthConfig(options.entra),
    log: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    maxBodyBytes: MAX_BODY_BYTES,
    clock: options.now && { now: options.now },
    publicUrl: options.publicUrl,
    paneDir: options.paneDir,
    devSignInKey: options.devSignIn === false || options.entra ? undefined : key,
    syncAppId: options.syncAppId,
    rateLimits: options.rateLimits ?? {
      userPerMinute: 100_000,
      publicPerMinute: 100_000,
      keyPrefix: `${randomUUID()}:`,
    },
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    db,
    key,
    /** A client acting as this user; the tenant and user are created by their first request. */
    as: async (tenant: string, email: string, role: 'admin' | 'member' = 'member') =>
      new ApiClient(base, await signDevToken(key, { tenant, email, role })),
    anonymous: () => new ApiClient(base, null),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      if (!shared) await db.close();
    },
  };
}

/**
 * A server for the tests of this file: started before them (beforeAll), closed after
 * (afterAll). The result stands for that server; use it inside tests and hooks.
 * Options may be a function, for values a beforeAll before this one prepares.
 */
export function useTestServer(options: TestServerOptions | (() => TestServerOptions) = {}): TestServer {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer(typeof options === 'function' ? options() : options);
  });
  afterAll(async () => {
    await server?.close();
    server = undefined;
  });
  const current = () => {
    if (!server) throw new Error('useTestServer(): the server runs only inside tests and hooks of this file');
    return server;
  };
  return {
    get base() {
      return current().base;
    },
    get db() {
      return current().db;
    },
    get key() {
      return current().key;
    },
    as: (...args) => current().as(...args),
    anonymous: () => current().anonymous(),
    close: () => current().close(),
  };
}

export type ApiResponse<T = any> = { status: number; body: T; headers: Headers };

export class ApiClient {
  constructor(
    readonly base: string,
    readonly token: string | null,
  ) {}

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    init: { headers?: Record<string, string>; raw?: string | Uint8Array } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let payload: string | Uint8Array | undefined = init.raw;
    if (body !== undefined) {
      headers['content-type'] ??= 'application/json';
      payload = JSON.stringify(body);
    } else if (payload !== undefined) {
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.base + path, { method, headers, body: payload });
    const text = await res.text();
    let parsed: unknown = text;
    if (text && (res.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
    // Status and body as the route declares them (contract.ts); a mismatch fails the test here.
    const contentType = res.headers.get('content-type');
    checkResponse({ method, path, status: res.status, contentType, body: parsed });
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body ?? {});
  }
  patch<T = any>(path: string, body: unknown) {
    return this.request<T>('PATCH', path, body);
  }
  put<T = any>(path: string, body: unknown) {
    return this.request<T>('PUT', path, body);
  }
  delete<T = any>(path: string) {
    return this.request<T>('DELETE', path);
  }
}

export const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

export type { DevKey };
