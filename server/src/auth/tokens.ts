// Bearer token verification. Development tokens and Microsoft Entra ID tokens go
// through the same code: jose checks signature, algorithm, audience and expiry,
// then the issuer is checked against the token's own tenant claim (`tid`), as a
// multi-tenant Entra app must. Only the key source and the issuer template differ.
import { createRemoteJWKSet, jwtVerify, SignJWT, type CryptoKey, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { DEV_TOKEN_AUDIENCE, DEV_TOKEN_ISSUER, type Config } from '../config.ts';
import { AppError } from '../shared/errors.ts';
import { DEV_KEY_ALG, type DevKey } from './dev-key.ts';

const ENTRA_JWKS_URL = 'https://login.microsoftonline.com/common/discovery/v2.0/keys';
const CLOCK_TOLERANCE_SECONDS = 60;

const UserAddress = z
  .string()
  .trim()
  .max(320)
  .regex(/^[^@\s]+@[^@\s]+$/u, 'an email address');

const TokenClaims = z.object({
  tid: z.string().min(1),
  oid: z.string().min(1).optional(),
  // Internationalised addresses (მიშა@example.ge) are addresses: checked for shape only here,
  // canonicalised where the user is resolved (crm/tenants).
  preferred_username: UserAddress.optional(),
  email: UserAddress.optional(),
  upn: UserAddress.optional(),
  name: z.string().optional(),
  roles: z.array(z.string()).optional(),
  scp: z.string().optional(),
});
type TokenClaims = z.infer<typeof TokenClaims>;

export type VerifiedClaims = {
  /** The tenant claim: an Entra tenant id, or a tenant slug for dev tokens. */
  tenant: string;
  /** The user's immutable id (Entra `oid`); dev tokens have none. */
  objectId: string | undefined;
  email: string;
  name: string | undefined;
  /** From the `roles` claim; a token without one is a member's (Entra omits it when no role is assigned). */
  role: 'admin' | 'member';
};

export type TokenVerifier = (token: string) => Promise<VerifiedClaims>;

type VerifierOptions = {
  key: CryptoKey | JWTVerifyGetKey;
  algorithms: string[];
  audience: string;
  /** The issuers accepted for a token of this tenant. */
  issuersFor: (tenant: string) => string[];
  /** Extra checks on the claims; false refuses the token. */
  accept?: (claims: TokenClaims) => boolean;
};

export function createTokenVerifier(options: VerifierOptions): TokenVerifier {
  return async (token) => {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, options.key as JWTVerifyGetKey, {
        algorithms: options.algorithms,
        audience: options.audience,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'iss', 'tid'],
      }));
    } catch (cause) {
      throw new AppError('UNAUTHENTICATED', 401, 'The bearer token is not valid', { cause });
    }
    const parsed = TokenClaims.safeParse(payload);
    if (
      !parsed.success ||
      !options.issuersFor(parsed.data.tid).includes(String(payload.iss)) ||
      (options.accept && !options.accept(parsed.data))
    ) {
      throw new AppError('UNAUTHENTICATED', 401, 'The bearer token is not valid');
    }
    const claims = parsed.data;
    const email = claims.preferred_username ?? claims.email ?? claims.upn;
    if (!email) throw new AppError('UNAUTHENTICATED', 401, 'The bearer token names no user');
    return {
      tenant: claims.tid,
      objectId: claims.oid,
      email: email.toLowerCase(),
      name: claims.name,
      role: claims.roles?.includes('admin') ? 'admin' : 'member',
    };
  };
}

export function createDevTokenVerifier(key: DevKey): TokenVerifier {
  return createTokenVerifier({
    key: key.publicKey,
    algorithms: [DEV_KEY_ALG],
    audience: DEV_TOKEN_AUDIENCE,
    issuersFor: () => [DEV_TOKEN_ISSUER],
  });
}

/**
 * Microsoft Entra ID access tokens for this API: v2 or v1 issuer of the token's
 * own tenant, a user (`oid`) and a delegated scope (`scp`), which ID tokens and
 * tokens for other APIs lack. `key` replaces Microsoft's key set in tests.
 */
export function createEntraTokenVerifier(
  auth: Extract<Config['auth'], { mode: 'entra' }>,
  key: CryptoKey | JWTVerifyGetKey = createRemoteJWKSet(new URL(ENTRA_JWKS_URL), { cacheMaxAge: 6 * 60 * 60 * 1000 }),
): TokenVerifier {
  return createTokenVerifier({
    key,
    algorithms: ['RS256'],
    audience: auth.audience,
    issuersFor: (tid) => [`https://login.microsoftonline.com/${tid}/v2.0`, `https://sts.windows.net/${tid}/`],
    accept: (claims) => Boolean(claims.oid && claims.scp),
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
