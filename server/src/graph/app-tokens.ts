// App-only access tokens (client credentials) per directory tenant, through MSAL:
// it caches each token and fetches a new one shortly before it expires.
import { AuthError, ConfidentialClientApplication } from '@azure/msal-node';
import type { Logger } from '../shared/log.ts';
import { msalAuthority, msalSystemOptions } from './authority.ts';
import { classifyFailure, GraphFailure } from './graph-errors.ts';

export const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';

export type AppTokens = {
  /** A valid token for the directory; `fresh` skips MSAL's cache (after Graph refused the cached one). */
  get(directoryTenantId: string, fresh?: boolean): Promise<string>;
};

export function createAppTokens(options: {
  /** https://login.microsoftonline.com, or a stand-in's address. */
  authorityHost: string;
  clientId: string;
  clientSecret: string;
  log: Logger;
  now?: () => Date;
}): AppTokens {
  const apps = new Map<string, ConfidentialClientApplication>();
  const appFor = (directoryTenantId: string) => {
    let app = apps.get(directoryTenantId);
    if (!app) {
      app = new ConfidentialClientApplication({
        auth: {
          clientId: options.clientId,
          clientSecret: options.clientSecret,
          ...msalAuthority(options.authorityHost, directoryTenantId),
        },
        system: msalSystemOptions(options.log),
      });
      apps.set(directoryTenantId, app);
    }
    return app;
  };
  return {
    async get(directoryTenantId, fresh = false) {
      let result;
      try {
        result = await appFor(directoryTenantId).acquireTokenByClientCredential({
          scopes: [GRAPH_DEFAULT_SCOPE],
          skipCache: fresh,
        });
      } catch (error) {
        throw tokenFailure(error, options.now?.() ?? new Date());
      }
      if (!result?.accessToken) throw new GraphFailure('TEMPORARY', 0, null, 'The token endpoint returned no token');
      return result.accessToken;
    },
  };
}

/** MSAL's errors: Entra refusing the app means an admin must act; the rest is temporary. */
function tokenFailure(error: unknown, now: Date): GraphFailure {
  if (error instanceof AuthError) {
    // Entra answered (ServerError, with or without its status): 400 unless told; no answer: 0.
    const answered = error.name === 'ServerError';
    const given = 'status' in error && typeof error.status === 'number' ? error.status : 0;
    const status = given || (answered ? 400 : 0);
    const failure = classifyFailure({ status, code: error.errorCode, message: error.errorMessage }, now);
    // A refused client is AUTH_REVOKED whatever the status; a network failure has no code.
    const kind = failure.kind === 'PERMANENT' || failure.kind === 'NOT_FOUND' ? 'AUTH_REVOKED' : failure.kind;
    return new GraphFailure(
      kind,
      status,
      error.errorCode || null,
      `token: ${error.errorCode}: ${error.errorMessage.split('\n')[0] ?? ''}`,
      failure.retryAfterMs,
      { cause: error },
    );
  }
  return new GraphFailure('TEMPORARY', 0, null, `token: ${(error as Error).message}`, null, { cause: error });
}
