// Edges found by probing the running server: what a client sees when it sends
// something odd at the HTTP level.
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useTestTenant } from '../factories.ts';

const t = useTestTenant();
const server = t.server;

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

describe('methods', () => {
  const send = (method: string, path: string, token: string | null = t.admin.token) =>
    fetch(server.base + path, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });

  it.each([
    ['PUT', '/api/v1/contacts', 'GET, HEAD, POST, OPTIONS'],
    ['POST', '/api/v1/contacts/01900000-0000-7000-8000-000000000000', 'GET, HEAD, PATCH, DELETE, OPTIONS'],
    ['DELETE', '/api/v1/me', 'GET, HEAD, OPTIONS'],
    ['GET', '/api/v1/notes', 'POST, OPTIONS'],
    ['GET', '/api/v1/pipelines/01900000-0000-7000-8000-000000000000/stage-order', 'PUT, OPTIONS'],
    // The literal path wins over /contacts/:id, as in the OpenAPI document.
    ['DELETE', '/api/v1/contacts/lookup', 'GET, HEAD, OPTIONS'],
    ['POST', '/health', 'GET, HEAD, OPTIONS'],
    ['DELETE', '/api/openapi.json', 'GET, HEAD, OPTIONS'],
    ['PUT', '/manifest.xml', 'GET, HEAD, OPTIONS'],
    ['POST', '/manifest.json', 'GET, HEAD, OPTIONS'],
    ['POST', '/taskpane.html', 'GET, HEAD, OPTIONS'],
    ['GET', '/dev/sign-in', 'POST, OPTIONS'],
  ])('answers %s %s with 405 and Allow: %s', async (method, path, allow) => {
    const res = await send(method, path);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe(allow);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status: 405, code: 'METHOD_NOT_ALLOWED', title: 'Method Not Allowed' });
  });

  it('answers 405 before asking for a token, and 404 for a path that does not exist', async () => {
    const wrong = await send('PUT', '/api/v1/contacts', null);
    expect(wrong.status).toBe(405);
    expect((await send('PUT', '/api/v1/nope')).status).toBe(404);
    expect((await send('PUT', '/nope')).status).toBe(404);
  });

  it('answers OPTIONS with the methods, and HEAD on a GET route like the GET', async () => {
    const options = await send('OPTIONS', '/api/v1/contacts');
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
    const head = await send('HEAD', '/api/v1/contacts');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await send('HEAD', '/health')).status).toBe(200);
    expect((await send('HEAD', '/api/v1/contacts', null)).status).toBe(401);
  });
});
