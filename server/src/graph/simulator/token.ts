// The Entra ID (login.microsoftonline.com) side: the client-credentials token endpoint,
// the OpenID metadata and instance discovery MSAL reads, and the access-token registry
// Graph routes check. Tokens look like JWTs (unsigned; clients must treat them as opaque)
// and are looked up in the registry, so they can be expired or revoked on demand.
import { randomUUID } from 'node:crypto';
import type { SimResponse } from './responses.ts';
import type { SimTenant } from './store.ts';

export const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';

type IssuedToken = {
  directoryTenantId: string;
  clientId: string;
  issuedAt: number;
  expiresAt: number;
  generation: number;
};

export type TokenCheck = { ok: true; directoryTenantId: string; clientId: string } | { ok: false; message: string };

function entraError(status: number, error: string, aadsts: number, description: string): SimResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z';
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'x-ms-request-id': traceId },
    body: {
      error,
      error_description: `AADSTS${aadsts}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [aadsts],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${aadsts}`,
    },
  };
}

/** An Entra-shaped error for an injected fault on the token endpoint. */
export function tokenFaultResponse(status: number, code: string | undefined, message: string | undefined): SimResponse {
  return entraError(
    status,
    code ?? 'temporarily_unavailable',
    50196,
    message ?? 'The server is temporarily unavailable.',
  );
}

export function createTokenIssuer(deps: {
  tenants: Map<string, SimTenant>;
  lifetimeSeconds: number;
  url: () => string;
}) {
  const issued = new Map<string, IssuedToken>();
  let generation = 0;

  function accessToken(tenant: SimTenant, now: number): string {
    const exp = Math.floor(now / 1000) + deps.lifetimeSeconds;
    const header = Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'none' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({
        aud: 'https://graph.microsoft.com',
        iss: `https://sts.windows.net/${tenant.directoryTenantId}/`,
        iat: Math.floor(now / 1000),
        exp,
        appid: tenant.clientId,
        tid: tenant.directoryTenantId,
        roles: ['Mail.Read', 'User.Read.All'],
        jti: randomUUID(),
      }),
    ).toString('base64url');
    return `${header}.${payload}.${randomUUID().replace(/-/g, '')}`;
  }

  return {
    /** POST /{tenant}/oauth2/v2.0/token with a form body. */
    token(tenantSegment: string, form: URLSearchParams): SimResponse {
      const tenant = deps.tenants.get(tenantSegment);
      if (!tenant) {
        return entraError(
          400,
          'invalid_request',
          90002,
          `Tenant '${tenantSegment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
        );
      }
      if (form.get('grant_type') !== 'client_credentials') {
        return entraError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
      }
      const clientId = form.get('client_id') ?? '';
      if (clientId !== tenant.clientId || tenant.consentRevoked) {
        return entraError(
          400,
          'unauthorized_client',
          700016,
          `Application with identifier '${clientId}' was not found in the directory '${tenant.directoryTenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
        );
      }
      if (form.get('client_secret') !== tenant.clientSecret) {
        return entraError(
          401,
          'invalid_client',
          7000215,
          'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app.',
        );
      }
      const scopes = (form.get('scope') ?? '').split(' ');
      if (!scopes.includes(GRAPH_DEFAULT_SCOPE)) {
        return entraError(
          400,
          'invalid_scope',
          1002012,
          `The provided value for scope ${form.get('scope') ?? ''} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
        );
      }
      const now = Date.now();
      const token = accessToken(tenant, now);
      issued.set(token, {
        directoryTenantId: tenant.directoryTenantId,
        clientId,
        issuedAt: now,
        expiresAt: now + deps.lifetimeSeconds * 1000,
        generation,
      });
      return {
        status: 200,
        headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store, no-cache' },
        body: {
          token_type: 'Bearer',
          expires_in: deps.lifetimeSeconds,
          ext_expires_in: deps.lifetimeSeconds,
          access_token: token,
        },
      };
    },

    /** GET /{tenant}/v2.0/.well-known/openid-configuration */
    openidConfiguration(tenantSegment: string): SimResponse {
      const base = `${deps.url()}/${tenantSegment}`;
      return {
        status: 200,
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
        body: {
          token_endpoint: `${base}/oauth2/v2.0/token`,
          token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
          jwks_uri: `${deps.url()}/${tenantSegment}/discovery/v2.0/keys`,
          response_modes_supported: ['query', 'fragment', 'form_post'],
          subject_types_supported: ['pairwise'],
          id_token_signing_alg_values_supported: ['RS256'],
          response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
          scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
          issuer: `${deps.url()}/${tenantSegment}/v2.0`,
          request_uri_parameter_supported: false,
          userinfo_endpoint: `${deps.url()}/oidc/userinfo`,
          authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
          device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
          http_logout_supported: true,
          frontchannel_logout_supported: true,
          end_session_endpoint: `${base}/oauth2/v2.0/logout`,
          claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'tid'],
          tenant_region_scope: 'EU',
          cloud_instance_name: 'microsoftonline.com',
          cloud_graph_host_name: 'graph.windows.net',
          msgraph_host: 'graph.microsoft.com',
        },
      };
    },

    /** GET /common/discovery/instance: this host is its own (only) cloud. */
    instanceDiscovery(): SimResponse {
      const host = new URL(deps.url()).host;
      return {
        status: 200,
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
        body: {
          tenant_discovery_endpoint: `${deps.url()}/common/v2.0/.well-known/openid-configuration`,
          'api-version': '1.1',
          metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
        },
      };
    },

    check(authorization: string | undefined): TokenCheck {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
      if (!match?.[1]) return { ok: false, message: 'Access token is empty.' };
      const token = issued.get(match[1]);
      if (!token) return { ok: false, message: 'Access token validation failure. Invalid audience.' };
      if (token.generation < generation || token.expiresAt <= Date.now()) {
        return { ok: false, message: 'Access token has expired or is not yet valid.' };
      }
      if (deps.tenants.get(token.directoryTenantId)?.consentRevoked !== false) {
        return {
          ok: false,
          message: 'Access token validation failure. The application is not authorized in this tenant.',
        };
      }
      return { ok: true, directoryTenantId: token.directoryTenantId, clientId: token.clientId };
    },

    /** Tokens issued so far are refused from now on. */
    expireAll(): void {
      generation += 1;
    },
  };
}

export type TokenIssuer = ReturnType<typeof createTokenIssuer>;
