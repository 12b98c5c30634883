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
  /** Serve plain HTTP, for running behind a proxy that terminates TLS. */
  PLAIN_HTTP: Flag.default(false),
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),
  /** The address users reach the server at; printed at start and used in links. */
  PUBLIC_URL: z.url({ error: 'must be an absolute URL' }).optional(),
  /** dev: tokens signed by the local key in DATA_DIR; entra: Microsoft Entra ID tokens. */
  AUTH_MODE: z.enum(['dev', 'entra']).default('dev'),
  ENTRA_CLIENT_ID: z.string().min(1).optional(),
  ENTRA_AUDIENCE: z.string().min(1).optional(),
  SEED_DEMO: Flag.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
  tls: { enabled: false } | { enabled: true; certFile: string | undefined; keyFile: string | undefined };
  publicUrl: string;
  auth:
    | { mode: 'dev'; keyFile: string; issuer: string; audience: string }
    | { mode: 'entra'; clientId: string; audience: string };
  seedDemo: boolean;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  maxBodyBytes: number;
}>;

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
  const dataDir = path.resolve(e.DATA_DIR);
  const scheme = e.PLAIN_HTTP ? 'http' : 'https';
  const host = e.HOST ?? (e.AUTH_MODE === 'dev' ? '127.0.0.1' : '0.0.0.0');
  // The generated certificate and the manifest name localhost.
  const shownHost = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(host) ? 'localhost' : host;
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    tls: e.PLAIN_HTTP
      ? { enabled: false as const }
      : { enabled: true as const, certFile: e.TLS_CERT_FILE, keyFile: e.TLS_KEY_FILE },
    publicUrl: (e.PUBLIC_URL ?? `${scheme}://${shownHost}:${e.PORT}`).replace(/\/$/, ''),
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
            audience: e.ENTRA_AUDIENCE ?? entraClientId,
          },
    seedDemo: e.SEED_DEMO,
    logLevel: e.LOG_LEVEL,
    maxBodyBytes: e.MAX_BODY_BYTES,
  });
}

function emptyAsUnset(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
}
