import { describe, expect, it } from 'vitest';
import {
  createCompany,
  createContact,
  createDeal,
  createTenant,
  defaultPipeline,
  useTestTenant,
} from '../factories.ts';

const t = useTestTenant();
const server = t.server;

const stageByName = (pipeline: any, name: string) => pipeline.stages.find((s: { name: string }) => s.name === name);

describe('pipelines', () => {
  it('creates a pipeline, adds, renames, reorders and removes stages', async () => {
    const created = await t.admin.post('/api/v1/pipelines', {
      name: 'Partners',
      stages: [
        { name: 'Intro', probability: 10 },
        { name: 'Signed', probability: 100, isWon: true },
      ],
    });
    expect(created.status).toBe(201);
    expect(created.body.stages.map((s: any) => [s.name, s.position])).toEqual([
      ['Intro', 1],
      ['Signed', 2],
    ]);
    const id = created.body.id;

    const added = await t.admin.post(`/api/v1/pipelines/${id}/stages`, { name: 'Pilot', probability: 40, position: 2 });
    expect(added.status).toBe(201);
    expect(added.body.stages.map((s: any) => [s.name, s.position])).toEqual([
      ['Intro', 1],
      ['Pilot', 2],
      ['Signed', 3],
    ]);

    const pilot = stageByName(added.body, 'Pilot');
    const renamed = await t.admin.patch(`/api/v1/pipelines/${id}/stages/${pilot.id}`, {
      name: 'Trial',
      probability: 45,
    });
    expect(stageByName(renamed.body, 'Trial')).toMatchObject({ probability: 45, position: 2 });

    const order = [...renamed.body.stages].reverse().map((s: any) => s.id);
    const reordered = await t.admin.put(`/api/v1/pipelines/${id}/stage-order`, { stageIds: order });
    expect(reordered.body.stages.map((s: any) => s.name)).toEqual(['Signed', 'Trial', 'Intro']);

    const incomplete = await t.admin.put(`/api/v1/pipelines/${id}/stage-order`, { stageIds: order.slice(1) });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.code).toBe('STAGE_ORDER_MISMATCH');

    const removed = await t.admin.delete(`/api/v1/pipelines/${id}/stages/${pilot.id}`);
    expect(removed.status).toBe(200);
    expect(removed.body.stages.map((s: any) => [s.name, s.position])).toEqual([
      ['Signed', 1],
      ['Intro', 2],
    ]);

    const renamedPipeline = await t.admin.patch(`/api/v1/pipelines/${id}`, { name: 'Channel partners' });
    expect(renamedPipeline.body.name).toBe('Channel partners');
  });

  it('refuses to remove a stage an open deal uses, and allows it once the deal moved', async () => {
    const t = await createTenant(server); // changes the default pipeline: not shared with other tests
    const pipeline = await defaultPipeline(t.admin);
    const proposal = stageByName(pipeline, 'Proposal');
    const deal = await createDeal(t.admin, { stageId: proposal.id });
    const refused = await t.admin.delete(`/api/v1/pipelines/${pipeline.id}/stages/${proposal.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('STAGE_IN_USE');
    await t.admin.patch(`/api/v1/deals/${deal.id}`, { stageId: stageByName(pipeline, 'Won').id });
    const ok = await t.admin.delete(`/api/v1/pipelines/${pipeline.id}/stages/${proposal.id}`);
    expect(ok.status).toBe(200);
    expect(ok.body.stages.map((s: any) => s.name)).not.toContain('Proposal');
    // The won deal keeps its history.
    const read = await t.admin.get(`/api/v1/deals/${deal.id}`);
    expect(read.body.stageHistory.map((h: any) => h.toStage.name)).toEqual(['Proposal', 'Won']);
  });

  it('refuses a stage that is both won and lost', async () => {
    const pipeline = await defaultPipeline(t.admin);
    const res = await t.admin.post(`/api/v1/pipelines/${pipeline.id}/stages`, {
      name: 'Odd',
      probability: 50,
      isWon: true,
      isLost: true,
    });
    expect(res.status).toBe(400);
  });
});

describe('deals', () => {
  it('creates a deal in the first stage of the default pipeline', async () => {
    const company = await createCompany(t.admin);
    const contact = await createContact(t.admin);
    const deal = await createDeal(t.admin, {
      name: 'Big one',
      value: 12500.5,
      currency: 'sek',
      companyId: company.id,
      contactIds: [contact.id],
      expectedCloseDate: '2027-01-31',
    });
    expect(deal).toMatchObject({
      name: 'Big one',
      value: '12500.50',
      currency: 'SEK',
      status: 'open',
      pipeline: { name: 'Sales' },
      stage: { name: 'Lead', position: 1, stageCount: 6, probability: 10 },
      company: { id: company.id },
      contactIds: [contact.id],
      expectedCloseDate: '2027-01-31',
      owner: { id: t.adminId },
    });
    expect(deal.stageHistory).toHaveLength(1);
  });

  it('moving a deal records the stage history and a stage change on the timelines', async () => {
    const company = await createCompany(t.admin);
    const contact = await createContact(t.admin, { companyId: company.id });
    const deal = await createDeal(t.admin, { companyId: company.id, contactIds: [contact.id] });
    const pipeline = await defaultPipeline(t.admin);
    const moved = await t.admin.patch(`/api/v1/deals/${deal.id}`, { stageId: stageByName(pipeline, 'Negotiation').id });
    expect(moved.status).toBe(200);
    expect(moved.body.stage).toMatchObject({ name: 'Negotiation', position: 4, probability: 75 });
    expect(moved.body.stageHistory.map((h: any) => [h.fromStage?.name ?? null, h.toStage.name])).toEqual([
      [null, 'Lead'],
      ['Lead', 'Negotiation'],
    ]);
    for (const path of [`/deals/${deal.id}`, `/contacts/${contact.id}`, `/companies/${company.id}`]) {
      const timeline = await t.admin.get(`/api/v1${path}/timeline`);
      expect(timeline.body.items[0]).toMatchObject({
        kind: 'stage_change',
        data: { dealId: deal.id, fromStage: { name: 'Lead' }, toStage: { name: 'Negotiation' } },
      });
    }
    const lost = await t.admin.patch(`/api/v1/deals/${deal.id}`, { stageId: stageByName(pipeline, 'Lost').id });
    expect(lost.body).toMatchObject({ status: 'lost' });
    expect(lost.body.closedAt).not.toBeNull();
    const reopened = await t.admin.patch(`/api/v1/deals/${deal.id}`, { stageId: stageByName(pipeline, 'Lead').id });
    expect(reopened.body).toMatchObject({ status: 'open', closedAt: null });
  });

  it('refuses a stage of another pipeline, and bad money or currency', async () => {
    const other = await t.admin.post('/api/v1/pipelines', {
      name: 'Other',
      stages: [{ name: 'Only', probability: 5 }],
    });
    const deal = await createDeal(t.admin);
    const res = await t.admin.patch(`/api/v1/deals/${deal.id}`, { stageId: other.body.stages[0].id });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('STAGE_NOT_IN_PIPELINE');
    const moved = await t.admin.patch(`/api/v1/deals/${deal.id}`, {
      pipelineId: other.body.id,
      stageId: other.body.stages[0].id,
    });
    expect(moved.body.pipeline.id).toBe(other.body.id);
    const bad = await t.admin.post('/api/v1/deals', { name: 'x', value: '12.345', currency: 'EURO' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.path).sort()).toEqual(['body.currency', 'body.value']);
    const negative = await t.admin.post('/api/v1/deals', { name: 'x', value: -1, currency: 'EUR' });
    expect(negative.status).toBe(400);
  });

  it('lists and filters deals, and deletes one', async () => {
    const tenant = await createTenant(server);
    const contact = await createContact(tenant.admin);
    const a = await createDeal(tenant.admin, { contactIds: [contact.id] });
    const b = await createDeal(tenant.admin);
    const all = await tenant.admin.get('/api/v1/deals?limit=1');
    expect(all.body.items.map((d: any) => d.id)).toEqual([b.id]);
    const next = await tenant.admin.get(`/api/v1/deals?limit=1&cursor=${all.body.nextCursor}`);
    expect(next.body.items.map((d: any) => d.id)).toEqual([a.id]);
    const byContact = await tenant.admin.get(`/api/v1/deals?contactId=${contact.id}`);
    expect(byContact.body.items.map((d: any) => d.id)).toEqual([a.id]);
    expect((await tenant.admin.delete(`/api/v1/deals/${a.id}`)).status).toBe(204);
    expect((await tenant.admin.get(`/api/v1/deals/${a.id}`)).status).toBe(404);
  });
});

describe('companies', () => {
  it('creates, searches, updates and deletes a company; its contacts stay', async () => {
    const company = await createCompany(t.admin, { name: 'Umbrella Unique', domains: ['WWW.Umbrella-u.example'] });
    expect(company.domains).toEqual(['umbrella-u.example']);
    const contact = await createContact(t.admin, { companyId: company.id });
    const found = await t.admin.get('/api/v1/companies?q=umbrella-u');
    expect(found.body.items.map((c: any) => c.id)).toEqual([company.id]);
    const taken = await t.admin.post('/api/v1/companies', { name: 'Copy', domains: ['umbrella-u.example'] });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('DOMAIN_TAKEN');
    const updated = await t.admin.patch(`/api/v1/companies/${company.id}`, {
      name: 'Umbrella Corp',
      domains: ['umbrella-u.example', 'umb.example'],
    });
    expect(updated.body.domains).toEqual(['umb.example', 'umbrella-u.example']);
    expect((await t.admin.delete(`/api/v1/companies/${company.id}`)).status).toBe(204);
    const orphan = await t.admin.get(`/api/v1/contacts/${contact.id}`);
    expect(orphan.status).toBe(200);
    expect(orphan.body.company).toBeNull();
  });
});
