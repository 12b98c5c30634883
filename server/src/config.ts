// The one place that reads the environment. Everything else receives a Config.
import path from 'node:path';
import { z } from 'zod';

const Flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], { error: 'must be true or false' })
  .transform((value) => ['true', '1', 'yes', 'on'].includes(value));

const Env = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number({ error: 'must be a port number' }).int().min(0).max(65535).default(3000),
  /** Unset: loopback in dev mode (its tokens are for this machine), every interface otherwise. */
  HOST: z.string().min(1).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** Connections to DATABASE_URL per process; default twice the cores (db/client.ts, defaultPoolSize). */
  DATABASE_POOL_SIZE: z.coerce.number({ error: 'must be a number' }).int().min(1).max(1000).optional(),
  /** Serve plain HTTP, for running behind a proxy that terminates TLS. */
  PLAIN_HTTP: Flag.default(false),
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),
  /** The address users reach the server at; printed at start and used in links. */
  PUBLIC_URL: z.url({ error: 'must be an absolute URL' }).optional(),
  /** dev: tokens signed by the local key in DATA_DIR; entra: Microsoft Entra ID tokens. */
  AUTH_MODE: z.enum(['dev', 'entra']).default('dev'),
  /** The product's Entra app (multi-tenant): the pane's and the console's sign-in, and the API's audience. */
  ENTRA_CLIENT_ID: z.string().min(1).optional(),
  /** Its secret: the server redeems the onboarding admin's sign-in (authorization code) with it. */
  ENTRA_CLIENT_SECRET: z.string().min(1).optional(),
  ENTRA_AUDIENCE: z.string().min(1).optional(),
  /** The delegated scope clients request for the API; default api://<public host>/<client id>/access_as_user. */
  ENTRA_API_SCOPE: z.string().min(1).optional(),
  /** Entra's signing keys; default <GRAPH_AUTHORITY_HOST>/common/discovery/v2.0/keys. */
  ENTRA_JWKS_URL: z.url({ protocol: /^https$/, error: 'must be an https URL' }).optional(),
  /** Requests per minute: per signed-in user on the API, per address on the endpoints open to anyone. */
  RATE_LIMIT_USER_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(1200),
  RATE_LIMIT_PUBLIC_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(60),
  SEED_DEMO: Flag.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Microsoft Graph and Entra endpoints: Microsoft's own unless pointed at a stand-in. */
  GRAPH_BASE_URL: z.url({ protocol: /^https$/, error: 'must be an https URL' }).default('https://graph.microsoft.com'),
  GRAPH_AUTHORITY_HOST: z
    .url({ protocol: /^https$/, error: 'must be an https URL' })
    .default('https://login.microsoftonline.com'),
  /** The sync's app registration (application permission Mail.Read, admin-consented per tenant). */
  GRAPH_CLIENT_ID: z.string().min(1).optional(),
  GRAPH_CLIENT_SECRET: z.string().min(1).optional(),
  /** A PEM certificate to trust for Graph and Entra besides the system's (the Graph simulator's). */
  GRAPH_CA_FILE: z.string().min(1).optional(),
  /** Tenants connected at start: `slug=directory-tenant-id`, comma separated (or PUT /api/v1/sync/connection). */
  GRAPH_CONNECT: z
    .string()
    .regex(/^[a-z0-9-]+=[\w.-]+(,[a-z0-9-]+=[\w.-]+)*$/, 'must be slug=directory-tenant-id[,…]')
    .optional(),
  /** Run the Graph simulator in process and sync the demo tenant from it (default: in the demo without GRAPH_CLIENT_ID). */
  GRAPH_SIMULATOR: Flag.optional(),
  SYNC_ENABLED: Flag.default(true),
  /** Delta polling, the safety net under the webhooks. */
  SYNC_POLL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
  /** Graph requests in flight across every mailbox (each mailbox: 4 at most, always). */
  SYNC_APP_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(32),
  SYNC_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  /** Mailbox rounds run at once by this process. */
  SYNC_WORKERS: z.coerce.number().int().min(1).max(100).default(4),
  /**
   * A mailbox round whose process died is taken up again this long after its last heartbeat
   * (pg-boss: at least 10). On PGlite a restart takes it up at once: one process owns the data.
   */
  SYNC_JOB_HEARTBEAT_SECONDS: z.coerce.number().int().min(10).max(3600).default(60),
  SYNC_BODIES: z.enum(['delta', 'batch']).default('delta'),
  /** Where Graph posts notifications: default PUBLIC_URL's, when it is https. */
  SYNC_NOTIFICATION_URL: z.url({ error: 'must be an absolute URL' }).optional(),
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(1024 * 1024),
});

export type Config = Readonly<{
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Unset: the database's default (twice the cores). */
  databasePoolSize: number | undefined;
  tls: { enabled: false } | { enabled: true; certFile: string | undefined; keyFile: string | undefined };
  publicUrl: string;
  auth:
    | { mode: 'dev'; keyFile: string; issuer: string; audience: string }
    | {
        mode: 'entra';
        clientId: string;
        clientSecret: string | undefined;
        audience: string;
        /** The full scope clients request, e.g. api://crm.example.com/<id>/access_as_user. */
        apiScope: string;
        /** Entra's authority host (GRAPH_AUTHORITY_HOST): issuers are <host>/<tid>/v2.0. */
        authorityHost: string;
        jwksUrl: string;
      };
  seedDemo: boolean;
  rateLimits: { userPerMinute: number; publicPerMinute: number };
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  maxBodyBytes: number;
  graph: {
    baseUrl: string;
    authorityHost: string;
    clientId: string | undefined;
    clientSecret: string | undefined;
    caFile: string | undefined;
    /** Tenant slug → directory tenant id, connected at start. */
    connect: Record<string, string>;
    simulator: boolean;
  };
  sync: {
    enabled: boolean;
    pollSeconds: number;
    appConcurrency: number;
    pageSize: number;
    workers: number;
    jobHeartbeatSeconds: number;
    bodies: 'delta' | 'batch';
    /** null: no webhooks (Graph cannot reach a server without a public https address); polling only. */
    notificationUrl: string | null;
  };
}>;

/** Microsoft's own Entra authority hosts (public and national clouds); any other host is a stand-in. */
export const MICROSOFT_AUTHORITY_HOSTS: ReadonlySet<string> = new Set([
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.chinacloudapi.cn',
  'login.partner.microsoftonline.cn',
]);

export function isMicrosoftAuthorityHost(authorityHost: string): boolean {
  return MICROSOFT_AUTHORITY_HOSTS.has(new URL(authorityHost).host);
}

/** Issuer and audience of development tokens (`npm run token`). */
export const DEV_TOKEN_ISSUER = 'urn:crm-for-outlook:dev';
export const DEV_TOKEN_AUDIENCE = 'urn:crm-for-outlook:api';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses the environment once; a wrong value throws a ConfigError naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = Env.safeParse(emptyAsUnset(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const entraClientId = e.ENTRA_CLIENT_ID;
  if (e.AUTH_MODE === 'entra' && !entraClientId) {
    throw new ConfigError('Invalid configuration:\n  ENTRA_CLIENT_ID: required when AUTH_MODE=entra');
  }
  if (e.AUTH_MODE === 'dev' && e.NODE_ENV === 'production') {
    throw new ConfigError('Invalid configuration:\n  AUTH_MODE: dev tokens are refused when NODE_ENV=production');
  }
  if (Boolean(e.TLS_CERT_FILE) !== Boolean(e.TLS_KEY_FILE)) {
    throw new ConfigError('Invalid configuration:\n  TLS_CERT_FILE, TLS_KEY_FILE: give both or neither');
  }
  if (Boolean(e.GRAPH_CLIENT_ID) !== Boolean(e.GRAPH_CLIENT_SECRET)) {
    throw new ConfigError('Invalid configuration:\n  GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET: give both or neither');
  }
  const simulator = e.GRAPH_SIMULATOR ?? (e.SEED_DEMO && !e.GRAPH_CLIENT_ID && e.NODE_ENV !== 'production');
  if (simulator && e.NODE_ENV === 'production') {
    throw new ConfigError(
      'Invalid configuration:\n  GRAPH_SIMULATOR: the Graph simulator is refused when NODE_ENV=production',
    );
  }
  const dataDir = path.resolve(e.DATA_DIR);
  const authorityHost = e.GRAPH_AUTHORITY_HOST.replace(/\/$/, '');
  const scheme = e.PLAIN_HTTP ? 'http' : 'https';
  const host = e.HOST ?? (e.AUTH_MODE === 'dev' ? '127.0.0.1' : '0.0.0.0');
  // The generated certificate and the manifest name localhost.
  const shownHost = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(host) ? 'localhost' : host;
  const publicUrl = (e.PUBLIC_URL ?? `${scheme}://${shownHost}:${e.PORT}`).replace(/\/$/, '');
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    tls: e.PLAIN_HTTP
      ? { enabled: false as const }
      : { enabled: true as const, certFile: e.TLS_CERT_FILE, keyFile: e.TLS_KEY_FILE },
    publicUrl,
    auth:
      // (entra without a client id threw above: the second test only narrows the type)
      e.AUTH_MODE === 'dev' || !entraClientId
        ? {
            mode: 'dev' as const,
            keyFile: path.join(dataDir, 'dev-signing-key.json'),
            issuer: DEV_TOKEN_ISSUER,
            audience: DEV_TOKEN_AUDIENCE,
          }
        : {
            mode: 'entra' as const,
            clientId: entraClientId,
            clientSecret: e.ENTRA_CLIENT_SECRET,
            audience: e.ENTRA_AUDIENCE ?? entraClientId,
            apiScope:
              e.ENTRA_API_SCOPE ??
              `api://${new URL(publicUrl).host.replace(/:\d+$/, '')}/${entraClientId}/access_as_user`,
            authorityHost,
            jwksUrl: e.ENTRA_JWKS_URL ?? `${authorityHost}/common/discovery/v2.0/keys`,
          },
    seedDemo: e.SEED_DEMO,
    rateLimits: { userPerMinute: e.RATE_LIMIT_USER_PER_MINUTE, publicPerMinute: e.RATE_LIMIT_PUBLIC_PER_MINUTE },
    logLevel: e.LOG_LEVEL,
    maxBodyBytes: e.MAX_BODY_BYTES,
    graph: {
      baseUrl: e.GRAPH_BASE_URL.replace(/\/$/, ''),
      authorityHost,
      clientId: e.GRAPH_CLIENT_ID,
      clientSecret: e.GRAPH_CLIENT_SECRET,
      caFile: e.GRAPH_CA_FILE ? path.resolve(e.GRAPH_CA_FILE) : undefined,
      connect: Object.fromEntries(
        (e.GRAPH_CONNECT ?? '')
          .split(',')
          .filter(Boolean)
          .map((pair) => pair.split('=') as [string, string]),
      ),
      simulator,
    },
    sync: {
      enabled: e.SYNC_ENABLED && (simulator || Boolean(e.GRAPH_CLIENT_ID)),
      pollSeconds: e.SYNC_POLL_SECONDS,
      appConcurrency: e.SYNC_APP_CONCURRENCY,
      pageSize: e.SYNC_PAGE_SIZE,
      workers: e.SYNC_WORKERS,
      jobHeartbeatSeconds: e.SYNC_JOB_HEARTBEAT_SECONDS,
      bodies: e.SYNC_BODIES,
      notificationUrl: e.SYNC_NOTIFICATION_URL ?? null,
    },
  });
}

function emptyAsUnset(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
}
