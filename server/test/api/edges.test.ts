// Edges found by probing the running server: what a client sees when it sends
// something odd at the HTTP level.
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type TestTenant } from '../factories.ts';
import { startTestServer, type TestServer } from '../harness.ts';

let server: TestServer;
let t: TestTenant;
beforeAll(async () => {
  server = await startTestServer();
  t = await createTenant(server);
});
afterAll(() => server.close());

async function postRaw(path: string, body: Uint8Array, headers: Record<string, string>) {
  const res = await fetch(server.base + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.admin.token}`, 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as any };
}

describe('request bodies', () => {
  const json = Buffer.from(JSON.stringify({ name: 'Compressed Person', emails: [] }));
  const garbage = Buffer.from('this is not compressed at all, whatever the header says');

  it.each(['deflate', 'gzip', 'br'])('answers 400 problem+json, not 500, to a corrupt %s body', async (encoding) => {
    const res = await postRaw('/api/v1/contacts', garbage, { 'content-encoding': encoding });
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, code: 'INVALID_BODY' });
  });

  it.each([
    ['deflate', deflateSync],
    ['gzip', gzipSync],
    ['br', brotliCompressSync],
  ] as const)('still reads a well-formed %s body', async (encoding, compress) => {
    const res = await postRaw('/api/v1/contacts', compress(json), { 'content-encoding': encoding });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('Compressed Person');
  });

  it('answers 415 to an unknown Content-Encoding', async () => {
    const res = await postRaw('/api/v1/contacts', json, { 'content-encoding': 'x-unknown' });
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers 413 to a compressed body that inflates past the limit', async () => {
    const bomb = gzipSync(Buffer.from(JSON.stringify({ name: 'x', title: ' '.repeat(10 * 1024 * 1024) })));
    const res = await postRaw('/api/v1/contacts', bomb, { 'content-encoding': 'gzip' });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('BODY_TOO_LARGE');
  });
});
