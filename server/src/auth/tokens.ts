// Bearer token verification. Development tokens and Microsoft Entra ID tokens go
// through the same code: jose checks signature, algorithm, audience, expiry and
// not-before, then the issuer is checked against the token's own tenant claim (`tid`),
// as a multi-tenant Entra app must. Only the key source, the issuer template and what
// else a token must carry differ. Refusals are 401 UNAUTHENTICATED; the token itself
// is never logged or echoed.
//
// A token verified once is taken as verified until it expires (at most
// MAX_CACHED_SECONDS): the pane sends the same token with every request, and checking
// its signature each time was a tenth of the server's CPU on the lookup (issue 10).
// The cache is bounded (least recently used out), keyed by the token's SHA-256, never
// the token itself; refusals are not cached. Who the user is and their role are still
// read from the database on every request (crm/tenants, resolvePrincipal).
import { hash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { createRemoteJWKSet, errors, jwtVerify, SignJWT, type CryptoKey, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { DEV_TOKEN_AUDIENCE, DEV_TOKEN_ISSUER, isMicrosoftAuthorityHost, type Config } from '../config.ts';
import { AppError } from '../shared/errors.ts';
import { DEV_KEY_ALG, type DevKey } from './dev-key.ts';

/** Leeway for clocks that disagree (Microsoft's libraries allow 5 minutes; one is plenty). */
const CLOCK_TOLERANCE_SECONDS = 60;
/** Entra's key set: fetched with this timeout, */
const JWKS_TIMEOUT_MS = 5_000;
/** refetched at least this often (Entra announces a new key weeks before it signs with it), */
const JWKS_MAX_AGE_MS = 6 * 3600_000;
/**
 * and refetched at once for a token with an unknown `kid` (a key rolled over early), but
 * at most once per this long: a forged kid must not make us hammer Entra.
 */
export const JWKS_COOLDOWN_MS = 30_000;
/**
 * A verified token is trusted again without checking for at most this long (and never
 * past its expiry): a key Entra withdraws stops vouching for its tokens within it.
 */
export const MAX_CACHED_SECONDS = 10 * 60;
/** Verified tokens remembered, least recently used out: a few per active user. */
export const MAX_CACHED_TOKENS = 10_000;

const UserAddress = z
  .string()
  .trim()
  .max(320)
  .regex(/^[^@\s]+@[^@\s]+$/u, 'an email address');

const TokenClaims = z.object({
  tid: z.string().min(1).max(200),
  oid: z.string().min(1).max(200).optional(),
  // Internationalised addresses (მიშა@example.ge) are addresses: checked for shape only here,
  // canonicalised where the user is resolved (crm/tenants).
  preferred_username: UserAddress.optional(),
  email: UserAddress.optional(),
  upn: UserAddress.optional(),
  name: z.string().max(500).optional(),
  roles: z.array(z.string()).optional(),
  scp: z.string().optional(),
  /** Entra's optional token-type claim: `app` for app-only tokens, `user` for delegated ones. */
  idtyp: z.string().optional(),
});
type TokenClaims = z.infer<typeof TokenClaims>;

export type VerifiedClaims = {
  /** The tenant claim: an Entra tenant id, or a tenant slug for dev tokens. */
  tenant: string;
  /** The user's immutable id (Entra `oid`); dev tokens have none. */
  objectId: string | undefined;
  email: string;
  name: string | undefined;
  /**
   * Dev tokens only, from their `roles` claim. Entra tokens carry none: roles live in the
   * database, set by the tenant's admins (crm/tenants).
   */
  role?: 'admin' | 'member';
};

export type TokenVerifier = (token: string) => Promise<VerifiedClaims>;

type VerifierOptions = {
  key: CryptoKey | JWTVerifyGetKey;
  algorithms: string[];
  audience: string;
  /** The issuers accepted for a token of this tenant. */
  issuersFor: (tenant: string) => string[];
  /** Extra checks on the claims: the reason to refuse the token, or null to accept it. */
  refuse?: (claims: TokenClaims) => string | null;
  /** Whether the token's `roles` claim says who is an admin (dev tokens) or not (Entra). */
  rolesFromToken: boolean;
  /** The verified-token cache and its clock (tests): see the top of this file. */
  cache?: { maxTokens?: number; now?: () => number };
};

/** What a client may be told about a refused token (no claim values, no token). */
function refusal(cause: unknown): string {
  if (cause instanceof errors.JWTExpired) return 'The bearer token has expired';
  if (cause instanceof errors.JWTClaimValidationFailed) {
    if (cause.claim === 'nbf') return 'The bearer token is not valid yet';
    if (cause.claim === 'aud') return 'The bearer token is not for this API';
  }
  return 'The bearer token is not valid';
}

export function createTokenVerifier(options: VerifierOptions): TokenVerifier {
  // Date.now looked up at each call, not captured: a test may replace Date (vi.useFakeTimers).
  const now = options.cache?.now ?? (() => Date.now());
  const verified = new LRUCache<string, Readonly<VerifiedClaims>>({
    max: options.cache?.maxTokens ?? MAX_CACHED_TOKENS,
    perf: { now },
    // Expiry checked against the clock on every read, not a reading up to 1 ms old.
    ttlResolution: 0,
  });
  const verifyUncached = async (token: string): Promise<{ claims: VerifiedClaims; expiresAt: number }> => {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, options.key as JWTVerifyGetKey, {
        currentDate: new Date(now()),
        algorithms: options.algorithms,
        audience: options.audience,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'iss', 'tid'],
      }));
    } catch (cause) {
      throw new AppError('UNAUTHENTICATED', 401, refusal(cause), { cause });
    }
    const parsed = TokenClaims.safeParse(payload);
    if (!parsed.success) throw new AppError('UNAUTHENTICATED', 401, 'The bearer token is not valid');
    const claims = parsed.data;
    if (!options.issuersFor(claims.tid).includes(String(payload.iss))) {
      throw new AppError('UNAUTHENTICATED', 401, 'The bearer token is not from the issuer of its tenant');
    }
    const refused = options.refuse?.(claims) ?? null;
    if (refused !== null) throw new AppError('UNAUTHENTICATED', 401, refused);
    const email = claims.preferred_username ?? claims.email ?? claims.upn;
    if (!email) throw new AppError('UNAUTHENTICATED', 401, 'The bearer token names no user');
    return {
      claims: {
        tenant: claims.tid,
        objectId: claims.oid,
        email: email.toLowerCase(),
        name: claims.name,
        ...(options.rolesFromToken ? { role: claims.roles?.includes('admin') ? 'admin' : 'member' } : {}),
      },
      // requiredClaims: jose has checked that exp is a number.
      expiresAt: Number(payload.exp) * 1000,
    };
  };
  return async (token) => {
    const key = hash('sha256', token, 'base64url');
    const hit = verified.get(key);
    if (hit) return hit;
    const { claims, expiresAt } = await verifyUncached(token);
    const frozen = Object.freeze(claims);
    const ttl = Math.min(expiresAt - now(), MAX_CACHED_SECONDS * 1000);
    // A token accepted within the clock tolerance after its expiry is not kept.
    if (ttl >= 1) verified.set(key, frozen, { ttl: Math.floor(ttl) });
    return frozen;
  };
}

export type TokenCacheOptions = VerifierOptions['cache'];

export function createDevTokenVerifier(key: DevKey, cache?: TokenCacheOptions): TokenVerifier {
  return createTokenVerifier({
    cache,
    key: key.publicKey,
    algorithms: [DEV_KEY_ALG],
    audience: DEV_TOKEN_AUDIENCE,
    issuersFor: () => [DEV_TOKEN_ISSUER],
    rolesFromToken: true,
  });
}

/**
 * Microsoft Entra ID access tokens for this API (v2): signed with RS256 by a key of the
 * configured key set; for our audience; from `<authority host>/<tid>/v2.0` for the token's
 * own `tid` (and, against Microsoft's own authority, the v1 `https://sts.windows.net/<tid>/`);
 * a user (`oid`) who delegated our scope (`scp` holds the scope name of config.auth.apiScope).
 * ID tokens, tokens for other APIs and app-only tokens are refused. `key` replaces the
 * remote key set in tests.
 */
export function createEntraTokenVerifier(
  auth: Extract<Config['auth'], { mode: 'entra' }>,
  key: CryptoKey | JWTVerifyGetKey = createRemoteJWKSet(new URL(auth.jwksUrl), {
    timeoutDuration: JWKS_TIMEOUT_MS,
    cooldownDuration: JWKS_COOLDOWN_MS,
    cacheMaxAge: JWKS_MAX_AGE_MS,
  }),
  cache?: TokenCacheOptions,
): TokenVerifier {
  const authority = auth.authorityHost.replace(/\/$/, '');
  const v1Too = isMicrosoftAuthorityHost(authority);
  const scope = auth.apiScope.slice(auth.apiScope.lastIndexOf('/') + 1);
  return createTokenVerifier({
    cache,
    key,
    algorithms: ['RS256'],
    audience: auth.audience,
    issuersFor: (tid) => [`${authority}/${tid}/v2.0`, ...(v1Too ? [`https://sts.windows.net/${tid}/`] : [])],
    refuse: (claims) => {
      if (claims.idtyp === 'app' || claims.scp === undefined) return "The bearer token is not a signed-in user's";
      if (!claims.oid) return 'The bearer token names no user';
      if (!claims.scp.split(' ').includes(scope)) return `The bearer token does not grant the scope ${scope}`;
      return null;
    },
    rolesFromToken: false,
  });
}

export type DevTokenInput = {
  tenant: string;
  email: string;
  name?: string;
  role?: 'admin' | 'member';
  /** Lifetime in seconds. */
  ttlSeconds?: number;
};

export async function signDevToken(key: DevKey, input: DevTokenInput): Promise<string> {
  return new SignJWT({
    tid: input.tenant,
    preferred_username: input.email,
    name: input.name ?? input.email.split('@')[0],
    roles: [input.role ?? 'member'],
  })
    .setProtectedHeader({ alg: DEV_KEY_ALG, kid: key.kid, typ: 'JWT' })
    .setIssuer(DEV_TOKEN_ISSUER)
    .setAudience(DEV_TOKEN_AUDIENCE)
    .setSubject(input.email)
    .setIssuedAt()
    .setExpirationTime(`${input.ttlSeconds ?? 8 * 3600}s`)
    .sign(key.privateKey);
}
