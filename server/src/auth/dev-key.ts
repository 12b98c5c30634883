// The development signing key: an ES256 key pair kept in DATA_DIR, created by
// whichever of `npm start` or `npm run token` needs it first. Exclusive creation
// (write aside, then link into place) makes the two agree on one key even when
// they start at the same moment.
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';

export const DEV_KEY_ALG = 'ES256';

export type DevKey = { kid: string; privateKey: CryptoKey; publicKey: CryptoKey };

type StoredKey = { kid: string; privateJwk: JWK; publicJwk: JWK };

export async function loadOrCreateDevKey(keyFile: string): Promise<DevKey> {
  try {
    return await importStored(JSON.parse(await readFile(keyFile, 'utf8')) as StoredKey);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const pair = await generateKeyPair(DEV_KEY_ALG, { extractable: true });
  const stored: StoredKey = {
    kid: `dev-${Date.now().toString(36)}`,
    privateJwk: await exportJWK(pair.privateKey),
    publicJwk: await exportJWK(pair.publicKey),
  };
  await mkdir(path.dirname(keyFile), { recursive: true });
  // Write the whole key elsewhere, then link it into place: link() fails if the
  // file exists and never exposes a half-written key to a concurrent reader.
  const draft = `${keyFile}.${process.pid}.${randomUUID()}`;
  await writeFile(draft, JSON.stringify(stored), { flag: 'wx', mode: 0o600 });
  try {
    await link(draft, keyFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Someone else created it between our read and our write: use theirs.
    return await importStored(JSON.parse(await readFile(keyFile, 'utf8')) as StoredKey);
  } finally {
    await unlink(draft);
  }
  return importStored(stored);
}

async function importStored(stored: StoredKey): Promise<DevKey> {
  return {
    kid: stored.kid,
    privateKey: (await importJWK(stored.privateJwk, DEV_KEY_ALG)) as CryptoKey,
    publicKey: (await importJWK(stored.publicJwk, DEV_KEY_ALG)) as CryptoKey,
  };
}

export async function generateEphemeralDevKey(): Promise<DevKey> {
  const pair = await generateKeyPair(DEV_KEY_ALG);
  return { kid: 'ephemeral', ...pair };
}
