// How this server signs people in (GET /api/v1/auth/config, open to anyone): the
// development sign-in, or Microsoft Entra ID with the product's app registration.
// The pane and the console pick their token source from it at start.
import { ApiError } from './errors.ts';
import type { AuthConfig } from './schema.d.ts';

/** The server's answer (generated from its route: dev, or entra with the app, authority, scope and trusted hosts). */
export type { AuthConfig };

const isString = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const isHttpsUrl = (value: unknown): value is string => isString(value) && URL.parse(value)?.protocol === 'https:';

/** The server's answer, checked field by field (a plain check: zod would cost the pane's first paint). */
export function parseAuthConfig(value: unknown): AuthConfig | null {
  if (typeof value !== 'object' || value === null) return null;
  const body = value as Record<string, unknown>;
  if (body.mode === 'dev') return { mode: 'dev' };
  if (body.mode !== 'entra') return null;
  const { clientId, authority, apiScope, knownAuthorities } = body;
  if (!isString(clientId) || !isHttpsUrl(authority) || !isString(apiScope)) return null;
  const known = knownAuthorities ?? [];
  if (!Array.isArray(known) || !known.every(isString)) return null;
  return { mode: 'entra', clientId, authority, apiScope, knownAuthorities: known };
}

export async function fetchAuthConfig(origin: string, fetchImpl: typeof fetch = fetch): Promise<AuthConfig> {
  let res: Response;
  try {
    res = await fetchImpl(`${origin}/api/v1/auth/config`, { headers: { accept: 'application/json' } });
  } catch {
    throw new ApiError('offline', null);
  }
  if (!res.ok) throw new ApiError('server', res.status, 'AUTH_CONFIG_UNAVAILABLE');
  const config = parseAuthConfig(await res.json().catch(() => null));
  if (!config) throw new ApiError('server', res.status, 'AUTH_CONFIG_UNAVAILABLE');
  return config;
}

/**
 * MSAL compares knownAuthorities with an authority's host and port ("login.example.com",
 * "127.0.0.1:8443"); the server may name them as URLs.
 */
export function authorityHosts(known: string[]): string[] {
  return known.map((entry) => URL.parse(entry)?.host || entry);
}
