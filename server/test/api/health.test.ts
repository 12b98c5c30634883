import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { createDevTokenVerifier, generateEphemeralDevKey } from '../../src/auth/index.ts';
import { openDatabase } from '../../src/db/index.ts';
import { createLogger } from '../../src/shared/log.ts';
import { ApiClient, startTestServer } from '../harness.ts';

describe('GET /health', () => {
  it('reports the process and the database', async () => {
    const server = await startTestServer();
    try {
      const ok = await server.anonymous().get('/health');
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({
        status: 'ok',
        process: { version: expect.any(String) },
        database: { status: 'ok' },
      });
    } finally {
      await server.close();
    }
  });

  it('answers 503 when the database cannot be reached, without taking the process down', async () => {
    // Nothing listens on port 1: every query fails to connect.
    const db = await openDatabase({ databaseUrl: 'postgres://nobody@127.0.0.1:1/none', poolSize: 1 });
    const app = createApp({
      system: db.system,
      verifyToken: createDevTokenVerifier(await generateEphemeralDevKey()),
      authMode: 'dev',
      log: createLogger('silent'),
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const api = new ApiClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, null);
      for (let i = 0; i < 2; i++) {
        const down = await api.get('/health');
        expect(down.status).toBe(503);
        expect(down.body).toMatchObject({ status: 'unavailable', database: { status: 'unreachable' } });
      }
    } finally {
      server.close();
      await db.close();
    }
  });
});
