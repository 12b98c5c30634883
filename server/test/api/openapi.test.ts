import { Validator } from '@seriousme/openapi-schema-validator';
import { beforeAll, describe, expect, it } from 'vitest';
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

describe('the constraints the document states', () => {
  let doc: any;
  beforeAll(async () => {
    doc = (await server.anonymous().get('/api/openapi.json')).body;
  });
  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]: [string, any]) =>
      Object.entries(item).map(([method, op]: [string, any]) => ({ path, method, op })),
    );
  const bodySchema = (path: string, method: string) =>
    doc.paths[path][method].requestBody.content['application/json'].schema;
  /** The schema of a property, through a nullable anyOf. */
  const property = (schema: any, name: string) => {
    const p = schema.properties[name];
    return p.anyOf?.find((s: any) => s.type !== 'null') ?? p;
  };

  it('names the error answers each operation can give: 405 everywhere, 413 and 415 where a body is read', () => {
    for (const { path, method, op } of operations()) {
      const where = `${method} ${path}`;
      expect(op.responses['405'], where).toBeDefined();
      expect(op.responses['405'].headers.Allow, where).toBeDefined();
      if (Array.isArray(op.security) && op.security.length === 0) {
        // Open to anyone (auth: 'none'): no token is asked for, so none is refused.
        expect(op.responses['401'], where).toBeUndefined();
      } else {
        expect(op.responses['401'].headers['WWW-Authenticate'], where).toBeDefined();
      }
      if (op.requestBody) {
        expect(op.responses['413'], where).toBeDefined();
        expect(op.responses['415'], where).toBeDefined();
      }
    }
  });

  it('lists the ISO 4217 codes the server accepts, and the server refuses the rest', async () => {
    const codes: string[] = doc.components.schemas.Currency.enum;
    expect(codes).toEqual(Intl.supportedValuesOf('currency'));
    expect(codes).toContain('EUR');
    expect(codes).not.toContain('XXX');
    for (const path of ['/api/v1/deals', '/api/v1/deals/{id}']) {
      const method = path.endsWith('}') ? 'patch' : 'post';
      const currency = bodySchema(path, method).properties.currency;
      expect(currency.description).toMatch(/ISO 4217/);
      expect(currency.anyOf[0]).toEqual({ $ref: '#/components/schemas/Currency' });
      expect(currency.anyOf[1]).toMatchObject({ type: 'string', pattern: '^\\s*[A-Za-z]{3}\\s*$' });
    }
    expect(doc.components.schemas.Deal.properties.currency.pattern).toBe('^[A-Z]{3}$');
    expect(bodySchema('/api/v1/deals', 'post').properties.value.anyOf).toContainEqual(
      expect.objectContaining({ type: 'string', pattern: expect.any(String) }),
    );

    // What the document says is what the server does.
    for (const currency of ['ABC', 'XXX', 'DEM', 'EURO']) {
      const res = await t.admin.post('/api/v1/deals', { name: 'Deal', currency });
      expect(res.status, currency).toBe(400);
      expect(res.body.errors[0].path).toBe('body.currency');
    }
    const sample = [codes[0]!, codes.at(-1)!, 'sek', ' JPY '];
    for (const currency of sample) {
      const res = await t.admin.post('/api/v1/deals', { name: 'Deal', currency });
      expect(res.status, currency).toBe(201);
      expect(codes).toContain(res.body.currency);
    }
  });

  it('bounds dates and instants to 1900..2200, and says which instants must be past', async () => {
    const dueAt = property(bodySchema('/api/v1/tasks', 'post'), 'dueAt');
    expect(dueAt).toMatchObject({
      format: 'date-time',
      formatMinimum: '1900-01-01T00:00:00Z',
      formatExclusiveMaximum: '2200-01-01T00:00:00Z',
    });
    expect(dueAt.description).toMatch(/1900.*2200/);
    const closeDate = property(bodySchema('/api/v1/deals', 'post'), 'expectedCloseDate');
    expect(closeDate).toMatchObject({
      format: 'date',
      formatMinimum: '1900-01-01',
      formatExclusiveMaximum: '2200-01-01',
    });
    for (const [path, field] of [
      ['/api/v1/notes', 'occurredAt'],
      ['/api/v1/timeline/emails', 'sentAt'],
    ] as const) {
      const schema = property(bodySchema(path, 'post'), field);
      expect(schema.description, field).toMatch(/not in the future/);
      expect(schema.formatMinimum, field).toBe('1900-01-01T00:00:00Z');
    }

    // The same bounds the server enforces.
    const task = (dueAt: string) => t.admin.post('/api/v1/tasks', { title: 'Call back', dueAt });
    expect((await task('1899-12-31T23:59:59Z')).status).toBe(400);
    expect((await task('2200-01-01T00:00:00Z')).status).toBe(400);
    expect((await task('1900-01-01T00:00:00Z')).status).toBe(201);
    expect((await task('2199-12-31T23:59:59Z')).status).toBe(201);
    const deal = (expectedCloseDate: string) =>
      t.admin.post('/api/v1/deals', { name: 'Deal', currency: 'EUR', expectedCloseDate });
    expect((await deal('1899-12-31')).status).toBe(400);
    expect((await deal('2200-01-01')).status).toBe(400);
    expect((await deal('2199-12-31')).status).toBe(201);
  });

  it('states the enums', () => {
    const tasks = doc.paths['/api/v1/tasks'].get.parameters;
    expect(tasks.find((p: any) => p.name === 'view').schema.enum).toEqual(['mine', 'overdue', 'all']);
    const deals = doc.paths['/api/v1/deals'].get.parameters;
    expect(deals.find((p: any) => p.name === 'status').schema.enum).toEqual(['open', 'won', 'lost']);
    expect(property(bodySchema('/api/v1/notes', 'post'), 'kind').enum).toEqual(['note', 'call', 'meeting']);
  });

  it('states the address formats: internationalised addresses and domains', () => {
    const contact = bodySchema('/api/v1/contacts', 'post');
    expect(contact.properties.emails.items.format).toBe('idn-email');
    const company = bodySchema('/api/v1/companies', 'post');
    expect(company.properties.domains.items.format).toBe('idn-hostname');
    const lookup = doc.paths['/api/v1/contacts/lookup'].get.parameters;
    expect(lookup.find((p: any) => p.name === 'email').schema.format).toBe('idn-email');
  });

  it('says a note needs a contact, company or deal, as the server refuses one without', async () => {
    const schema = bodySchema('/api/v1/notes', 'post');
    expect(schema.anyOf).toEqual([{ required: ['contactId'] }, { required: ['companyId'] }, { required: ['dealId'] }]);
    const orphan = await t.admin.post('/api/v1/notes', { body: 'A note about nobody' });
    expect(orphan.status).toBe(400);
  });
});
