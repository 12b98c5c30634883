import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.ts';

describe('the embedded database directory', () => {
  it('belongs to one process at a time, and a lock left by a dead process is taken over', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'crm-lock-'));
    // A lock whose process no longer exists (pid far above any live one).
    await writeFile(path.join(dataDir, 'pglite.lock'), '999999999');
    const first = await openDatabase({ dataDir });
    expect(await readFile(path.join(dataDir, 'pglite.lock'), 'utf8')).toBe(String(process.pid));
    // Another process holding it: this test runner's parent stands in for one.
    await writeFile(path.join(dataDir, 'pglite.lock'), String(process.ppid));
    await expect(openDatabase({ dataDir })).rejects.toThrow(/in use by process/);
    await first.close();
    const again = await openDatabase({ dataDir });
    await again.close();
  });
});
