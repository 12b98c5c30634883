import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { crmRoutes } from '../../src/crm/index.ts';
import { useTestTenant } from '../factories.ts';

const t = useTestTenant();
const server = t.server;

describe('GET /api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document, served without a token, describing every endpoint', async () => {
    const res = await server.anonymous().get('/api/openapi.json');
    expect(res.status).toBe(200);
    const result = await new Validator().validate(res.body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(res.body.openapi).toBe('3.1.0');
    for (const route of crmRoutes) {
      const path = `/api/v1${route.path.replace(/:(\w+)/g, '{$1}')}`;
      expect(res.body.paths[path]?.[route.method], `${route.method} ${path}`).toBeDefined();
    }
  });

  it('describes the responses the API really sends', async () => {
    const doc = (await server.anonymous().get('/api/openapi.json')).body;
    const lookup = doc.paths['/api/v1/contacts/lookup'].get;
    expect(lookup.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'email', in: 'query', required: true })]),
    );
    const schema = doc.components.schemas.Lookup;
    const card = (await t.admin.get('/api/v1/contacts/lookup?email=x@y.example')).body;
    expect(Object.keys(card).sort()).toEqual(Object.keys(schema.properties).sort());
    expect(doc.paths['/api/v1/contacts'].post.responses['409'].content['application/problem+json']).toBeDefined();
  });
});
