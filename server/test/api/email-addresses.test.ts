// Addresses as mail systems hand them over: any case, internationalised, in
// punycode, quoted, or not readable at all. The add-in's "Log" and the mail sync
// end in the same recordEmail, so these go through the API that the add-in uses.
import { domainToASCII } from 'node:url';
import { describe, expect, it } from 'vitest';
import { provisionTenant } from '../../src/crm/index.ts';
import { createCompany, createContact, logEmail, useTestTenant } from '../factories.ts';
import { ApiClient, unique } from '../harness.ts';

const t = useTestTenant();

const lookup = (email: string) => t.admin.get(`/api/v1/contacts/lookup?email=${encodeURIComponent(email)}`);

describe('internationalised addresses', () => {
  it.each([
    ['მიშა@example.ge', 'მიშა@example.ge'],
    ['A@BÜCHER-1.example', 'a@bücher-1.example'],
    ['b@xn--bcher-2-n2a.example', 'b@bücher-2.example'],
    ['"john doe"@quoted.example', '"john doe"@quoted.example'],
    ['a!b@bang.example', 'a!b@bang.example'],
  ])('a contact can have %j, stored as %j and found by lookup', async (given, stored) => {
    const contact = await createContact(t.admin, { emails: [given] });
    expect(contact.emails).toEqual([stored]);
    const found = await lookup(given);
    expect(found.status).toBe(200);
    expect(found.body.contact?.id).toBe(contact.id);
  });

  it('treats a domain and its punycode form as one domain, for contacts and companies', async () => {
    const company = await createCompany(t.admin, { domains: ['münchen-idn.example'] });
    expect(company.domains).toEqual(['münchen-idn.example']);
    const taken = await t.admin.post('/api/v1/companies', { name: 'Twin', domains: ['xn--mnchen-idn-9db.example'] });
    expect(taken.status).toBe(409);
    const contact = await createContact(t.admin, { emails: ['sepp@xn--mnchen-idn-9db.example'] });
    expect(contact).toMatchObject({ emails: ['sepp@münchen-idn.example'], company: { id: company.id } });
    expect((await lookup('SEPP@MÜNCHEN-IDN.example')).body.contact?.id).toBe(contact.id);
    expect((await lookup('new@xn--mnchen-idn-9db.example')).body).toMatchObject({
      contact: null,
      company: { id: company.id },
      companyMatchedBy: 'domain',
    });
  });
});

describe('logging an email the way the mail sync hands it over', () => {
  it("matches Graph's mixed-case and punycode addresses to contacts", async () => {
    const nino = await createContact(t.admin, { emails: [`nino@${unique('fab')}.example`] });
    const misha = await createContact(t.admin, { emails: ['მიშა@bücher-log.example'] });
    const res = await logEmail(t.admin, {
      from: { email: ` ${nino.emails[0].toUpperCase()} ` },
      to: [{ email: 'მიშა@xn--bcher-log-q9a.example' }],
    });
    expect(res.status).toBe(201);
    expect(res.body.contactIds.sort()).toEqual([nino.id, misha.id].sort());
    expect(res.body.email.participants.map((p: { email: string }) => p.email).sort()).toEqual(
      [nino.emails[0], 'მიშა@bücher-log.example'].sort(),
    );
  });

  it("links the company owning an unknown participant's domain, but not for the tenant's own domain", async () => {
    const domain = `${unique('acme')}.example`;
    const company = await createCompany(t.admin, { domains: [domain] });
    const res = await logEmail(t.admin, {
      from: { email: `stranger@${domain.toUpperCase()}` },
      to: [{ email: `admin@${t.domain}` }],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ contactIds: [], companyIds: [company.id] });
    const timeline = await t.admin.get(`/api/v1/companies/${company.id}/timeline`);
    expect(timeline.body.items.map((i: { id: string }) => i.id)).toContain(res.body.id);
  });

  it('logs the rest of an email when one participant is not an address it can use', async () => {
    const known = await createContact(t.admin, { emails: [`known@${unique('k')}.example`] });
    const res = await logEmail(t.admin, {
      from: { email: known.emails[0] },
      to: [{ email: 'Undisclosed recipients' }, { email: 'a@[192.0.2.1]' }],
      cc: [{ email: 'ნინო@example.ge' }],
    });
    expect(res.status).toBe(201);
    expect(res.body.contactIds).toEqual([known.id]);
    expect(res.body.email.participants).toEqual(
      expect.arrayContaining([
        { role: 'to', email: 'Undisclosed recipients', name: null },
        { role: 'to', email: 'a@[192.0.2.1]', name: null },
        { role: 'cc', email: 'ნინო@example.ge', name: null },
      ]),
    );
    const again = await logEmail(t.admin, {
      internetMessageId: res.body.email.internetMessageId,
      from: { email: 'also not an address' },
    });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(res.body.id);
  });
});

describe('rows stored before internationalised addresses were read', () => {
  it('still count as taken, in their punycode spelling', async () => {
    const owner = await createContact(t.admin, { emails: [`owner@${unique('o')}.example`] });
    const company = await createCompany(t.admin);
    const { tenantId } = await t.server.db.system.contact.findFirstOrThrow({ where: { id: owner.id } });
    // As an earlier version stored them: the domain in punycode.
    await t.server.db.system.contactEmail.create({
      data: { tenantId, contactId: owner.id, email: 'legacy@xn--bcher-legacy-dlb.example', isPrimary: false },
    });
    await t.server.db.system.companyDomain.create({
      data: { tenantId, companyId: company.id, domain: 'xn--bcher-legacy-dlb.example' },
    });
    const contact = await t.admin.post('/api/v1/contacts', { name: 'Twin', emails: ['legacy@bücher-legacy.example'] });
    expect(contact.status).toBe(409);
    expect(contact.body).toMatchObject({ code: 'EMAIL_TAKEN', errors: [{ path: 'emails.0' }] });
    const twin = await t.admin.post('/api/v1/companies', { name: 'Twin', domains: ['bücher-legacy.example'] });
    expect(twin.status).toBe(409);
    expect(twin.body).toMatchObject({ code: 'DOMAIN_TAKEN', errors: [{ path: 'domains.0' }] });
    expect((await lookup('LEGACY@bücher-legacy.example')).body.contact?.id).toBe(owner.id);
  });
});

describe('signing in with an internationalised address', () => {
  it('gives a development token to a mailbox of a tenant whose domain is internationalised, in either spelling', async () => {
    const label = unique('bücher');
    const unicodeDomain = `${label}.example`;
    await provisionTenant(t.server.db.system, { slug: unique('idn'), name: 'IDN', domains: [unicodeDomain] });
    const asciiDomain = domainToASCII(unicodeDomain);
    const signIn = await fetch(`${t.server.base}/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `ნინო@${asciiDomain}` }),
    });
    expect(signIn.status).toBe(200);
    const { token } = (await signIn.json()) as { token: string };
    const me = await new ApiClient(t.server.base, token).get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.email).toBe(`ნინო@${unicodeDomain}`);
  });
});
