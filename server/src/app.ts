// Wires the server together from a Config: database, auth, routes. main.ts runs
// it; tests call it with their own database and key.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  createDevTokenVerifier,
  createEntraTokenVerifier,
  loadOrCreateDevKey,
  type DevKey,
  type TokenVerifier,
} from './auth/index.ts';
import type { Config } from './config.ts';
import { createPrincipalResolver, crmRoutes, type Clock, type RouteSpec } from './crm/index.ts';
import type { SystemDb } from './db/index.ts';
import { createHttpApp, DEFAULT_PANE_DIR } from './http/index.ts';
import type { Logger } from './shared/log.ts';
import { syncRoutes, type SyncService } from './sync/index.ts';

export const VERSION = (
  JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }
).version;

/** How tokens are checked; in dev mode also the key, which signs the pane's development sign-in. */
export async function createVerifier(config: Config): Promise<{ verifyToken: TokenVerifier; devKey?: DevKey }> {
  if (config.auth.mode === 'entra') return { verifyToken: createEntraTokenVerifier(config.auth) };
  const devKey = await loadOrCreateDevKey(config.auth.keyFile);
  return { verifyToken: createDevTokenVerifier(devKey), devKey };
}

/**
 * Every API route, in one registry: the app mounts it, the OpenAPI document and the
 * contract, isolation and role tests are generated from it. Modules whose routes need a
 * service get null when it is not running (their routes still exist, answering 503).
 */
export function apiRoutes(services: { sync: SyncService | null }): RouteSpec[] {
  return [...crmRoutes, ...syncRoutes(services.sync)];
}

export function createApp(deps: {
  system: SystemDb;
  verifyToken: TokenVerifier;
  authMode: 'dev' | 'entra';
  log: Logger;
  maxBodyBytes?: number;
  publicUrl?: string;
  paneDir?: string;
  /** Dev mode: offer the pane a development sign-in signed with this key. */
  devSignInKey?: DevKey;
  /** Entra mode: the authority host the pane and the console sign in at. */
  signInAuthority?: string;
  clock?: Clock;
  /** The mail sync: its admin routes and Graph's notifications. */
  sync?: SyncService;
}) {
  return createHttpApp({
    system: deps.system,
    routes: apiRoutes({ sync: deps.sync ?? null }),
    verifyToken: deps.verifyToken,
    resolvePrincipal: createPrincipalResolver(deps.system, deps.authMode),
    log: deps.log,
    maxBodyBytes: deps.maxBodyBytes ?? 1024 * 1024,
    version: VERSION,
    publicUrl: deps.publicUrl ?? 'https://localhost:3000',
    paneDir: deps.paneDir ?? DEFAULT_PANE_DIR,
    devSignInKey: deps.authMode === 'dev' ? deps.devSignInKey : undefined,
    signInAuthority: deps.authMode === 'entra' ? deps.signInAuthority : undefined,
    clock: deps.clock,
    graphNotifications: deps.sync?.handleNotifications,
  });
}
