// Wires the server together from a Config: database, auth, routes. main.ts runs
// it; tests call it with their own database and key.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  createDevTokenVerifier,
  createEntraTokenVerifier,
  createStateSealer,
  loadOrCreateDevKey,
  type DevKey,
  type TokenVerifier,
} from './auth/index.ts';
import type { Config } from './config.ts';
import {
  createOnboardingService,
  createPrincipalResolver,
  crmRoutes,
  onboardingRoutes,
  systemClock,
  type Clock,
  type OnboardingService,
  type RouteSpec,
} from './crm/index.ts';
import type { SystemDb } from './db/index.ts';
import { createAdminConsent } from './graph/index.ts';
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
export function apiRoutes(services: { sync: SyncService | null; onboarding?: OnboardingService | null }): RouteSpec[] {
  return [...crmRoutes, ...syncRoutes(services.sync), ...onboardingRoutes(services.onboarding ?? null)];
}

/** What onboarding needs of the product's Entra app and of Graph (Entra mode, with the app's secret). */
export type OnboardingSettings = {
  authorityHost: string;
  clientId: string;
  clientSecret: string;
  apiScope: string;
  graphBaseUrl: string;
  /** The sync's app registration, whose Mail.Read the admin allows second. */
  syncClientId: string | undefined;
};

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
  clock?: Clock;
  /** The mail sync: its admin routes and Graph's notifications. */
  sync?: SyncService;
  /** Entra mode: connecting an organisation (admin consent). */
  onboarding?: OnboardingSettings;
}) {
  const publicUrl = deps.publicUrl ?? 'https://localhost:3000';
  const onboarding = deps.onboarding ? startOnboarding(deps.onboarding, { ...deps, publicUrl }) : null;
  return createHttpApp({
    system: deps.system,
    routes: apiRoutes({ sync: deps.sync ?? null, onboarding }),
    verifyToken: deps.verifyToken,
    resolvePrincipal: createPrincipalResolver(deps.system, deps.authMode),
    log: deps.log,
    maxBodyBytes: deps.maxBodyBytes ?? 1024 * 1024,
    version: VERSION,
    publicUrl,
    paneDir: deps.paneDir ?? DEFAULT_PANE_DIR,
    devSignInKey: deps.authMode === 'dev' ? deps.devSignInKey : undefined,
    clock: deps.clock,
    graphNotifications: deps.sync?.handleNotifications,
    onboarding,
  });
}

function startOnboarding(
  settings: OnboardingSettings,
  deps: { system: SystemDb; log: Logger; publicUrl: string; clock?: Clock; sync?: SyncService },
): OnboardingService {
  const clock = deps.clock ?? systemClock;
  const log = deps.log.child({ module: 'onboarding' });
  const { sync } = deps;
  return createOnboardingService({
    system: deps.system,
    consent: createAdminConsent({ ...settings, log }),
    sealer: createStateSealer(settings.clientSecret, 'onboarding', clock),
    publicUrl: deps.publicUrl,
    connectSync: sync ? (tenantId, directoryTenantId) => sync.connect(tenantId, directoryTenantId) : null,
    log,
    clock,
  });
}
