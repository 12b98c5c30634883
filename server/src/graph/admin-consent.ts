// The Entra side of onboarding a company: the product's own app registration (a
// multi-tenant confidential client) asks a directory's admin to consent for the whole
// organisation (authorization code flow with prompt=admin_consent, PKCE, state and
// nonce), redeems the code through MSAL (which checks the ID token's nonce), and reads
// the directory's name and verified domains from Graph with the delegated token. The
// mail sync is a second app registration with an application permission (Mail.Read):
// its consent is Entra's /adminconsent page, which returns no code, only a verdict.
import { AuthError, ConfidentialClientApplication, CryptoProvider } from '@azure/msal-node';
import { Client, GraphError } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import type { Logger } from '../shared/log.ts';
import { msalAuthority, msalSystemOptions } from './authority.ts';
import { GRAPH_DEFAULT_SCOPE } from './app-tokens.ts';

/** What the sign-in itself needs: who the admin is, and the directory's profile. */
const SIGN_IN_SCOPES = ['openid', 'profile', 'offline_access', 'User.Read'];
/** The sync's application permissions, as its app registration requests them. */
const SYNC_PERMISSIONS = ['Mail.Read'];
const GRAPH_TIMEOUT_MS = 10_000;

/** The admin who consented, as the ID token and the token response name them. */
export type ConsentingAdmin = {
  directoryTenantId: string;
  objectId: string;
  name: string | null;
  /** The sign-in name (preferred_username), usually the address. */
  username: string | null;
  /** A delegated Graph token (User.Read): for readOrganization only, never kept. */
  graphToken: string;
};

export type DirectoryOrganization = { id: string; displayName: string; verifiedDomains: string[] };

/** Entra or Graph refused or failed; `code` is Entra's or MSAL's error code (never a token or a message). */
export class AdminConsentFailure extends Error {
  override readonly name = 'AdminConsentFailure';
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export type AdminConsentOptions = {
  /** https://login.microsoftonline.com, or a stand-in's address. */
  authorityHost: string;
  /** The product's app registration. */
  clientId: string;
  clientSecret: string;
  /** The API's delegated scope (api://…/access_as_user): consented for the organisation with the sign-in. */
  apiScope: string;
  graphBaseUrl: string;
  /** The sync's app registration, when this server runs a sync against Microsoft Graph. */
  syncClientId: string | undefined;
  log: Logger;
};

export type AdminConsent = ReturnType<typeof createAdminConsent>;

const Organization = z.object({
  value: z
    .array(
      z.object({
        id: z.string().min(1),
        displayName: z.string().nullish(),
        verifiedDomains: z
          .array(z.object({ name: z.string().min(1), isDefault: z.boolean().nullish() }))
          .nullish()
          .transform((domains) => domains ?? []),
      }),
    )
    .min(1),
});

export function createAdminConsent(options: AdminConsentOptions) {
  const newApp = () =>
    new ConfidentialClientApplication({
      auth: {
        clientId: options.clientId,
        clientSecret: options.clientSecret,
        // Any work or school directory may sign in: the admin's own is found from the token.
        ...msalAuthority(options.authorityHost, 'organizations'),
      },
      system: msalSystemOptions(options.log),
    });
  // Building sign-in URLs shares one app (and its cached metadata of Entra).
  const app = newApp();
  const crypto = new CryptoProvider();
  const graphBase = new URL(options.graphBaseUrl);
  const authorityHost = options.authorityHost.replace(/\/$/, '');

  return {
    /** The delegated permissions an admin grants for the organisation. */
    delegatedScopes: [...SIGN_IN_SCOPES, options.apiScope],
    /** The sync's application permissions. */
    syncPermissions: SYNC_PERMISSIONS,
    syncAvailable: Boolean(options.syncClientId),

    /** A PKCE pair (RFC 7636, S256): the verifier stays with the browser's sealed cookie. */
    newPkce: () => crypto.generatePkceCodes(),

    /** Entra's sign-in page, asking the admin to consent for the organisation. */
    signInUrl(request: { redirectUri: string; state: string; nonce: string; codeChallenge: string }) {
      return app.getAuthCodeUrl({
        scopes: ['User.Read'],
        // One token is for one resource: the API's scope is consented now and requested later by the pane.
        extraScopesToConsent: [options.apiScope],
        redirectUri: request.redirectUri,
        responseMode: 'query',
        prompt: 'admin_consent',
        state: request.state,
        nonce: request.nonce,
        codeChallenge: request.codeChallenge,
        codeChallengeMethod: 'S256',
      });
    },

    /**
     * Redeems the code; MSAL checks the ID token's nonce. Each redemption has an app of its
     * own: MSAL, made for one user's client, keeps the accounts it signs in and, after a 429
     * or 5xx, refuses every request like the failed one for a while; a server redeeming
     * many admins' codes must neither keep their tokens nor let one outage lock out the next.
     */
    async redeem(request: {
      code: string;
      redirectUri: string;
      codeVerifier: string;
      nonce: string;
    }): Promise<ConsentingAdmin> {
      let result;
      try {
        result = await newApp().acquireTokenByCode({
          code: request.code,
          redirectUri: request.redirectUri,
          scopes: ['User.Read'],
          codeVerifier: request.codeVerifier,
          nonce: request.nonce,
        });
      } catch (error) {
        if (error instanceof AuthError) {
          throw new AdminConsentFailure(error.errorCode || 'unknown', 'Entra refused the sign-in', { cause: error });
        }
        throw new AdminConsentFailure('unreachable', 'Entra could not be reached', { cause: error });
      }
      const claims = result.idTokenClaims as {
        tid?: unknown;
        oid?: unknown;
        name?: unknown;
        preferred_username?: unknown;
      };
      const tid = typeof claims.tid === 'string' ? claims.tid : '';
      const oid = typeof claims.oid === 'string' ? claims.oid : '';
      if (!tid || !oid || !result.accessToken) {
        throw new AdminConsentFailure('incomplete_response', 'The sign-in named no directory or user');
      }
      return {
        directoryTenantId: tid,
        objectId: oid,
        name: typeof claims.name === 'string' ? claims.name : null,
        username: typeof claims.preferred_username === 'string' ? claims.preferred_username : null,
        graphToken: result.accessToken,
      };
    },

    /** The signed-in admin's directory: `GET /v1.0/organization` with the delegated token. */
    async readOrganization(graphToken: string): Promise<DirectoryOrganization> {
      const client = Client.init({
        authProvider: (done) => done(null, graphToken),
        baseUrl: `${graphBase.origin}/`,
        // The client sends the token only to hosts it knows: Graph's own, and this one.
        customHosts: new Set([graphBase.hostname]),
        defaultVersion: 'v1.0',
        fetchOptions: { signal: AbortSignal.timeout(GRAPH_TIMEOUT_MS) },
      });
      let body: unknown;
      try {
        body = await client.api('/organization').select(['id', 'displayName', 'verifiedDomains']).get();
      } catch (error) {
        const code = error instanceof GraphError ? (error.code ?? `http_${error.statusCode}`) : 'unreachable';
        throw new AdminConsentFailure(code, 'Graph did not give the organisation', { cause: error });
      }
      const organization = Organization.safeParse(body).data?.value[0];
      if (!organization) throw new AdminConsentFailure('unexpected_response', 'Graph gave no organisation');
      const domains = organization.verifiedDomains;
      const defaultDomain = domains.find((d) => d.isDefault)?.name ?? domains[0]?.name;
      return {
        id: organization.id,
        displayName: organization.displayName?.trim() || defaultDomain || organization.id,
        verifiedDomains: [...new Set(domains.map((d) => d.name.toLowerCase()))],
      };
    },

    /**
     * Entra's admin-consent page for the sync's application permissions in one
     * directory; null when this server has no sync app.
     */
    syncConsentUrl(request: { directoryTenantId: string; redirectUri: string; state: string }): string | null {
      if (!options.syncClientId) return null;
      const url = new URL(`${authorityHost}/${encodeURIComponent(request.directoryTenantId)}/v2.0/adminconsent`);
      url.searchParams.set('client_id', options.syncClientId);
      url.searchParams.set('scope', GRAPH_DEFAULT_SCOPE);
      url.searchParams.set('redirect_uri', request.redirectUri);
      url.searchParams.set('state', request.state);
      return url.toString();
    },
  };
}
