// Entra's token endpoint and what it issues. Grants: client_credentials (the sync's
// app-only tokens), authorization_code (a web app's server with its secret, or a
// single-page app from the browser with PKCE) and refresh_token. Every token is a real
// RS256 JWT signed with the current key (signing-keys.ts); tokens for Microsoft Graph
// are also kept in a registry that the simulator's Graph routes check, so they can be
// expired or revoked on demand, as Graph would refuse them.
//
// Claims follow Microsoft's documented tokens: ID tokens and access tokens for a
// registered API are v2 (iss <host>/<tid>/v2.0, aud = the client id); tokens for Graph
// are v1 (iss https://sts.windows.net/<tid>/, aud https://graph.microsoft.com), as Graph's are.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { SimResponse } from '../responses.ts';
import type { SimTenant, SimUser, Store } from '../store.ts';
import { GRAPH_RESOURCE, type EntraDirectory, type Resource, type ScopeRequest, type SimApp } from './directory.ts';
import { entraError, tenantNotFound } from './entra-errors.ts';
import type { SigningKeys } from './signing-keys.ts';

export const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';
const CODE_LIFETIME_MS = 10 * 60_000;
const ID_TOKEN_LIFETIME_S = 3600;
/** Entra: 24 hours for a single-page app's refresh tokens, 90 days otherwise. */
const SPA_REFRESH_LIFETIME_MS = 24 * 3600_000;
const REFRESH_LIFETIME_MS = 90 * 24 * 3600_000;

export type AuthorizationCode = {
  clientId: string;
  redirectUri: string;
  /** Issued to a single-page-app redirect URI: redeemed cross-origin, with PKCE, no secret. */
  spa: boolean;
  userId: string;
  directoryTenantId: string;
  scope: string;
  nonce: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: 'S256' | 'plain' | null;
  expiresAt: number;
  used: boolean;
};

type RefreshToken = {
  clientId: string;
  spa: boolean;
  userId: string;
  directoryTenantId: string;
  scope: string;
  expiresAt: number;
};

type IssuedGraphToken = {
  directoryTenantId: string;
  clientId: string;
  /** The signed-in user of a delegated token; null for an app-only token. */
  userId: string | null;
  scopes: string[];
  roles: string[];
  expiresAt: number;
  generation: number;
};

export type TokenCheck =
  | {
      ok: true;
      directoryTenantId: string;
      clientId: string;
      userId: string | null;
      scopes: string[];
      roles: string[];
    }
  | { ok: false; message: string };

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8' };
const NO_STORE = { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' };

/** Entra's `sub`: an id pairwise to the user and the app, so two apps cannot correlate users by it. */
function pairwiseSubject(objectId: string, clientId: string): string {
  return createHash('sha256').update(`${objectId}|${clientId}`).digest().subarray(0, 32).toString('base64url');
}

export function clientInfo(user: SimUser): string {
  return Buffer.from(JSON.stringify({ uid: user.id, utid: user.directoryTenantId })).toString('base64url');
}

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export function createTokens(deps: {
  store: Store;
  directory: EntraDirectory;
  keys: SigningKeys;
  lifetimeSeconds: number;
  url: () => string;
}) {
  const { store, directory, keys } = deps;
  const graphTokens = new Map<string, IssuedGraphToken>();
  const codes = new Map<string, AuthorizationCode>();
  const refreshTokens = new Map<string, RefreshToken>();
  let generation = 0;

  const v2Issuer = (tid: string) => `${deps.url()}/${tid}/v2.0`;
  const seconds = (ms: number) => Math.floor(ms / 1000);

  function timing(now: number, lifetime: number) {
    return { iat: seconds(now), nbf: seconds(now), exp: seconds(now) + lifetime };
  }

  async function idToken(user: SimUser, app: SimApp, nonce: string | null, scopes: Set<string>, now: number) {
    return keys.sign({
      aud: app.clientId,
      iss: v2Issuer(user.directoryTenantId),
      ...timing(now, ID_TOKEN_LIFETIME_S),
      name: user.displayName,
      ...(nonce !== null ? { nonce } : {}),
      oid: user.id,
      preferred_username: user.userPrincipalName,
      ...(scopes.has('email') ? { email: user.mail } : {}),
      sub: pairwiseSubject(user.id, app.clientId),
      tid: user.directoryTenantId,
      uti: randomBytes(16).toString('base64url'),
      ver: '2.0',
    });
  }

  /** A delegated access token for the user, for the resource the scopes name. */
  async function userAccessToken(user: SimUser, client: SimApp, request: ScopeRequest, spa: boolean, now: number) {
    const life = timing(now, deps.lifetimeSeconds);
    const common = {
      name: user.displayName,
      oid: user.id,
      scp: request.names.join(' '),
      tid: user.directoryTenantId,
      uti: randomBytes(16).toString('base64url'),
    };
    if (request.resource.kind === 'api') {
      return keys.sign({
        aud: request.resource.app.clientId,
        iss: v2Issuer(user.directoryTenantId),
        ...life,
        azp: client.clientId,
        azpacr: spa ? '0' : '1',
        preferred_username: user.userPrincipalName,
        sub: pairwiseSubject(user.id, request.resource.app.clientId),
        ...common,
        ver: '2.0',
      });
    }
    const token = await keys.sign({
      aud: GRAPH_RESOURCE,
      iss: `https://sts.windows.net/${user.directoryTenantId}/`,
      ...life,
      app_displayname: client.displayName,
      appid: client.clientId,
      appidacr: spa ? '0' : '1',
      idtyp: 'user',
      sub: pairwiseSubject(user.id, GRAPH_RESOURCE),
      unique_name: user.userPrincipalName,
      upn: user.userPrincipalName,
      ...common,
      ver: '1.0',
    });
    graphTokens.set(token, {
      directoryTenantId: user.directoryTenantId,
      clientId: client.clientId,
      userId: user.id,
      scopes: request.names,
      roles: [],
      expiresAt: now + deps.lifetimeSeconds * 1000,
      generation,
    });
    return token;
  }

  async function appAccessToken(tenant: SimTenant, client: SimApp, resource: Resource, now: number) {
    const tid = tenant.directoryTenantId;
    const servicePrincipal = directory.servicePrincipalId(tid, client.clientId);
    const life = timing(now, deps.lifetimeSeconds);
    if (resource.kind === 'api') {
      return keys.sign({
        aud: resource.app.clientId,
        iss: v2Issuer(tid),
        ...life,
        azp: client.clientId,
        azpacr: '1',
        idtyp: 'app',
        oid: servicePrincipal,
        sub: servicePrincipal,
        tid,
        uti: randomBytes(16).toString('base64url'),
        ver: '2.0',
      });
    }
    const roles = client.applicationPermissions;
    const token = await keys.sign({
      aud: GRAPH_RESOURCE,
      iss: `https://sts.windows.net/${tid}/`,
      ...life,
      app_displayname: client.displayName,
      appid: client.clientId,
      appidacr: '1',
      idtyp: 'app',
      oid: servicePrincipal,
      roles,
      sub: servicePrincipal,
      tid,
      uti: randomBytes(16).toString('base64url'),
      ver: '1.0',
    });
    graphTokens.set(token, {
      directoryTenantId: tid,
      clientId: client.clientId,
      userId: null,
      scopes: [],
      roles,
      expiresAt: now + deps.lifetimeSeconds * 1000,
      generation,
    });
    return token;
  }

  function ok(body: Record<string, unknown>, cors: Record<string, string>): SimResponse {
    return { status: 200, headers: { ...JSON_HEADERS, ...NO_STORE, ...cors }, body };
  }

  /** The client's secret, from the form (client_secret_post) or HTTP Basic (client_secret_basic). */
  function presentedSecret(form: URLSearchParams, authorization: string | undefined): string | null {
    const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
    if (basic?.[1]) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      return colon < 0 ? null : decodeURIComponent(decoded.slice(colon + 1));
    }
    return form.get('client_secret');
  }

  function clientIdOf(form: URLSearchParams, authorization: string | undefined): string {
    const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
    if (basic?.[1]) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      return decodeURIComponent(decoded.split(':')[0] ?? '');
    }
    return form.get('client_id') ?? '';
  }

  const invalidClientSecret = (cors: Record<string, string>) =>
    entraError(
      401,
      'invalid_client',
      7000215,
      'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app.',
      cors,
    );

  const notConsented = (app: SimApp, cors: Record<string, string>) =>
    entraError(
      400,
      'invalid_grant',
      65001,
      `The user or administrator has not consented to use the application with ID '${app.clientId}' named '${app.displayName}'. Send an interactive authorization request for this user and resource.`,
      { ...cors },
    );

  /** Whether the user's directory lets the client sign them in for this resource. */
  function delegatedAllowed(user: SimUser, client: SimApp, resource: Resource): boolean {
    const dir = user.directoryTenantId;
    if (!directory.consented(dir, client.clientId, 'delegated')) return false;
    // Another app's API must exist in the directory too (its service principal).
    if (resource.kind === 'api' && resource.app !== client) return directory.present(dir, resource.app.clientId);
    return true;
  }

  /**
   * The token response for a user: an access token for the scopes' resource, an ID token
   * when `openid` was asked for, a refresh token for `offline_access`, and client_info.
   */
  async function userTokenResponse(
    user: SimUser,
    client: SimApp,
    request: ScopeRequest,
    options: { spa: boolean; nonce: string | null; clientInfo: boolean; cors: Record<string, string> },
  ): Promise<SimResponse> {
    const now = Date.now();
    const body: Record<string, unknown> = {
      token_type: 'Bearer',
      scope: [...request.granted, ...[...request.oidc].filter((s) => s !== 'offline_access')].join(' '),
      expires_in: deps.lifetimeSeconds,
      ext_expires_in: deps.lifetimeSeconds,
      access_token: await userAccessToken(user, client, request, options.spa, now),
    };
    if (request.oidc.has('offline_access')) {
      const refreshToken = `1.${randomBytes(48).toString('base64url')}`;
      refreshTokens.set(refreshToken, {
        clientId: client.clientId,
        spa: options.spa,
        userId: user.id,
        directoryTenantId: user.directoryTenantId,
        scope: [...request.granted, ...request.oidc].join(' '),
        expiresAt: now + (options.spa ? SPA_REFRESH_LIFETIME_MS : REFRESH_LIFETIME_MS),
      });
      body.refresh_token = refreshToken;
      if (options.spa) body.refresh_token_expires_in = seconds(SPA_REFRESH_LIFETIME_MS);
    }
    if (request.oidc.has('openid')) body.id_token = await idToken(user, client, options.nonce, request.oidc, now);
    if (options.clientInfo) body.client_info = clientInfo(user);
    return ok(body, options.cors);
  }

  /** A public client (SPA) redeems from a browser: cross-origin, so with an Origin header. */
  function spaChecks(form: URLSearchParams, origin: string | undefined, cors: Record<string, string>) {
    if (!origin) {
      return entraError(
        400,
        'invalid_request',
        9002327,
        "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.",
        cors,
      );
    }
    if (form.get('client_secret')) {
      return entraError(
        401,
        'invalid_client',
        700025,
        "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
        cors,
      );
    }
    return null;
  }

  async function clientCredentials(
    tenant: SimTenant,
    form: URLSearchParams,
    authorization: string | undefined,
    cors: Record<string, string>,
  ): Promise<SimResponse> {
    const clientId = clientIdOf(form, authorization);
    const app = directory.findApp(clientId);
    if (!app || !directory.consented(tenant.directoryTenantId, clientId, 'application')) {
      return entraError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${tenant.directoryTenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
        cors,
      );
    }
    if (app.clientSecret === null || presentedSecret(form, authorization) !== app.clientSecret) {
      return invalidClientSecret(cors);
    }
    const scope = form.get('scope') ?? '';
    const scopes = scope.split(' ');
    const resourceName = scopes.length === 1 && scopes[0]?.endsWith('/.default') ? scopes[0].slice(0, -9) : null;
    const resolved = resourceName === null ? null : directory.resolveScopes(`${resourceName}/.default`);
    if (!resolved || !('resource' in resolved)) {
      return entraError(
        400,
        'invalid_scope',
        1002012,
        `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
        cors,
      );
    }
    const resource = resolved.resource;
    if (resource.kind === 'api' && !directory.present(tenant.directoryTenantId, resource.app.clientId)) {
      return entraError(
        400,
        'invalid_resource',
        500011,
        `The resource principal named ${resourceName ?? ''} was not found in the tenant named ${tenant.displayName}.`,
        cors,
      );
    }
    return ok(
      {
        token_type: 'Bearer',
        expires_in: deps.lifetimeSeconds,
        ext_expires_in: deps.lifetimeSeconds,
        access_token: await appAccessToken(tenant, app, resource, Date.now()),
      },
      cors,
    );
  }

  async function authorizationCode(
    segmentTenant: SimTenant | null,
    form: URLSearchParams,
    authorization: string | undefined,
    origin: string | undefined,
    cors: Record<string, string>,
  ): Promise<SimResponse> {
    const value = form.get('code') ?? '';
    const code = codes.get(value);
    const clientId = clientIdOf(form, authorization);
    if (code?.clientId !== clientId) {
      return entraError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.', cors);
    }
    if (code.used) {
      return entraError(
        400,
        'invalid_grant',
        54005,
        'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
        cors,
      );
    }
    // One attempt per code, whatever its outcome: a code is not for guessing verifiers.
    code.used = true;
    if (code.expiresAt <= Date.now()) {
      return entraError(
        400,
        'invalid_grant',
        70008,
        'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
        cors,
      );
    }
    if (segmentTenant && segmentTenant.directoryTenantId !== code.directoryTenantId) {
      return entraError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.', cors);
    }
    if ((form.get('redirect_uri') ?? '') !== code.redirectUri) {
      return entraError(
        400,
        'invalid_grant',
        500112,
        `The reply address '${form.get('redirect_uri') ?? ''}' does not match the reply address '${code.redirectUri}' provided when requesting Authorization code.`,
        cors,
      );
    }
    const app = directory.findApp(clientId);
    if (!app)
      return entraError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.', cors);
    if (code.spa) {
      const refused = spaChecks(form, origin, cors);
      if (refused) return refused;
      if (!code.codeChallenge) {
        return entraError(
          400,
          'invalid_request',
          9002325,
          'Proof Key for Code Exchange is required for cross-origin authorization code redemption.',
          cors,
        );
      }
    } else {
      const secret = presentedSecret(form, authorization);
      if (secret === null) {
        return entraError(
          401,
          'invalid_client',
          7000218,
          "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
          cors,
        );
      }
      if (secret !== app.clientSecret) return invalidClientSecret(cors);
    }
    if (code.codeChallenge !== null) {
      const verifier = form.get('code_verifier') ?? '';
      const expected = code.codeChallengeMethod === 'plain' ? verifier : s256(verifier);
      if (!verifier || expected !== code.codeChallenge) {
        return entraError(
          400,
          'invalid_grant',
          501481,
          'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
          cors,
        );
      }
    }
    const user = store.findUser(code.userId);
    if (!user)
      return entraError(400, 'invalid_grant', 50034, 'The user account does not exist in the directory.', cors);
    // The scopes of this request may name another resource than the code's (MSAL asks again).
    const request = directory.resolveScopes(form.get('scope') || code.scope);
    if (!('resource' in request)) return entraError(400, request.error, request.aadsts, request.description, cors);
    for (const scope of code.scope.split(' '))
      if (scope === 'openid' || scope === 'offline_access') request.oidc.add(scope);
    if (!delegatedAllowed(user, app, request.resource)) return notConsented(app, cors);
    return userTokenResponse(user, app, request, {
      spa: code.spa,
      nonce: code.nonce,
      clientInfo: form.get('client_info') === '1',
      cors,
    });
  }

  async function refreshTokenGrant(
    form: URLSearchParams,
    authorization: string | undefined,
    origin: string | undefined,
    cors: Record<string, string>,
  ): Promise<SimResponse> {
    const stored = refreshTokens.get(form.get('refresh_token') ?? '');
    const clientId = clientIdOf(form, authorization);
    if (stored?.clientId !== clientId) {
      return entraError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.', cors);
    }
    if (stored.expiresAt <= Date.now()) {
      return entraError(
        400,
        'invalid_grant',
        700082,
        'The refresh token has expired due to inactivity. The token was issued on a date and was inactive for the maximum inactive time.',
        cors,
      );
    }
    const app = directory.findApp(clientId);
    if (!app)
      return entraError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.', cors);
    if (stored.spa) {
      const refused = spaChecks(form, origin, cors);
      if (refused) return refused;
    } else if (presentedSecret(form, authorization) !== app.clientSecret) {
      return invalidClientSecret(cors);
    }
    const user = store.findUser(stored.userId);
    if (!user)
      return entraError(400, 'invalid_grant', 50034, 'The user account does not exist in the directory.', cors);
    const request = directory.resolveScopes(form.get('scope') || stored.scope);
    if (!('resource' in request)) return entraError(400, request.error, request.aadsts, request.description, cors);
    request.oidc.add('offline_access');
    if (!delegatedAllowed(user, app, request.resource)) return notConsented(app, cors);
    return userTokenResponse(user, app, request, {
      spa: stored.spa,
      nonce: null,
      clientInfo: form.get('client_info') === '1',
      cors,
    });
  }

  return {
    codes,

    issueCode(input: Omit<AuthorizationCode, 'expiresAt' | 'used'>): string {
      // Codes live ten minutes: forget the stale ones (a demo runs for days).
      const now = Date.now();
      for (const [value, stale] of codes) if (stale.expiresAt <= now) codes.delete(value);
      const code = `1.${randomBytes(48).toString('base64url')}`;
      codes.set(code, { ...input, expiresAt: Date.now() + CODE_LIFETIME_MS, used: false });
      return code;
    },

    /** POST /{tenant}/oauth2/v2.0/token with a form body. */
    async token(
      tenantSegment: string,
      form: URLSearchParams,
      headers: { authorization?: string; origin?: string },
      cors: Record<string, string>,
    ): Promise<SimResponse> {
      const anyTenant = ['common', 'organizations'].includes(tenantSegment.toLowerCase());
      const tenant = anyTenant ? null : store.findDirectory(tenantSegment);
      if (!anyTenant && !tenant) return tenantNotFound(tenantSegment, cors);
      switch (form.get('grant_type')) {
        case 'client_credentials':
          if (!tenant) {
            return entraError(
              400,
              'invalid_request',
              50059,
              'No tenant-identifying information found in either the request or implied by any provided credentials.',
              cors,
            );
          }
          return clientCredentials(tenant, form, headers.authorization, cors);
        case 'authorization_code':
          return authorizationCode(tenant, form, headers.authorization, headers.origin, cors);
        case 'refresh_token':
          return refreshTokenGrant(form, headers.authorization, headers.origin, cors);
        default:
          return entraError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.', cors);
      }
    },

    /** Graph's check of a bearer token: one this simulator issued for Graph, unexpired, still consented. */
    check(authorization: string | undefined): TokenCheck {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
      if (!match?.[1]) return { ok: false, message: 'Access token is empty.' };
      const token = graphTokens.get(match[1]);
      if (!token) return { ok: false, message: 'Access token validation failure. Invalid audience.' };
      if (token.generation < generation || token.expiresAt <= Date.now()) {
        return { ok: false, message: 'Access token has expired or is not yet valid.' };
      }
      const kind = token.userId === null ? 'application' : 'delegated';
      if (!directory.consented(token.directoryTenantId, token.clientId, kind)) {
        return {
          ok: false,
          message: 'Access token validation failure. The application is not authorized in this tenant.',
        };
      }
      return {
        ok: true,
        directoryTenantId: token.directoryTenantId,
        clientId: token.clientId,
        userId: token.userId,
        scopes: token.scopes,
        roles: token.roles,
      };
    },

    /** Tokens issued so far are refused from now on. */
    expireAll(): void {
      generation += 1;
    },

    newSessionState: () => randomUUID(),
  };
}

export type Tokens = ReturnType<typeof createTokens>;
