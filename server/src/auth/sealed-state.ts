// Short-lived values a server hands a browser and must get back unaltered, with no
// server-side storage (so any of several server processes can take the answer): the
// OAuth `state` of a sign-in (signed, HS256: it travels through Entra and URLs) and
// the cookie holding that sign-in's PKCE verifier and nonce (encrypted, A256GCM: the
// browser may keep it but never read or change it). Both keys are derived from one
// server secret with HKDF, one key per use, so neither can stand in for the other.
import { hkdfSync } from 'node:crypto';
import { EncryptJWT, errors, jwtDecrypt, jwtVerify, SignJWT, type JWTPayload } from 'jose';

export type SealClock = { now(): Date };

/** Why a value was refused: `expired` only for a value that was genuine but is too old. */
export type Unsealed<T> = { ok: true; value: T } | { ok: false; reason: 'invalid' | 'expired' };

export type StateSealer = {
  /** A signed, URL-safe token (an OAuth `state`) carrying `claims` for `ttlSeconds`. */
  sign(claims: Record<string, unknown>, ttlSeconds: number): Promise<string>;
  verify(token: string): Promise<Unsealed<JWTPayload>>;
  /** An encrypted token (a cookie's value) carrying `claims` for `ttlSeconds`. */
  seal(claims: Record<string, unknown>, ttlSeconds: number): Promise<string>;
  open(token: string): Promise<Unsealed<JWTPayload>>;
};

const SALT = 'crm-for-outlook sealed state v1';

/**
 * `secret` is a server secret of at least 16 characters (the Entra app's client
 * secret); `context` names the use (e.g. `onboarding`) and is bound into the keys and
 * the tokens, so a token made for one use is refused by another.
 */
export function createStateSealer(secret: string, context: string, clock: SealClock = { now: () => new Date() }) {
  if (secret.length < 16) throw new Error('createStateSealer: the secret is too short to derive keys from');
  const derive = (use: string) => new Uint8Array(hkdfSync('sha256', secret, SALT, `${context}:${use}`, 32));
  const signingKey = derive('state');
  const sealingKey = derive('cookie');
  const audience = `urn:crm-for-outlook:${context}`;
  const seconds = () => Math.floor(clock.now().getTime() / 1000);

  const refused = (error: unknown): Unsealed<JWTPayload> => ({
    ok: false,
    reason: error instanceof errors.JWTExpired ? 'expired' : 'invalid',
  });

  const sealer: StateSealer = {
    sign: (claims, ttlSeconds) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setAudience(audience)
        .setIssuedAt(seconds())
        .setExpirationTime(seconds() + ttlSeconds)
        .sign(signingKey),
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, signingKey, {
          algorithms: ['HS256'],
          audience,
          currentDate: clock.now(),
          clockTolerance: 0,
          requiredClaims: ['exp'],
        });
        return { ok: true, value: payload };
      } catch (error) {
        return refused(error);
      }
    },
    seal: (claims, ttlSeconds) =>
      new EncryptJWT(claims)
        .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
        .setAudience(audience)
        .setIssuedAt(seconds())
        .setExpirationTime(seconds() + ttlSeconds)
        .encrypt(sealingKey),
    async open(token) {
      try {
        const { payload } = await jwtDecrypt(token, sealingKey, {
          keyManagementAlgorithms: ['dir'],
          contentEncryptionAlgorithms: ['A256GCM'],
          audience,
          currentDate: clock.now(),
          clockTolerance: 0,
          requiredClaims: ['exp'],
        });
        return { ok: true, value: payload };
      } catch (error) {
        return refused(error);
      }
    },
  };
  return sealer;
}
