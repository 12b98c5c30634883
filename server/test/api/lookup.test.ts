import { describe, expect, it } from 'vitest';
import { createCompany, createContact, createDeal, defaultPipeline, logEmail, useTestTenant } from '../factories.ts';
import { unique } from '../harness.ts';

const t = useTestTenant();

const lookup = (email: string) => t.admin.get(`/api/v1/contacts/lookup?email=${encodeURIComponent(email)}`);

describe('GET /contacts/lookup', () => {
  it('returns the contact, its company, open deals with their stage, the last 10 items and last contact', async () => {
    const domain = `${unique('fab')}.example`;
    const company = await createCompany(t.admin, { domains: [domain] });
    const contact = await createContact(t.admin, { emails: [`nino@${domain}`] });
    const pipeline = await defaultPipeline(t.admin);
    const own = await createDeal(t.admin, { contactIds: [contact.id], stageId: pipeline.stages[2].id });
    const companyDeal = await createDeal(t.admin, { companyId: company.id });
    const closed = await createDeal(t.admin, { contactIds: [contact.id] });
    await t.admin.patch(`/api/v1/deals/${closed.id}`, { stageId: pipeline.stages.find((s: any) => s.isWon).id });
    for (let day = 1; day <= 12; day++) {
      await logEmail(t.admin, {
        from: { email: `nino@${domain}` },
        sentAt: `2026-10-${String(day).padStart(2, '0')}T08:00:00Z`,
      });
    }

    const res = await lookup(`Nino@${domain.toUpperCase()}`);
    expect(res.status).toBe(200);
    expect(res.body.contact).toMatchObject({ id: contact.id, company: { id: company.id } });
    expect(res.body.company).toMatchObject({ id: company.id, domains: [domain] });
    expect(res.body.companyMatchedBy).toBe('contact');
    expect(res.body.deals.map((d: any) => d.id).sort()).toEqual([own.id, companyDeal.id].sort());
    expect(res.body.deals.find((d: any) => d.id === own.id).stage).toMatchObject({
      name: 'Proposal',
      position: 3,
      stageCount: 6,
      probability: 50,
    });
    expect(res.body.timeline).toHaveLength(10);
    expect(res.body.timeline[0].kind).toBe('stage_change');
    const emails = res.body.timeline.filter((i: any) => i.kind === 'email');
    expect(emails[0].occurredAt).toBe('2026-10-12T08:00:00.000Z');
    expect(res.body.lastContactedAt).toBe('2026-10-12T08:00:00.000Z');
  });

  it('matches an unknown address to the company owning its domain', async () => {
    const domain = `${unique('dom')}.example`;
    const company = await createCompany(t.admin, { domains: [domain] });
    const deal = await createDeal(t.admin, { companyId: company.id });
    const res = await lookup(`stranger@${domain}`);
    expect(res.body).toMatchObject({
      email: `stranger@${domain}`,
      contact: null,
      company: { id: company.id },
      companyMatchedBy: 'domain',
      timeline: [],
      lastContactedAt: null,
    });
    expect(res.body.deals.map((d: any) => d.id)).toEqual([deal.id]);
  });

  it('answers an empty card for an address nobody knows, and 400 for a non-address', async () => {
    const res = await lookup('nobody@nowhere.example');
    expect(res.body).toEqual({
      email: 'nobody@nowhere.example',
      contact: null,
      company: null,
      companyMatchedBy: null,
      deals: [],
      timeline: [],
      lastContactedAt: null,
    });
    const bad = await lookup('not an address');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('query.email');
  });
});
