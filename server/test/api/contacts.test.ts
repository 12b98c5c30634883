import { describe, expect, it } from 'vitest';
import { createCompany, createContact, createTenant, useTestTenant } from '../factories.ts';
import { MAX_BODY_BYTES, unique } from '../harness.ts';

const t = useTestTenant();
const server = t.server;

describe('contacts', () => {
  it('creates, reads, updates and deletes a contact', async () => {
    const company = await createCompany(t.admin);
    const created = await t.admin.post('/api/v1/contacts', {
      name: 'Nino Kapanadze',
      title: 'Head of Procurement',
      phone: '+995 32 200 1234',
      emails: ['Nino.K@Fabrikam.example', 'nino@home.example'],
      companyId: company.id,
      tags: ['vip', 'vip', 'renewal'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Nino Kapanadze',
      emails: ['nino.k@fabrikam.example', 'nino@home.example'],
      company: { id: company.id, name: company.name },
      owner: { id: t.adminId },
      tags: ['vip', 'renewal'],
      lastContactedAt: null,
    });

    const read = await t.admin.get(`/api/v1/contacts/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const updated = await t.admin.patch(`/api/v1/contacts/${created.body.id}`, {
      title: null,
      emails: ['nino@fabrikam.example'],
      companyId: null,
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ title: null, emails: ['nino@fabrikam.example'], company: null });

    expect((await t.admin.delete(`/api/v1/contacts/${created.body.id}`)).status).toBe(204);
    expect((await t.admin.get(`/api/v1/contacts/${created.body.id}`)).status).toBe(404);
    // The address is free again.
    await createContact(t.admin, { emails: ['nino@fabrikam.example'] });
  });

  it('links the company that owns the address domain when no company is given', async () => {
    const domain = `${unique('acme')}.example`;
    const company = await createCompany(t.admin, { domains: [domain] });
    const contact = await createContact(t.admin, { emails: [`jo@${domain.toUpperCase()}`] });
    expect(contact.company).toEqual({ id: company.id, name: company.name });
  });

  it('answers 409 when another contact of the tenant has the address, in any case', async () => {
    const address = `${unique('dup')}@customer.example`;
    await createContact(t.admin, { emails: [address] });
    const res = await t.admin.post('/api/v1/contacts', { name: 'Someone', emails: [address.toUpperCase()] });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 409, code: 'EMAIL_TAKEN', errors: [{ path: 'emails.0' }] });
  });

  it('allows the same address in another tenant', async () => {
    const address = `${unique('shared')}@customer.example`;
    await createContact(t.admin, { emails: [address] });
    const other = await createTenant(server);
    await createContact(other.admin, { emails: [address] });
  });

  it('answers 400 naming every offending field', async () => {
    const res = await t.admin.post('/api/v1/contacts', {
      name: '',
      emails: ['not-an-address', 'ok@x.example', 'ok@x.example'],
      companyId: 'nope',
      tags: 'vip',
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.name', 'body.emails.0', 'body.companyId', 'body.tags']));
  });

  it('answers 404 for an unknown company and writes nothing', async () => {
    const address = `${unique('half')}@customer.example`;
    const res = await t.admin.post('/api/v1/contacts', {
      name: 'Half',
      emails: [address],
      companyId: '01900000-0000-7000-8000-000000000000',
    });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('COMPANY_NOT_FOUND');
    const search = await t.admin.get(`/api/v1/contacts?q=${encodeURIComponent(address)}`);
    expect(search.body.items).toEqual([]);
  });

  it('does not half-write an update whose new address is taken', async () => {
    const a = await createContact(t.admin, { name: 'Before' });
    const b = await createContact(t.admin);
    const res = await t.admin.patch(`/api/v1/contacts/${a.id}`, { name: 'After', emails: b.emails });
    expect(res.status).toBe(409);
    expect((await t.admin.get(`/api/v1/contacts/${a.id}`)).body).toMatchObject({ name: 'Before', emails: a.emails });
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    expect((await t.admin.get('/api/v1/contacts/01900000-0000-7000-8000-000000000000')).body.code).toBe(
      'CONTACT_NOT_FOUND',
    );
    const bad = await t.admin.get('/api/v1/contacts/42');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('params.id');
  });

  it('answers 413 for an oversized body and 400 for broken JSON', async () => {
    const big = await t.admin.post('/api/v1/contacts', { name: 'x', title: 'y'.repeat(MAX_BODY_BYTES) });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('BODY_TOO_LARGE');
    const broken = await t.admin.request('POST', '/api/v1/contacts', undefined, { raw: '{"name": ' });
    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe('INVALID_JSON');
    const text = await t.admin.request('POST', '/api/v1/contacts', undefined, {
      raw: 'name=x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    const empty = await t.admin.request('POST', '/api/v1/contacts');
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('VALIDATION_FAILED');
  });

  it('searches by name, address and company name, and pages with a cursor', async () => {
    const tenant = await createTenant(server);
    const company = await createCompany(tenant.admin, { name: 'Zebra Logistics' });
    const names = ['Anna Svensson', 'Björn Berg', 'Cecilia Ek', 'David Holm', 'Eva Lind'];
    for (const name of names) await createContact(tenant.admin, { name, companyId: company.id });
    await createContact(tenant.admin, { name: 'Other Person', emails: ['special.address@elsewhere.example'] });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await tenant.admin.get(
        `/api/v1/contacts?limit=2&companyId=${company.id}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((c: { name: string }) => c.name));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(names);

    const byName = await tenant.admin.get('/api/v1/contacts?q=björn');
    expect(byName.body.items.map((c: any) => c.name)).toEqual(['Björn Berg']);
    const byEmail = await tenant.admin.get('/api/v1/contacts?q=SPECIAL.address');
    expect(byEmail.body.items.map((c: any) => c.name)).toEqual(['Other Person']);
    const byCompany = await tenant.admin.get('/api/v1/contacts?q=zebra');
    expect(byCompany.body.items).toHaveLength(names.length);

    const badCursor = await tenant.admin.get('/api/v1/contacts?cursor=garbage');
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.code).toBe('INVALID_CURSOR');
  });
});
