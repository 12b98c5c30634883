// The check every API test runs on every answer (contract.ts), fed answers that break it.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { checkResponse, routeFor, type SeenResponse } from './contract.ts';
import { ApiClient, unique, useTestServer } from './harness.ts';

const id = '01a22942-7e60-711c-aafb-d04b4e0db435';
const contact = {
  id,
  name: 'Nino',
  title: null,
  phone: null,
  emails: ['nino@fabrikam.example'],
  company: null,
  owner: null,
  tags: [],
  lastContactedAt: null,
  createdAt: '2026-11-03T09:00:00.000Z',
  updatedAt: '2026-11-03T09:00:00.000Z',
};
const json = 'application/json; charset=utf-8';
const problemType = 'application/problem+json; charset=utf-8';
const notFound = { type: 'about:blank', title: 'Not Found', status: 404, code: 'NOT_FOUND', detail: 'Not found' };
const seen = (overrides: Partial<SeenResponse>): SeenResponse => ({
  method: 'GET',
  path: `/api/v1/contacts/${id}`,
  status: 200,
  contentType: json,
  body: contact,
  ...overrides,
});

describe('the response contract check', () => {
  it('finds the route Express runs: the first that matches, whatever the case or a trailing slash', () => {
    expect(routeFor('GET', '/contacts/lookup')?.path).toBe('/contacts/lookup');
    expect(routeFor('GET', `/contacts/${id}`)?.path).toBe('/contacts/:id');
    expect(routeFor('get', `/Contacts/${id}/`)?.path).toBe('/contacts/:id');
    expect(routeFor('PUT', `/contacts/${id}`)).toBeUndefined();
    expect(routeFor('GET', `/contacts/${id}/nothing`)).toBeUndefined();
  });

  it.each<[string, Partial<SeenResponse>]>([
    ['a declared answer', {}],
    ['the same with a query string', { path: `/api/v1/contacts/${id}?x=1` }],
    ['an empty 204 where it is declared', { method: 'DELETE', status: 204, contentType: null, body: '' }],
    ['a documented error as problem+json', { status: 404, contentType: problemType, body: notFound }],
    [
      'an error of no route (an unknown path)',
      { path: '/api/v1/nothing', status: 404, contentType: problemType, body: notFound },
    ],
    ['a path outside /api/v1', { path: '/health', body: 'anything' }],
  ])('accepts %s', (_name, overrides) => {
    expect(() => checkResponse(seen(overrides))).not.toThrow();
  });

  it.each<[string, Partial<SeenResponse>, RegExp]>([
    ['a missing field', { body: { ...contact, name: undefined } }, /response schema: name: .*expected string/],
    ['a field of the wrong type', { body: { ...contact, tags: 'vip' } }, /tags: .*expected array/],
    ['a date that is not ISO 8601', { body: { ...contact, createdAt: 'yesterday' } }, /createdAt/],
    ['a field the schema does not declare', { body: { ...contact, secret: 1 } }, /does not declare secret/],
    [
      'an undeclared field deep inside',
      { body: { ...contact, owner: { id, displayName: 'A', email: 'a@x.example', role: 'admin' } } },
      /does not declare owner\.role/,
    ],
    ['a success status the route does not declare', { status: 201 }, /GET \/contacts\/:id declares 200/],
    ['a body where none is declared', { method: 'DELETE', status: 204, body: 'x' }, /declares no body/],
    ['a success on no route', { path: '/api/v1/nothing' }, /no route declares/],
    ['JSON as another type', { contentType: 'text/plain' }, /declares application\/json, not text\/plain/],
    ['an error that is not problem+json', { status: 404, contentType: json, body: notFound }, /problem\+json/],
    [
      'an error body that is not a Problem',
      { status: 404, contentType: problemType, body: { error: 'nope' } },
      /not a Problem/,
    ],
    [
      'a Problem with the wrong status',
      { status: 404, contentType: problemType, body: { ...notFound, status: 400 } },
      /the problem says status 400/,
    ],
    [
      'an error status the document does not list',
      { status: 409, contentType: problemType, body: { ...notFound, status: 409 } },
      /GET \/contacts\/:id does not document 409/,
    ],
  ])('refuses %s, saying what is wrong', (_name, overrides, message) => {
    expect(() => checkResponse(seen(overrides))).toThrow(message);
  });
});

describe('ApiClient', () => {
  const server = useTestServer();

  it('checks each answer: a server that lies fails the request that got the lie', async () => {
    const liar = http.createServer((_req, res) => {
      res.setHeader('content-type', json);
      res.end(JSON.stringify({ id, email: 'a@x.example' })); // /me without most of its fields
    });
    liar.listen(0, '127.0.0.1');
    await once(liar, 'listening');
    try {
      const api = new ApiClient(`http://127.0.0.1:${(liar.address() as AddressInfo).port}`, null);
      await expect(api.get('/api/v1/me')).rejects.toThrow(
        /GET \/api\/v1\/me answered 200, .* GET \/me's response schema/,
      );
    } finally {
      await new Promise((resolve) => liar.close(resolve));
    }
  });

  it('lets the real server through, both success statuses of a route included', async () => {
    const api = await server.as(unique('contract'), 'admin@contract.example', 'admin');
    expect((await api.get('/api/v1/me')).status).toBe(200);
    const email = {
      internetMessageId: `<${unique('m')}@mail.example>`,
      sentAt: '2026-11-03T09:00:00Z',
      from: { email: 'someone@customer.example' },
    };
    expect((await api.post('/api/v1/timeline/emails', email)).status).toBe(201);
    expect((await api.post('/api/v1/timeline/emails', email)).status).toBe(200);
    expect((await api.get('/api/v1/nothing-here')).status).toBe(404);
  });
});
