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
import { adminRoutes, createManifestService, type DeploymentDeps } from './admin/index.ts';
import { isMicrosoftAuthorityHost, type Config } from './config.ts';
import {
  authConfigRoutes,
  createOnboardingService,
  createPrincipalResolver,
  crmRoutes,
  onboardingRoutes,
  systemClock,
  type AuthConfigResponse,
  type Clock,
  type OnboardingService,
  type RouteSpec,
} from './crm/index.ts';
import type { SystemDb } from './db/index.ts';
import { createAdminConsent, type AdminConsentOptions } from './graph/index.ts';
import { API_BASE, createHttpApp, DEFAULT_PANE_DIR, type RateLimitSettings } from './http/index.ts';
import type { Logger } from './shared/log.ts';
import { syncRoutes, type SyncService } from './sync/index.ts';

export const VERSION = (
  JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }
).version;

/**
 * How tokens are checked; in dev mode also the key, which signs the pane's development sign-in.
 * `auth`: the settings in force (main.ts points them at the simulator when it plays Entra).
 */
export async function createVerifier(
  config: Config,
  auth: Config['auth'] = config.auth,
): Promise<{ verifyToken: TokenVerifier; devKey?: DevKey }> {
  if (auth.mode === 'entra') return { verifyToken: createEntraTokenVerifier(auth) };
  const devKey = await loadOrCreateDevKey(auth.keyFile);
  return { verifyToken: createDevTokenVerifier(devKey), devKey };
}

/** What GET /auth/config tells clients about signing in. */
export function clientAuthConfig(auth: Config['auth']): AuthConfigResponse {
  if (auth.mode === 'dev') return { mode: 'dev' };
  const authority = auth.authorityHost.replace(/\/$/, '');
  return {
    mode: 'entra',
    clientId: auth.clientId,
    authority: `${authority}/organizations`,
    apiScope: auth.apiScope,
    knownAuthorities: isMicrosoftAuthorityHost(authority) ? [] : [new URL(authority).host],
  };
}

/**
 * Every API route, in one registry: the app mounts it, the OpenAPI document and the
 * contract, isolation and role tests are generated from it. Modules whose routes need a
 * service get null when it is not running (their routes still exist, answering 503).
 */
export function apiRoutes(services: {
  sync: SyncService | null;
  admin?: DeploymentDeps;
  auth?: AuthConfigResponse;
  onboarding?: OnboardingService | null;
}): RouteSpec[] {
  return [
    ...crmRoutes,
    ...syncRoutes(services.sync),
    ...adminRoutes(services.admin ?? null),
    ...authConfigRoutes(services.auth ?? { mode: 'dev' }),
    ...onboardingRoutes(services.onboarding ?? null),
  ];
}

/** What onboarding needs of the product's Entra app and of Graph (Entra mode, with the app's secret). */
export type OnboardingSettings = Omit<AdminConsentOptions, 'log'>;

export function createApp(deps: {
  system: SystemDb;
  verifyToken: TokenVerifier;
  authMode: 'dev' | 'entra';
  /** Entra mode: what clients are told to sign in with (clientAuthConfig(config.auth)). */
  authConfig?: AuthConfigResponse;
  log: Logger;
  maxBodyBytes?: number;
  publicUrl?: string;
  paneDir?: string;
  /** Dev mode: offer the pane a development sign-in signed with this key. */
  devSignInKey?: DevKey;
  clock?: Clock;
  /** The mail sync: its admin routes and Graph's notifications. */
  sync?: SyncService;
  /** The sync's Entra app id (GRAPH_CLIENT_ID): the console's RBAC PowerShell names it. */
  syncAppId?: string | null;
  /** Requests per minute per user and per address (config.rateLimits); absent: none. */
  rateLimits?: RateLimitSettings;
  /** Entra mode: connecting an organisation (admin consent). */
  onboarding?: OnboardingSettings;
}) {
  if (deps.authMode === 'entra' && deps.authConfig?.mode !== 'entra') {
    throw new Error('createApp: Entra mode needs authConfig (clientAuthConfig(config.auth))');
  }
  const publicUrl = deps.publicUrl ?? 'https://localhost:3000';
  const manifests = createManifestService({ system: deps.system, publicUrl });
  const admin = { manifests, publicUrl, syncAppId: deps.syncAppId ?? null, downloadBase: `${API_BASE}/admin` };
  const onboarding = deps.onboarding ? startOnboarding(deps.onboarding, { ...deps, publicUrl }) : null;
  return createHttpApp({
    system: deps.system,
    routes: apiRoutes({
      sync: deps.sync ?? null,
      admin,
      auth: deps.authMode === 'entra' ? deps.authConfig : undefined,
      onboarding,
    }),
    verifyToken: deps.verifyToken,
    resolvePrincipal: createPrincipalResolver(deps.system, deps.authMode),
    log: deps.log,
    maxBodyBytes: deps.maxBodyBytes ?? 1024 * 1024,
    version: VERSION,
    publicUrl,
    manifests,
    paneDir: deps.paneDir ?? DEFAULT_PANE_DIR,
    devSignInKey: deps.authMode === 'dev' ? deps.devSignInKey : undefined,
    // The pane and the console reach Entra's authority (its origin) when they sign in.
    signInAuthority: deps.authConfig?.mode === 'entra' ? new URL(deps.authConfig.authority).origin : undefined,
    clock: deps.clock,
    graphNotifications: deps.sync?.handleNotifications,
    rateLimits: deps.rateLimits,
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
