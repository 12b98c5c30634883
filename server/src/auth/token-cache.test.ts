// Verified tokens are remembered until they expire (tokens.ts): checked here on a
// clock of the test's own, with a key source that counts the signature checks.
import { generateKeyPair, SignJWT, type CryptoKey, type JWTVerifyGetKey } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateEphemeralDevKey, type DevKey } from './dev-key.ts';
import {
  createDevTokenVerifier,
  createEntraTokenVerifier,
  MAX_CACHED_SECONDS,
  signDevToken,
  type TokenCacheOptions,
} from './tokens.ts';

const TID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT_ID = 'b7a3c1e2-0000-4000-8000-000000000001';
const AUTHORITY = 'https://login.microsoftonline.com';

let pair: { privateKey: CryptoKey; publicKey: CryptoKey };
let devKey: DevKey;

beforeAll(async () => {
  pair = await generateKeyPair('RS256');
  devKey = await generateEphemeralDevKey();
});

/** A clock the test moves; starts now (jose and the cache both read it). */
function testClock() {
  let ms = Date.now();
  return {
    now: () => ms,
    advance: (seconds: number) => {
      ms += seconds * 1000;
    },
  };
}

/** The Entra settings every verifier here is made with. */
const ENTRA = {
  mode: 'entra',
  clientId: CLIENT_ID,
  clientSecret: undefined,
  audience: CLIENT_ID,
  apiScope: `api://crm.example.com/${CLIENT_ID}/access_as_user`,
  authorityHost: AUTHORITY,
  jwksUrl: `${AUTHORITY}/common/discovery/v2.0/keys`,
} as const;

/** An Entra verifier whose key source counts how often a signature is checked. */
function countingEntraVerifier(cache: TokenCacheOptions) {
  const checks = { count: 0 };
  const key: JWTVerifyGetKey = () => {
    checks.count++;
    return pair.publicKey;
  };
  const verify = createEntraTokenVerifier(ENTRA, key, cache);
  return { verify, checks };
}

function entraToken(user: string, options: { lifetimeSeconds?: number; audience?: string; at?: number } = {}) {
  const iat = Math.floor((options.at ?? Date.now()) / 1000);
  return new SignJWT({ tid: TID, oid: `oid-${user}`, preferred_username: `${user}@contoso.com`, scp: 'access_as_user' })
    .setProtectedHeader({ alg: 'RS256' })
    .setIssuer(`${AUTHORITY}/${TID}/v2.0`)
    .setAudience(options.audience ?? CLIENT_ID)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (options.lifetimeSeconds ?? 3600))
    .sign(pair.privateKey);
}

describe('verified tokens are remembered until they expire', () => {
  it('checks the signature of a token once, then answers from the cache with the same claims', async () => {
    const clock = testClock();
    const { verify, checks } = countingEntraVerifier({ now: clock.now });
    const token = await entraToken('alice');
    const first = await verify(token);
    clock.advance(60);
    await expect(verify(token)).resolves.toEqual(first);
    await expect(verify(token)).resolves.toEqual({
      tenant: TID,
      objectId: 'oid-alice',
      email: 'alice@contoso.com',
      name: undefined,
    });
    expect(checks.count).toBe(1);
  });

  it('refuses a remembered token once it has expired (beyond the clock tolerance), as if never seen', async () => {
    const clock = testClock();
    const verify = createDevTokenVerifier(devKey, { now: clock.now });
    const token = await signDevToken(devKey, { tenant: 'acme', email: 'bob@acme.example', ttlSeconds: 120 });
    await expect(verify(token)).resolves.toMatchObject({ email: 'bob@acme.example' });
    clock.advance(110);
    await expect(verify(token)).resolves.toMatchObject({ email: 'bob@acme.example' });
    clock.advance(10 + 61);
    await expect(verify(token)).rejects.toMatchObject({ status: 401, message: 'The bearer token has expired' });
  });

  it(`checks a long-lived token again after ${MAX_CACHED_SECONDS} s, and refuses it then if its key is gone`, async () => {
    const clock = testClock();
    let keyKnown = true;
    let checks = 0;
    const verify = createEntraTokenVerifier(
      ENTRA,
      () => {
        checks++;
        if (!keyKnown) throw new Error('no such key');
        return pair.publicKey;
      },
      { now: clock.now },
    );
    const token = await entraToken('carol', { lifetimeSeconds: 8 * 3600 });
    await verify(token);
    clock.advance(MAX_CACHED_SECONDS - 1);
    await verify(token);
    expect(checks).toBe(1);
    clock.advance(2);
    await verify(token);
    expect(checks).toBe(2);
    keyKnown = false;
    clock.advance(MAX_CACHED_SECONDS + 1);
    await expect(verify(token)).rejects.toMatchObject({ status: 401 });
  });

  it('never answers one token with the claims of another, nor a forged one with a remembered one', async () => {
    const clock = testClock();
    const { verify } = countingEntraVerifier({ now: clock.now });
    const alice = await entraToken('alice');
    const bob = await entraToken('bob');
    await expect(verify(alice)).resolves.toMatchObject({ email: 'alice@contoso.com' });
    await expect(verify(bob)).resolves.toMatchObject({ email: 'bob@contoso.com' });
    await expect(verify(alice)).resolves.toMatchObject({ email: 'alice@contoso.com' });
    // Alice's claims with another signature, and her token with a character changed.
    const [header, payload, signature] = alice.split('.') as [string, string, string];
    const bobSignature = bob.split('.')[2]!;
    await expect(verify(`${header}.${payload}.${bobSignature}`)).rejects.toMatchObject({ status: 401 });
    const flipped = signature.startsWith('A') ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
    await expect(verify(`${header}.${payload}.${flipped}`)).rejects.toMatchObject({ status: 401 });
  });

  it('does not remember refusals: a refused token is checked again each time', async () => {
    const clock = testClock();
    const { verify, checks } = countingEntraVerifier({ now: clock.now });
    const forAnotherApi = await entraToken('dave', { audience: 'api://another' });
    await expect(verify(forAnotherApi)).rejects.toMatchObject({ status: 401 });
    await expect(verify(forAnotherApi)).rejects.toMatchObject({ status: 401 });
    expect(checks.count).toBe(2);
  });

  it('keeps at most maxTokens tokens, forgetting the least recently used', async () => {
    const clock = testClock();
    const { verify, checks } = countingEntraVerifier({ now: clock.now, maxTokens: 2 });
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((user) => entraToken(user)));
    await verify(a!);
    await verify(b!);
    await verify(a!); // a is now the most recently used
    expect(checks.count).toBe(2);
    await verify(c!); // b goes
    await verify(a!);
    expect(checks.count).toBe(3);
    await verify(b!);
    expect(checks.count).toBe(4);
  });
});
