// The lookup card is one SQL statement that builds its JSON in PostgreSQL
// (crm/lookup/lookup.repository.ts). Whatever it returns must be what the
// per-resource endpoints say about the same records: the contact, its company, the
// open deals (GET /deals/:id without the history) and the first page of 10 of the
// contact's timeline. Checked on varied data, against those endpoints rather than
// hard-coded values, so a change to a response shape that the statement misses fails here.
import { domainToASCII } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createCompany,
  createContact,
  createDeal,
  createTenant,
  defaultPipeline,
  logEmail,
  useTestTenant,
  type TestTenant,
} from '../factories.ts';
import { type ApiClient, unique } from '../harness.ts';

const t = useTestTenant();

const lookup = (api: ApiClient, email: string) => api.get(`/api/v1/contacts/lookup?email=${encodeURIComponent(email)}`);

async function ok(promise: Promise<{ status: number; body: any }>) {
  const res = await promise;
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body;
}

/** Lists whose order no endpoint promises (link tables read without ORDER BY), sorted on both sides. */
function withSortedLinks(card: any) {
  const sorted = (ids: string[]) => [...ids].sort();
  return {
    ...card,
    deals: card.deals.map((d: any) => ({ ...d, contactIds: sorted(d.contactIds) })),
    timeline: card.timeline.map((i: any) => ({
      ...i,
      contactIds: sorted(i.contactIds),
      companyIds: sorted(i.companyIds),
      dealIds: sorted(i.dealIds),
    })),
  };
}

/** The card as the per-resource endpoints describe the records it is about. */
async function expectedCard(
  api: ApiClient,
  email: string,
  match: { contactId: string | null; companyId: string | null; by: 'contact' | 'domain' | null },
) {
  const contact = match.contactId ? await ok(api.get(`/api/v1/contacts/${match.contactId}`)) : null;
  const company = match.companyId ? await ok(api.get(`/api/v1/companies/${match.companyId}`)) : null;
  const dealIds = new Set<string>();
  for (const filter of [
    match.contactId && `contactId=${match.contactId}`,
    match.companyId && `companyId=${match.companyId}`,
  ]) {
    if (!filter) continue;
    const page = await ok(api.get(`/api/v1/deals?status=open&limit=100&${filter}`));
    for (const deal of page.items) dealIds.add(deal.id);
  }
  const deals = [];
  for (const id of [...dealIds].sort().reverse().slice(0, 20)) {
    const { stageHistory: _history, ...deal } = await ok(api.get(`/api/v1/deals/${id}`));
    deals.push(deal);
  }
  const timeline = match.contactId
    ? (await ok(api.get(`/api/v1/contacts/${match.contactId}/timeline?limit=10`))).items
    : [];
  return withSortedLinks({
    email,
    contact,
    company,
    companyMatchedBy: match.by,
    deals,
    timeline,
    lastContactedAt: contact?.lastContactedAt ?? null,
  });
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

describe('the lookup card, read in one statement, equals the per-resource responses', () => {
  let other: TestTenant;
  const domain = `${unique('acme')}.example`;
  const idnDomain = `bücher-${unique('x')}.example`;
  const onlyDomain = `${unique('only')}.example`;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const api = t.admin;
    const member = await t.member();
    const pipeline = await defaultPipeline(api);
    // A stage added then removed: it no longer counts in the pipeline's stageCount.
    const added = await ok(api.post(`/api/v1/pipelines/${pipeline.id}/stages`, { name: 'Gone', probability: 5 }));
    const gone = added.stages.find((s: any) => s.name === 'Gone');
    await ok(api.delete(`/api/v1/pipelines/${pipeline.id}/stages/${gone.id}`));

    const acme = await createCompany(api, { domains: [domain, `${unique('alt')}.example`], ownerId: member.id });
    const onlyCompany = await createCompany(api, { domains: [onlyDomain] });
    ids.acme = acme.id;
    ids.onlyCompany = onlyCompany.id;

    // Several addresses, the primary not first alphabetically; a company and an owner.
    const ana = await createContact(api, {
      name: 'Ana Lyst',
      title: 'Buyer',
      phone: '+49 30 1234',
      emails: [`zed@${domain}`, `ana@${domain}`, `ana.private@${unique('home')}.example`],
      companyId: acme.id,
      ownerId: member.id,
      tags: ['vip', 'emea'],
    });
    // An address on the company's domain but no company: no domain fallback for a known contact.
    const bo = await createContact(api, { name: 'Bo', emails: [`bo@${domain}`], companyId: null });
    const idn = await createContact(api, { name: 'Jörg', emails: [`jorg@${idnDomain}`] });
    ids.ana = ana.id;
    ids.bo = bo.id;
    ids.idn = idn.id;

    const stage = (i: number) => pipeline.stages[i].id;
    const own = await createDeal(api, {
      contactIds: [ana.id, bo.id],
      stageId: stage(2),
      value: '12500.5',
      expectedCloseDate: '2027-03-31',
      ownerId: member.id,
    });
    await createDeal(api, { companyId: acme.id, currency: 'usd' });
    await createDeal(api, { companyId: acme.id, contactIds: [ana.id] }); // both ways: listed once
    await createDeal(api, { contactIds: [bo.id] });
    await createDeal(api, { companyId: onlyCompany.id, stageId: stage(1) });
    const won = await createDeal(api, { contactIds: [ana.id] });
    await ok(api.patch(`/api/v1/deals/${won.id}`, { stageId: pipeline.stages.find((s: any) => s.isWon).id }));
    const lost = await createDeal(api, { companyId: acme.id });
    await ok(api.patch(`/api/v1/deals/${lost.id}`, { stageId: pipeline.stages.find((s: any) => s.isLost).id }));
    await ok(api.patch(`/api/v1/deals/${own.id}`, { stageId: stage(3) })); // a stage change on the timeline

    // More than 10 items: emails with participants (one with a name, cc'd, one outbound
    // logged by a member), notes, calls, task events, two items at the same instant.
    for (let i = 0; i < 5; i++) {
      const res = await logEmail(i === 3 ? member.api : api, {
        subject: i === 2 ? '' : `Offer ${i}`,
        sentAt: minutesAgo(30 + i * 7),
        from: i === 4 ? { email: `admin@${t.domain}` } : { email: `ana@${domain}`, name: 'Ana L.' },
        to: i === 4 ? [{ email: `ana@${domain}` }] : [{ email: `admin@${t.domain}`, name: 'Me' }],
        cc: [{ email: `bo@${domain}` }, { email: 'someone@elsewhere.example' }],
        preview: i === 1 ? undefined : `Preview ${i}`,
        conversationId: i === 0 ? 'conv-1' : undefined,
        dealId: i === 0 ? own.id : undefined,
      });
      expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    }
    const sameInstant = minutesAgo(40);
    for (const [kind, at] of [
      ['note', sameInstant],
      ['call', sameInstant],
      ['meeting', minutesAgo(20)],
      ['note', minutesAgo(600)],
    ] as const) {
      await ok(api.post('/api/v1/notes', { kind, body: `${kind} with Ana`, occurredAt: at, contactId: ana.id }));
    }
    await ok(api.post('/api/v1/notes', { body: 'About the deal', dealId: own.id, contactId: ana.id }));
    const task = await ok(api.post('/api/v1/tasks', { title: 'Call back', contactId: ana.id, dealId: own.id }));
    await ok(api.post(`/api/v1/tasks/${task.id}/complete`, {}));
    await ok(api.post('/api/v1/tasks', { title: 'Send offer', contactId: ana.id, assigneeId: member.id }));

    // Another tenant, on the same server, with the same addresses and domains.
    other = await createTenant(t.server);
    const otherCompany = await createCompany(other.admin, { domains: [domain, onlyDomain] });
    const otherAna = await createContact(other.admin, { emails: [`ana@${domain}`], companyId: otherCompany.id });
    await createDeal(other.admin, { contactIds: [otherAna.id], companyId: otherCompany.id });
    await logEmail(other.admin, { from: { email: `ana@${domain}` }, sentAt: minutesAgo(1) });
    ids.otherCompany = otherCompany.id;
    ids.otherAna = otherAna.id;
  });

  it('for a contact with several addresses, a company, deals both ways and more than 10 timeline items', async () => {
    const res = await lookup(t.admin, `ZED@${domain.toUpperCase()}`);
    expect(res.status).toBe(200);
    // The address as the card names it: lower case (EmailAddress).
    const expected = await expectedCard(t.admin, `zed@${domain}`, {
      contactId: ids.ana!,
      companyId: ids.acme!,
      by: 'contact',
    });
    expect(withSortedLinks(res.body)).toEqual(expected);
    // The fixture is what this test claims it is.
    expect(expected.contact.emails).toHaveLength(3);
    expect(expected.deals).toHaveLength(3);
    expect(expected.timeline).toHaveLength(10);
    expect(new Set(expected.timeline.map((i: any) => i.kind))).toEqual(
      new Set(['email', 'note', 'call', 'meeting', 'stage_change', 'task_created', 'task_completed']),
    );
    expect(expected.timeline.some((i: any) => i.email?.participants.length === 4)).toBe(true);
  });

  it('for a contact without a company whose address is on a company domain', async () => {
    const res = await lookup(t.admin, `bo@${domain}`);
    expect(withSortedLinks(res.body)).toEqual(
      await expectedCard(t.admin, `bo@${domain}`, { contactId: ids.bo!, companyId: null, by: null }),
    );
    expect(res.body.deals).toHaveLength(2);
  });

  it('for an internationalised domain, looked up in its ASCII spelling', async () => {
    const ascii = `JORG@${domainToASCII(idnDomain)}`;
    expect(ascii).toContain('xn--');
    const res = await lookup(t.admin, ascii);
    expect(res.body.contact?.id).toBe(ids.idn);
    expect(withSortedLinks(res.body)).toEqual(
      // The address as the card names it: the domain's Unicode spelling (EmailAddress).
      await expectedCard(t.admin, `jorg@${idnDomain}`, { contactId: ids.idn!, companyId: null, by: null }),
    );
  });

  it('for an unknown address on a company domain: the company and its open deals, no timeline', async () => {
    const res = await lookup(t.admin, `stranger@${onlyDomain}`);
    expect(withSortedLinks(res.body)).toEqual(
      await expectedCard(t.admin, `stranger@${onlyDomain}`, {
        contactId: null,
        companyId: ids.onlyCompany!,
        by: 'domain',
      }),
    );
    expect(res.body.deals).toHaveLength(1);
  });

  it('for an address nobody knows: an empty card', async () => {
    const email = `nobody@${unique('nowhere')}.example`;
    const res = await lookup(t.admin, email);
    expect(res.body).toEqual(await expectedCard(t.admin, email, { contactId: null, companyId: null, by: null }));
  });

  it("never shows another tenant's records for the same address, and each tenant sees its own", async () => {
    const mine = await lookup(t.admin, `ana@${domain}`);
    expect(mine.body.contact.id).toBe(ids.ana);
    const text = JSON.stringify(mine.body);
    expect(text).not.toContain(ids.otherAna);
    expect(text).not.toContain(ids.otherCompany);

    const theirs = await lookup(other.admin, `ana@${domain}`);
    expect(withSortedLinks(theirs.body)).toEqual(
      await expectedCard(other.admin, `ana@${domain}`, {
        contactId: ids.otherAna!,
        companyId: ids.otherCompany!,
        by: 'contact',
      }),
    );
    expect(JSON.stringify(theirs.body)).not.toContain(ids.ana);
    // Their domain match is their company, not ours.
    const domainMatch = await lookup(other.admin, `stranger@${onlyDomain}`);
    expect(withSortedLinks(domainMatch.body)).toEqual(
      await expectedCard(other.admin, `stranger@${onlyDomain}`, {
        contactId: null,
        companyId: ids.otherCompany!,
        by: 'domain',
      }),
    );
    expect(JSON.stringify(domainMatch.body)).not.toContain(ids.onlyCompany);
  });

  it('takes address characters literally (no pattern, no injection)', async () => {
    for (const email of [`%@${domain}`, `_na@${domain}`, `"a'b"@${domain}`]) {
      const res = await lookup(t.admin, email);
      expect(res.status).toBe(200);
      expect(res.body.contact).toBeNull();
    }
  });
});
