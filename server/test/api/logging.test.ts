// Tokens and mail content never reach the log.
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { createDevTokenVerifier, generateEphemeralDevKey, signDevToken } from '../../src/auth/index.ts';
import type { Database } from '../../src/db/index.ts';
import { createLogger } from '../../src/shared/log.ts';
import { ApiClient, openTestDatabase } from '../harness.ts';

let db: Database;
let close: () => Promise<void>;
let api: ApiClient;
const lines: string[] = [];

beforeAll(async () => {
  db = await openTestDatabase();
  const key = await generateEphemeralDevKey();
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const app = createApp({
    system: db.system,
    verifyToken: createDevTokenVerifier(key),
    authMode: 'dev',
    log: createLogger('debug', sink),
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  api = new ApiClient(
    `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    await signDevToken(key, { tenant: 'logs', email: 'a@logs.example' }),
  );
  close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await db.close();
  };
});
afterAll(() => close());

describe('logs', () => {
  it('carry requests and events but no token, preview, subject or address', async () => {
    const res = await api.post('/api/v1/timeline/emails', {
      internetMessageId: '<log-check@mail.example>',
      subject: 'TOP-SECRET-SUBJECT',
      sentAt: new Date().toISOString(),
      from: { email: 'private.person@customer.example' },
      preview: 'TOP-SECRET-BODY',
    });
    expect(res.status).toBe(201);
    await api.get('/api/v1/contacts/lookup?email=private.person@customer.example');
    const log = lines.join('');
    expect(log).toMatch(/email logged/);
    expect(log).toMatch(/"path":"\/api\/v1\/timeline\/emails"/);
    for (const secret of [api.token!, 'TOP-SECRET', 'private.person']) expect(log).not.toContain(secret);
  });
});
