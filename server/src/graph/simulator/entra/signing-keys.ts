// The simulator's token signing keys: RS256, each with a `kid`, published as a JWKS in
// Entra's shape. Rotation replaces the published key, as Entra's rollover eventually
// does: tokens signed with the old key no longer verify once a client refetches the set.
// signToken() also forges the tokens a verifier must refuse (alg none, HS256 keyed with
// the public key, a key not in the set) for the security tests.
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { SignJWT, UnsecuredJWT, type JWTPayload } from 'jose';

export type SigningKey = { kid: string; privateKey: KeyObject; publicKey: KeyObject };

export type SignOptions = {
  /** Default: the current key's. */
  kid?: string;
  /** Default RS256. HS256 is keyed with the current public key (PEM): the algorithm-confusion attack. */
  alg?: 'RS256' | 'HS256' | 'none';
  /** `stranger`: a key that was never published. */
  key?: 'current' | 'stranger';
};

/** Entra's JWKS entry (x5c and x5t left out: no certificate wraps these keys). */
export type PublishedKey = { kty: 'RSA'; use: 'sig'; kid: string; n: string; e: string; issuer: string };

function newKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  // Entra's kids look like base64url thumbprints.
  return { kid: randomBytes(20).toString('base64url'), privateKey, publicKey };
}

export function createSigningKeys() {
  let current = newKey();
  let stranger: SigningKey | null = null;

  return {
    kid: () => current.kid,

    /** The published set; `issuer` is the v2 issuer template or a tenant's issuer. */
    jwks(issuer: string): { keys: PublishedKey[] } {
      const jwk = current.publicKey.export({ format: 'jwk' });
      return { keys: [{ kty: 'RSA', use: 'sig', kid: current.kid, n: String(jwk.n), e: String(jwk.e), issuer }] };
    },

    /** A new current key; the previous one is no longer published. Returns the new kid. */
    rotate(): string {
      current = newKey();
      return current.kid;
    },

    async sign(claims: JWTPayload, options: SignOptions = {}): Promise<string> {
      const alg = options.alg ?? 'RS256';
      const kid = options.kid ?? current.kid;
      if (alg === 'none') return new UnsecuredJWT(claims).encode();
      if (alg === 'HS256') {
        const secret = new TextEncoder().encode(current.publicKey.export({ type: 'spki', format: 'pem' }).toString());
        return new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT', kid }).sign(secret);
      }
      const key = options.key === 'stranger' ? (stranger ??= newKey()) : current;
      return new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT', kid }).sign(key.privateKey);
    },
  };
}

export type SigningKeys = ReturnType<typeof createSigningKeys>;
