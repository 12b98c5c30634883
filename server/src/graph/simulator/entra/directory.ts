// Entra's view of the directories: app registrations (global, multi-tenant) and, per
// directory, which apps its admins consented to — delegated (users of the directory may
// sign in to the app) and application permissions (the app may act on its own, e.g. the
// sync's Mail.Read). An app a directory has not consented to does not exist there: its
// users cannot sign in to it and its client credentials are refused.
import { randomUUID } from 'node:crypto';
import type { SimTenant, SimUser, Store } from '../store.ts';

export type SimAppInput = {
  clientId: string;
  /** A confidential client's secret; none for a public client (a single-page app). */
  clientSecret?: string;
  /** Web redirect URIs: the app's server redeems the code with its secret. */
  redirectUris: string[];
  /** Single-page-application redirect URIs: the code is redeemed from the browser with PKCE. */
  spaRedirectUris?: string[];
  /** Scopes the app exposes, in full: `api://crm.example.com/<clientId>/access_as_user`. */
  apiScopes?: string[];
  /** Microsoft Graph application permissions it asks for (admin consent), e.g. Mail.Read. */
  applicationPermissions?: string[];
  displayName?: string;
};

export type SimApp = Required<Omit<SimAppInput, 'clientSecret'>> & { clientSecret: string | null };

export type ConsentKind = 'delegated' | 'application';

type Grant = {
  delegated: boolean;
  application: boolean;
  /** revokeConsent(): as if the admin removed the app; restoreConsent() puts the grant back. */
  revoked: boolean;
  /** The app's service principal in this directory: the `oid`/`sub` of its app-only tokens. */
  servicePrincipalId: string;
  consentedBy: string | null;
};

export type Resource = { kind: 'graph' } | { kind: 'api'; app: SimApp; appIdUri: string };

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);

export type ScopeRequest = {
  resource: Resource;
  /** Scope names of the resource (the `scp` claim), `.default` expanded. */
  names: string[];
  /** What the token response's `scope` says: full scope strings for an API, names for Graph. */
  granted: string[];
  oidc: Set<string>;
};

export type ScopeError = { error: 'invalid_scope' | 'invalid_resource'; aadsts: number; description: string };

export function createEntraDirectory(store: Store) {
  const apps = new Map<string, SimApp>();
  /** directoryTenantId → clientId → grant */
  const grants = new Map<string, Map<string, Grant>>();

  function grantOf(directoryTenantId: string, clientId: string): Grant | undefined {
    return grants.get(directoryTenantId)?.get(clientId);
  }

  function appIdUriOf(app: SimApp): string | null {
    const scope = app.apiScopes[0];
    return scope ? scope.slice(0, scope.lastIndexOf('/')) : null;
  }

  /** The API a resource identifier (App ID URI or client id) names, or null. */
  function apiResource(identifier: string): Resource | null {
    const id = identifier.replace(/\/$/, '');
    for (const app of apps.values()) {
      const uri = appIdUriOf(app);
      if (uri !== null && (uri.toLowerCase() === id.toLowerCase() || app.clientId === id)) {
        return { kind: 'api', app, appIdUri: uri };
      }
    }
    return null;
  }

  return {
    apps,

    registerApp(input: SimAppInput): SimApp {
      const app: SimApp = {
        clientId: input.clientId,
        clientSecret: input.clientSecret ?? null,
        redirectUris: [...input.redirectUris],
        spaRedirectUris: [...(input.spaRedirectUris ?? [])],
        apiScopes: [...(input.apiScopes ?? [])],
        applicationPermissions: [...(input.applicationPermissions ?? [])],
        displayName: input.displayName ?? input.clientId,
      };
      apps.set(app.clientId, app);
      return app;
    },

    findApp(clientId: string): SimApp | null {
      return apps.get(clientId) ?? null;
    },

    /** The directory a path segment names (its id or a verified domain); null for common/organizations. */
    findDirectory(segment: string): SimTenant | null {
      return store.findDirectory(segment);
    },

    grant(directoryTenantId: string, clientId: string, kinds: ConsentKind[], by: SimUser | null = null): void {
      let perDirectory = grants.get(directoryTenantId);
      if (!perDirectory) grants.set(directoryTenantId, (perDirectory = new Map<string, Grant>()));
      const existing = perDirectory.get(clientId);
      const grant: Grant = existing ?? {
        delegated: false,
        application: false,
        revoked: false,
        servicePrincipalId: randomUUID(),
        consentedBy: null,
      };
      for (const kind of kinds) grant[kind] = true;
      grant.revoked = false;
      grant.consentedBy = by?.id ?? grant.consentedBy;
      perDirectory.set(clientId, grant);
    },

    /** Whether the directory consented to the app (for this kind of access) and still does. */
    consented(directoryTenantId: string, clientId: string, kind: ConsentKind): boolean {
      const grant = grantOf(directoryTenantId, clientId);
      return grant !== undefined && !grant.revoked && grant[kind];
    },

    /** The app is present in the directory at all (any consent, not revoked). */
    present(directoryTenantId: string, clientId: string): boolean {
      const grant = grantOf(directoryTenantId, clientId);
      return grant !== undefined && !grant.revoked && (grant.delegated || grant.application);
    },

    servicePrincipalId(directoryTenantId: string, clientId: string): string {
      return grantOf(directoryTenantId, clientId)?.servicePrincipalId ?? randomUUID();
    },

    /** revokeConsent / restoreConsent: every app of the directory, or one. */
    setRevoked(directoryTenantId: string, revoked: boolean, clientId?: string): void {
      for (const [id, grant] of grants.get(directoryTenantId) ?? []) {
        if (clientId === undefined || id === clientId) grant.revoked = revoked;
      }
    },

    /**
     * Resolves a v2 `scope` parameter: OpenID scopes aside, every scope must belong to one
     * resource — Microsoft Graph (`User.Read`, `https://graph.microsoft.com/.default`) or a
     * registered API (`api://host/<id>/access_as_user`, `api://host/<id>/.default`). With
     * only OpenID scopes the resource is Graph (User.Read), as Entra does.
     */
    resolveScopes(scope: string): ScopeRequest | ScopeError {
      const parts = scope.split(/\s+/).filter(Boolean);
      const oidc = new Set(parts.filter((p) => OIDC_SCOPES.has(p.toLowerCase())).map((p) => p.toLowerCase()));
      const rest = parts.filter((p) => !OIDC_SCOPES.has(p.toLowerCase()));
      let resource: Resource | null = null;
      const names: string[] = [];
      for (const part of rest) {
        const slash = part.lastIndexOf('/');
        const prefix = slash < 0 ? GRAPH_RESOURCE : part.slice(0, slash);
        const name = slash < 0 ? part : part.slice(slash + 1);
        const here: Resource | null =
          prefix.toLowerCase() === GRAPH_RESOURCE || prefix === GRAPH_APP_ID ? { kind: 'graph' } : apiResource(prefix);
        if (!here) {
          return {
            error: 'invalid_resource',
            aadsts: 500011,
            description: `The resource principal named ${prefix} was not found in the tenant. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
          };
        }
        if (
          resource &&
          (resource.kind !== here.kind || (here.kind === 'api' && resource.kind === 'api' && resource.app !== here.app))
        ) {
          return {
            error: 'invalid_scope',
            aadsts: 28000,
            description:
              'Provided value for the input parameter scope is not valid because it contains more than one resource.',
          };
        }
        resource = here;
        if (here.kind === 'api') {
          const exposed = here.app.apiScopes.map((s) => s.slice(s.lastIndexOf('/') + 1));
          if (name === '.default') names.push(...exposed);
          else if (exposed.includes(name)) names.push(name);
          else {
            return {
              error: 'invalid_scope',
              aadsts: 65005,
              description: `The application asked for scope '${name}' that doesn't exist on the resource '${here.app.clientId}'. Contact the app vendor.`,
            };
          }
        } else if (name !== '.default') {
          names.push(name);
        }
      }
      resource ??= { kind: 'graph' };
      if (resource.kind === 'graph' && names.length === 0) names.push('User.Read');
      const unique = [...new Set(names)];
      const granted =
        resource.kind === 'api' ? unique.map((n) => `${(resource as { appIdUri: string }).appIdUri}/${n}`) : unique;
      return { resource, names: unique, granted, oidc };
    },
  };
}

export type EntraDirectory = ReturnType<typeof createEntraDirectory>;
