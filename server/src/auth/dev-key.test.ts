import { mkdtemp, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateDevKey } from './dev-key.ts';
import { createDevTokenVerifier, signDevToken } from './tokens.ts';

describe('the development signing key', () => {
  it('is created once, private to its owner, and the same for every process that loads it', async () => {
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'crm-key-')), 'nested', 'dev-signing-key.json');
    // The server and `npm run token` starting at the same moment.
    const keys = await Promise.all([loadOrCreateDevKey(file), loadOrCreateDevKey(file), loadOrCreateDevKey(file)]);
    const stored = JSON.parse(await readFile(file, 'utf8')) as { kid: string };
    const token = await signDevToken(keys[0], { tenant: 'demo', email: 'a@b.example', role: 'admin' });
    for (const key of keys) {
      expect(key.kid).toBe(stored.kid);
      await expect(createDevTokenVerifier(key)(token)).resolves.toMatchObject({
        tenant: 'demo',
        email: 'a@b.example',
        role: 'admin',
      });
    }
    expect((await stat(file)).mode & 0o077).toBe(0);
  });
});
