// Tenant isolation, endpoint by endpoint. Tenant A owns records; tenant B (an
// admin, so roles are not what stops it) calls every endpoint with A's ids and
// must get 404 for them, and never see A's data in a list. The table must name
// every route the API has: a new endpoint fails here until it has its case.
import { beforeAll, describe, expect, it } from 'vitest';
import { crmRoutes } from '../../src/crm/index.ts';
import { createCompany, createContact, createDeal, defaultPipeline, logEmail, useTestTenant } from '../factories.ts';
import type { ApiClient } from '../harness.ts';

const a = useTestTenant();
const b = useTestTenant({ server: a.server });
const server = a.server;
let ids: Record<'contact' | 'company' | 'deal' | 'pipeline' | 'stage' | 'task' | 'user', string>;
let secrets: string[];
const messageId = `<isolated-${Date.now()}@tenant-a.example>`;

beforeAll(async () => {
  const company = await createCompany(a.admin, { name: 'Secret Company A', domains: ['secret-a.example'] });
  const contact = await createContact(a.admin, {
    name: 'Secret Contact A',
    emails: ['secret@secret-a.example'],
    companyId: company.id,
  });
  const deal = await createDeal(a.admin, { name: 'Secret Deal A', companyId: company.id, contactIds: [contact.id] });
  const pipeline = await defaultPipeline(a.admin);
  const task = await a.admin.post('/api/v1/tasks', { title: 'Secret Task A', contactId: contact.id });
  expect(
    (await logEmail(a.admin, { internetMessageId: messageId, from: { email: 'secret@secret-a.example' } })).status,
  ).toBe(201);
  await a.admin.post('/api/v1/notes', { contactId: contact.id, body: 'Secret Note A' });
  ids = {
    contact: contact.id,
    company: company.id,
    deal: deal.id,
    pipeline: pipeline.id,
    stage: pipeline.stages[1].id,
    task: task.body.id,
    user: a.adminId,
  };
  secrets = [...Object.values(ids), 'Secret', 'secret-a.example'];
});

type Case = (api: ApiClient) => Promise<{ status: number; body: any }>;

const cases: Record<string, Case> = {
  'get /me': (api) => api.get('/api/v1/me'),
  'get /users': (api) => api.get('/api/v1/users'),
  'get /contacts/lookup': async (api) => {
    const res = await api.get('/api/v1/contacts/lookup?email=secret@secret-a.example');
    const { email, ...card } = res.body; // the address B asked about is echoed back: that is B's own input
    expect(email).toBe('secret@secret-a.example');
    expect(card).toMatchObject({ contact: null, company: null, deals: [], timeline: [] });
    return { status: res.status, body: card };
  },
  'get /contacts': (api) => api.get('/api/v1/contacts?q=secret'),
  'post /contacts': (api) => api.post('/api/v1/contacts', { name: 'B', companyId: ids.company }),
  'get /contacts/:id': (api) => api.get(`/api/v1/contacts/${ids.contact}`),
  'patch /contacts/:id': (api) => api.patch(`/api/v1/contacts/${ids.contact}`, { name: 'Taken over' }),
  'delete /contacts/:id': (api) => api.delete(`/api/v1/contacts/${ids.contact}`),
  'get /companies': (api) => api.get('/api/v1/companies?q=secret'),
  'post /companies': (api) => api.post('/api/v1/companies', { name: 'B', ownerId: ids.user }),
  'get /companies/:id': (api) => api.get(`/api/v1/companies/${ids.company}`),
  'patch /companies/:id': (api) => api.patch(`/api/v1/companies/${ids.company}`, { name: 'Taken over' }),
  'delete /companies/:id': (api) => api.delete(`/api/v1/companies/${ids.company}`),
  'get /pipelines': (api) => api.get('/api/v1/pipelines'),
  'post /pipelines': async (api) => {
    // Creating a pipeline involves no foreign id; what B creates must stay B's.
    const res = await api.post('/api/v1/pipelines', { name: 'B only', stages: [{ name: 'S', probability: 1 }] });
    const seenByA = await a.admin.get(`/api/v1/pipelines/${res.body.id}`);
    return seenByA.status === 404 ? { status: 404, body: {} } : { status: 500, body: seenByA.body };
  },
  'get /pipelines/:id': (api) => api.get(`/api/v1/pipelines/${ids.pipeline}`),
  'patch /pipelines/:id': (api) => api.patch(`/api/v1/pipelines/${ids.pipeline}`, { name: 'Taken over' }),
  'post /pipelines/:id/stages': (api) =>
    api.post(`/api/v1/pipelines/${ids.pipeline}/stages`, { name: 'X', probability: 1 }),
  'patch /pipelines/:id/stages/:stageId': (api) =>
    api.patch(`/api/v1/pipelines/${ids.pipeline}/stages/${ids.stage}`, { name: 'Taken over' }),
  'put /pipelines/:id/stage-order': (api) =>
    api.put(`/api/v1/pipelines/${ids.pipeline}/stage-order`, { stageIds: [ids.stage] }),
  'delete /pipelines/:id/stages/:stageId': (api) => api.delete(`/api/v1/pipelines/${ids.pipeline}/stages/${ids.stage}`),
  'get /deals': (api) => api.get('/api/v1/deals?q=secret'),
  'post /deals': (api) =>
    api.post('/api/v1/deals', { name: 'B', currency: 'EUR', pipelineId: ids.pipeline, stageId: ids.stage }),
  'get /deals/:id': (api) => api.get(`/api/v1/deals/${ids.deal}`),
  'patch /deals/:id': (api) => api.patch(`/api/v1/deals/${ids.deal}`, { name: 'Taken over' }),
  'delete /deals/:id': (api) => api.delete(`/api/v1/deals/${ids.deal}`),
  'get /deals/:id/timeline': (api) => api.get(`/api/v1/deals/${ids.deal}/timeline`),
  'post /timeline/emails': (api) => logEmail(api, { internetMessageId: messageId, contactIds: [ids.contact] }),
  'get /timeline/emails/status': (api) =>
    api.get(`/api/v1/timeline/emails/status?internetMessageId=${encodeURIComponent(messageId)}`),
  'post /notes': (api) => api.post('/api/v1/notes', { contactId: ids.contact, body: 'B writes on A' }),
  'get /contacts/:id/timeline': (api) => api.get(`/api/v1/contacts/${ids.contact}/timeline`),
  'get /companies/:id/timeline': (api) => api.get(`/api/v1/companies/${ids.company}/timeline`),
  'get /tasks': (api) => api.get('/api/v1/tasks?view=all&status=any'),
  'post /tasks': (api) => api.post('/api/v1/tasks', { title: 'B', assigneeId: ids.user }),
  'post /tasks/:id/complete': (api) => api.post(`/api/v1/tasks/${ids.task}/complete`),
};

describe('tenant isolation', () => {
  it('has a case for every endpoint', () => {
    const routes = crmRoutes.map((r) => `${r.method} ${r.path}`).sort();
    expect(Object.keys(cases).sort()).toEqual(routes);
  });

  it.each(crmRoutes.map((r) => `${r.method} ${r.path}`))(
    '%s shows and changes nothing of another tenant',
    async (key) => {
      const res = await cases[key]!(b.admin);
      const text = JSON.stringify(res.body);
      for (const secret of secrets) expect(text).not.toContain(secret);
      const route = crmRoutes.find((r) => `${r.method} ${r.path}` === key)!;
      const namesForeignId = route.params !== undefined || route.method !== 'get';
      if (namesForeignId && key !== 'post /timeline/emails') {
        expect(res.status, text).toBe(404);
      } else if (key === 'post /timeline/emails') {
        // B's own copy of the message may exist, but A's contact is not B's to link.
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('CONTACT_NOT_FOUND');
      } else {
        expect(res.status, text).toBe(200);
      }
    },
  );

  it("left every one of A's records as it was", async () => {
    expect((await a.admin.get(`/api/v1/contacts/${ids.contact}`)).body.name).toBe('Secret Contact A');
    expect((await a.admin.get(`/api/v1/companies/${ids.company}`)).body.name).toBe('Secret Company A');
    expect((await a.admin.get(`/api/v1/deals/${ids.deal}`)).body.name).toBe('Secret Deal A');
    const pipeline = await defaultPipeline(a.admin);
    expect(pipeline.name).toBe('Sales');
    expect(pipeline.stages).toHaveLength(6);
    const tasks = await a.admin.get('/api/v1/tasks?view=all');
    expect(tasks.body.items.find((x: any) => x.id === ids.task).done).toBe(false);
    const timeline = await a.admin.get(`/api/v1/contacts/${ids.contact}/timeline`);
    expect(JSON.stringify(timeline.body)).not.toContain('B writes on A');
    const status = await b.admin.get(
      `/api/v1/timeline/emails/status?internetMessageId=${encodeURIComponent(messageId)}`,
    );
    expect(status.body.logged).toBe(false);
  });

  it('the database refuses a cross-tenant link even if a query were written wrong', async () => {
    const bContact = await createContact(b.admin);
    const bTenantId = (await b.admin.get('/api/v1/me')).body.tenant.id;
    await expect(
      server.db.system.contact.update({
        where: { tenantId_id: { tenantId: bTenantId, id: bContact.id } },
        data: { companyId: ids.company },
      }),
    ).rejects.toThrow();
  });
});
