// Strict CORS: the product's own origin (PUBLIC_URL's) may call the API from a
// browser page on another origin; any other origin gets no CORS headers, and its
// preflight is refused. (A browser enforces CORS; these tests read the headers it
// would act on.)
import { describe, expect, it } from 'vitest';
import { useTestTenant } from '../factories.ts';

const OWN = 'https://crm.contoso.example';
const t = useTestTenant({ publicUrl: OWN });

const preflight = (origin: string, path = '/api/v1/contacts', method = 'POST') =>
  fetch(`${t.server.base}${path}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization' },
  });

describe('CORS', () => {
  it("admits the product's own origin: preflight and request", async () => {
    const res = await preflight(OWN);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(OWN);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('vary')).toMatch(/Origin/);

    const get = await t.admin.request('GET', '/api/v1/me', undefined, { headers: { origin: OWN } });
    expect(get.status).toBe(200);
    expect(get.headers.get('access-control-allow-origin')).toBe(OWN);
    expect(get.headers.get('access-control-expose-headers')).toContain('Retry-After');
  });

  it.each([
    ['another site', 'https://evil.example'],
    ['a look-alike subdomain', 'https://crm.contoso.example.evil.example'],
    ['the same host over http', 'http://crm.contoso.example'],
    ['the same host on another port', 'https://crm.contoso.example:8443'],
    ['an opaque origin', 'null'],
  ])('gives %s no CORS headers and refuses its preflight', async (_name, origin) => {
    const res = await preflight(origin);
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-methods')).toBeNull();

    const get = await t.admin.request('GET', '/api/v1/me', undefined, { headers: { origin } });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
    expect(get.headers.get('access-control-expose-headers')).toBeNull();
  });

  it('answers preflights of every API path the same way, the OpenAPI document included', async () => {
    expect((await preflight('https://evil.example', '/api/openapi.json', 'GET')).status).toBe(403);
    expect((await preflight(OWN, '/api/openapi.json', 'GET')).headers.get('access-control-allow-origin')).toBe(OWN);
    // An OPTIONS that is not a preflight still lists the methods of the path.
    const options = await fetch(`${t.server.base}/api/v1/contacts`, { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
  });
});
