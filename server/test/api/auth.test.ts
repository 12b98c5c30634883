import { SignJWT, type CryptoKey } from 'jose';
import { describe, expect, it } from 'vitest';
import { generateEphemeralDevKey } from '../../src/auth/index.ts';
import { DEV_TOKEN_AUDIENCE, DEV_TOKEN_ISSUER } from '../../src/config.ts';
import { ApiClient, MAX_BODY_BYTES, unique, useTestServer } from '../harness.ts';

const server = useTestServer();

async function token(
  claims: Record<string, unknown>,
  options: { iss?: string; aud?: string; exp?: string | number; key?: CryptoKey } = {},
) {
  return new SignJWT({ tid: unique('t'), preferred_username: 'a@b.example', ...claims })
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuer(options.iss ?? DEV_TOKEN_ISSUER)
    .setAudience(options.aud ?? DEV_TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.exp ?? '1h')
    .sign(options.key ?? server.key.privateKey);
}

describe('authentication', () => {
  it('refuses a request without a bearer token, saying how to authenticate', async () => {
    const res = await server.anonymous().get('/api/v1/me');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['Basic dXNlcjpwYXNz', 'Bearer'],
    ['Bearer', 'Bearer error="invalid_token"'],
    ['Bearer not a token!', 'Bearer error="invalid_token"'],
  ])('answers Authorization: %s with the challenge %s', async (authorization, challenge) => {
    const res = await server.anonymous().request('GET', '/api/v1/me', undefined, { headers: { authorization } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')?.startsWith(challenge)).toBe(true);
    if (challenge === 'Bearer') expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it.each([
    ['signed by another key', async () => token({}, { key: (await generateEphemeralDevKey()).privateKey })],
    ['expired', () => token({}, { exp: Math.floor(Date.now() / 1000) - 3600 })],
    ['for another audience', () => token({}, { aud: 'api://someone-else' })],
    ['from another issuer', () => token({}, { iss: 'https://evil.example' })],
    ['without a tenant claim', () => token({ tid: undefined })],
    ['with a tenant claim that is not a slug', () => token({ tid: '../../etc' })],
    ['without a user', () => token({ preferred_username: undefined })],
    ['that is not a JWT', async () => 'not.a.jwt'],
  ])('refuses a token %s', async (_name, make) => {
    const res = await new ApiClient(server.base, await make()).get('/api/v1/me');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
    // RFC 6750: a token was sent and refused, so the client should get a new one.
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"(, error_description="[^"]*")?$/);
    expect(JSON.stringify(res.body)).not.toMatch(/stack|at \w+ \(/);
  });

  it('creates the tenant with its default pipeline and the user on the first request', async () => {
    const slug = unique('fresh');
    const api = await server.as(slug, 'First.User@Fresh.example', 'admin');
    const me = await api.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: 'first.user@fresh.example', role: 'admin', tenant: { slug } });
    const again = await api.get('/api/v1/me');
    expect(again.body.id).toBe(me.body.id);
    const pipelines = await api.get('/api/v1/pipelines');
    expect(pipelines.body.items).toHaveLength(1);
    expect(pipelines.body.items[0].stages.map((s: { name: string }) => s.name)).toEqual([
      'Lead',
      'Qualified',
      'Proposal',
      'Negotiation',
      'Won',
      'Lost',
    ]);
  });

  it('provisions one tenant when its first requests arrive together', async () => {
    const slug = unique('race');
    const clients = await Promise.all(Array.from({ length: 6 }, (_, i) => server.as(slug, `u${i}@race.example`)));
    const results = await Promise.all(clients.map((c) => c.get('/api/v1/me')));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(new Set(results.map((r) => r.body.tenant.id)).size).toBe(1);
    const pipelines = await clients[0]!.get('/api/v1/pipelines');
    expect(pipelines.body.items).toHaveLength(1);
  });

  it('keeps members out of admin endpoints', async () => {
    const slug = unique('roles');
    const admin = await server.as(slug, 'boss@roles.example', 'admin');
    const member = await server.as(slug, 'staff@roles.example', 'member');
    const pipeline = (await admin.get('/api/v1/pipelines')).body.items[0];
    const res = await member.patch(`/api/v1/pipelines/${pipeline.id}`, { name: 'Mine now' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
    expect((await admin.patch(`/api/v1/pipelines/${pipeline.id}`, { name: 'Renamed' })).status).toBe(200);
  });

  it('does not read the body of a request without a token', async () => {
    const res = await server.anonymous().post('/api/v1/contacts', { name: 'x'.repeat(MAX_BODY_BYTES * 2) });
    expect(res.status).toBe(401);
  });

  it('tells anyone, without a token, to use the development sign-in in dev mode', async () => {
    const res = await server.anonymous().get('/api/v1/auth/config');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ mode: 'dev' });
  });

  it('answers problem+json 404 for an unknown endpoint', async () => {
    const api = await server.as(unique('t'), 'a@b.example');
    const res = await api.get('/api/v1/nope');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('ROUTE_NOT_FOUND');
  });
});
