// What clients read before they sign anyone in: the OpenID Connect metadata (per tenant,
// and for common/organizations with Microsoft's literal `{tenantid}` issuer), the signing
// keys, and instance discovery.
import type { SimResponse } from '../responses.ts';
import type { Store } from '../store.ts';
import { tenantNotFound } from './entra-errors.ts';
import type { SigningKeys } from './signing-keys.ts';

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8' };
export const ANY_TENANT = new Set(['common', 'organizations']);

export function createDiscovery(deps: { store: Store; keys: SigningKeys; url: () => string }) {
  /** The tenant part of issuers and endpoints: the directory's id, or common/organizations as given. */
  function resolve(segment: string): { path: string; issuerTenant: string } | null {
    if (ANY_TENANT.has(segment.toLowerCase())) return { path: segment.toLowerCase(), issuerTenant: '{tenantid}' };
    const tenant = deps.store.findDirectory(segment);
    return tenant ? { path: tenant.directoryTenantId, issuerTenant: tenant.directoryTenantId } : null;
  }

  return {
    /** GET /{tenant}/v2.0/.well-known/openid-configuration */
    openidConfiguration(segment: string, cors: Record<string, string>): SimResponse {
      const found = resolve(segment);
      if (!found) return tenantNotFound(segment, cors);
      const url = deps.url();
      const base = `${url}/${found.path}`;
      return {
        status: 200,
        headers: { ...JSON_HEADERS, ...cors },
        body: {
          token_endpoint: `${base}/oauth2/v2.0/token`,
          token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
          jwks_uri: `${base}/discovery/v2.0/keys`,
          response_modes_supported: ['query', 'fragment', 'form_post'],
          subject_types_supported: ['pairwise'],
          id_token_signing_alg_values_supported: ['RS256'],
          response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
          scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
          issuer: `${url}/${found.issuerTenant}/v2.0`,
          request_uri_parameter_supported: false,
          userinfo_endpoint: `${url}/oidc/userinfo`,
          authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
          device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
          http_logout_supported: true,
          frontchannel_logout_supported: true,
          end_session_endpoint: `${base}/oauth2/v2.0/logout`,
          claims_supported: [
            'sub',
            'iss',
            'cloud_instance_name',
            'cloud_instance_host_name',
            'cloud_graph_host_name',
            'msgraph_host',
            'aud',
            'exp',
            'iat',
            'auth_time',
            'acr',
            'nonce',
            'preferred_username',
            'name',
            'tid',
            'ver',
            'at_hash',
            'c_hash',
            'email',
          ],
          kerberos_endpoint: `${base}/kerberos`,
          tenant_region_scope: found.issuerTenant === '{tenantid}' ? null : 'EU',
          cloud_instance_name: 'microsoftonline.com',
          cloud_graph_host_name: 'graph.windows.net',
          msgraph_host: 'graph.microsoft.com',
          rbac_url: 'https://pas.windows.net',
        },
      };
    },

    /** GET /{tenant}/discovery/v2.0/keys */
    keys(segment: string, cors: Record<string, string>): SimResponse {
      const found = resolve(segment);
      if (!found) return tenantNotFound(segment, cors);
      return {
        status: 200,
        headers: { ...JSON_HEADERS, ...cors },
        body: deps.keys.jwks(`${deps.url()}/${found.issuerTenant}/v2.0`),
      };
    },

    /** GET /common/discovery/instance: this host is its own (only) cloud. */
    instanceDiscovery(cors: Record<string, string>): SimResponse {
      const host = new URL(deps.url()).host;
      return {
        status: 200,
        headers: { ...JSON_HEADERS, ...cors },
        body: {
          tenant_discovery_endpoint: `${deps.url()}/common/v2.0/.well-known/openid-configuration`,
          'api-version': '1.1',
          metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
        },
      };
    },
  };
}
