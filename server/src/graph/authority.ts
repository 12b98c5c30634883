// How MSAL (msal-node) is pointed at an Entra authority: Microsoft's hosts as they
// are, any other host (a national cloud we do not list, the Graph simulator) trusted as
// configured, with its metadata given so MSAL skips Microsoft's instance discovery;
// and where MSAL logs.
import { LogLevel, type NodeAuthOptions, type NodeSystemOptions } from '@azure/msal-node';
import { isMicrosoftAuthorityHost } from '../config.ts';
import type { Logger } from '../shared/log.ts';

/**
 * The authority options for a tenant segment (a directory id, `organizations`,
 * `common`). The issuer of a multi-tenant segment is Entra's template,
 * `<host>/{tenantid}/v2.0`, as its own metadata says.
 */
export function msalAuthority(
  authorityHost: string,
  tenantSegment: string,
): Pick<NodeAuthOptions, 'authority' | 'knownAuthorities' | 'authorityMetadata'> {
  const host = authorityHost.replace(/\/$/, '');
  const authority = `${host}/${encodeURIComponent(tenantSegment)}`;
  if (isMicrosoftAuthorityHost(host)) return { authority };
  const multiTenant = ['organizations', 'common', 'consumers'].includes(tenantSegment);
  return {
    authority,
    knownAuthorities: [new URL(host).host],
    authorityMetadata: JSON.stringify({
      token_endpoint: `${authority}/oauth2/v2.0/token`,
      authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
      issuer: multiTenant ? `${host}/{tenantid}/v2.0` : `${authority}/v2.0`,
      jwks_uri: `${authority}/discovery/v2.0/keys`,
    }),
  };
}

/** MSAL's own log: warnings and worse, nothing that holds personal data, into ours at debug. */
export function msalSystemOptions(log: Logger): NodeSystemOptions {
  return {
    loggerOptions: {
      piiLoggingEnabled: false,
      logLevel: LogLevel.Warning,
      loggerCallback: (_level, message, containsPii) => {
        if (!containsPii) log.debug({ msal: message }, 'msal');
      },
    },
  };
}
