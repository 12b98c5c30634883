// Tenant isolation, endpoint by endpoint, for every route of the registry (apiRoutes:
// the CRM, the sync, the console). Tenant A owns records; tenant B (an admin, so
// roles are not what stops it) calls every endpoint with A's ids and must get 404
// for them, and never see A's data in a list. The table must name every route the
// API has: a new endpoint fails here until it has its case (routes open to anyone,
// auth 'none', have no tenant to isolate: they are listed in PUBLIC_ROUTES instead).
import { beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '../contract.ts';
import { createCompany, createContact, createDeal, defaultPipeline, logEmail, useTestTenant } from '../factories.ts';
import type { ApiClient } from '../harness.ts';

const a = useTestTenant();
const b = useTestTenant({ server: a.server });
const server = a.server;
let ids: Record<
  'contact' | 'company' | 'deal' | 'pipeline' | 'stage' | 'task' | 'user' | 'email' | 'mailbox' | 'segment',
  string
>;
let secrets: string[];
const messageId = `<isolated-${Date.now()}@tenant-a.example>`;

beforeAll(async () => {
  const company = await createCompany(a.admin, {
    name: 'Secret Company A',
    domains: ['secret-a.example'],
    tags: ['Secret-Company-Tag-A'],
  });
  const contact = await createContact(a.admin, {
    name: 'Secret Contact A',
    emails: ['secret@secret-a.example'],
    companyId: company.id,
    tags: ['Secret-Tag-A'],
  });
  const deal = await createDeal(a.admin, { name: 'Secret Deal A', companyId: company.id, contactIds: [contact.id] });
  const pipeline = await defaultPipeline(a.admin);
  const task = await a.admin.post('/api/v1/tasks', { title: 'Secret Task A', contactId: contact.id });
  const email = await logEmail(a.admin, { internetMessageId: messageId, from: { email: 'secret@secret-a.example' } });
  expect(email.status).toBe(201);
  await a.admin.post('/api/v1/notes', { contactId: contact.id, body: 'Secret Note A' });
  // What the console shows A's admin: the organisation, the sync's settings and mailboxes, the audit log.
  expect(
    (await a.admin.patch('/api/v1/tenant', { name: 'Secret Tenant A', domains: ['secret-a.example'] })).status,
  ).toBe(200);
  const settings = { bodyStorage: 'full', skipBulk: false, blocked: ['secret-blocked.example'] };
  expect((await a.admin.put('/api/v1/sync/settings', settings)).status).toBe(200);
  // A shared saved view naming A's stage and company: B must neither see nor use it.
  const segment = await a.admin.post('/api/v1/segments', {
    name: 'Secret Segment A',
    entity: 'contact',
    filter: { companyId: company.id, openDealStageId: pipeline.stages[1].id, tags: ['secret-tag'] },
    shared: true,
  });
  expect(segment.status, JSON.stringify(segment.body)).toBe(201);
  const tenantId = (await a.admin.get('/api/v1/me')).body.tenant.id as string;
  const mailbox = await server.db.system.mailbox.create({
    data: { tenantId, userId: a.adminId, graphUserId: 'secret-graph-user', address: 'secret-mailbox@secret-a.example' },
  });
  ids = {
    contact: contact.id,
    company: company.id,
    deal: deal.id,
    pipeline: pipeline.id,
    stage: pipeline.stages[1].id,
    task: task.body.id,
    user: a.adminId,
    email: email.body.id,
    mailbox: mailbox.id,
    segment: segment.body.id,
  };
  secrets = [...Object.values(ids), 'Secret', 'secret-a.example'];
});

type Case = (api: ApiClient) => Promise<{ status: number; body: any }>;

/** Routes open to anyone (auth 'none'): no tenant to isolate, but each is named here on purpose. */
const PUBLIC_ROUTES: string[] = [
  // How to sign in, before there is a token.
  'get /auth/config',
  // What connecting an organisation asks, for people whose organisation is not connected yet.
  'get /onboarding',
];

/**
 * What B gets where the rule below (a foreign id or a write: 404; a read: 200) does not
 * apply: writes to B's own settings, which name nothing of A's.
 */
const EXPECTED_STATUS: Record<string, number> = {
  'patch /tenant': 200,
  'put /sync/settings': 200,
  'put /me/sync': 200,
  // No sync service on this server: 503 before anything is read. The service's refusal of a
  // directory another tenant connected is tested in server/test/sync/http.test.ts.
  'put /sync/connection': 503,
  // An import names no record by id: B's files are B's (the cases check what they matched).
  'post /imports/:entity/preview': 200,
  'post /imports/:entity': 200,
};

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
  'get /contacts': async (api) => {
    // A's segment, stage and company as filters name nothing B has: 404, never A's rows.
    for (const query of [`segmentId=${ids.segment}`, `openDealStageId=${ids.stage}`, `companyId=${ids.company}`]) {
      const res = await api.get(`/api/v1/contacts?${query}`);
      expect(res.status, query).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain('Secret');
    }
    return api.get('/api/v1/contacts?q=secret&tag=secret-tag');
  },
  'post /contacts': (api) => api.post('/api/v1/contacts', { name: 'B', companyId: ids.company }),
  'get /contacts/:id': (api) => api.get(`/api/v1/contacts/${ids.contact}`),
  'patch /contacts/:id': (api) => api.patch(`/api/v1/contacts/${ids.contact}`, { name: 'Taken over' }),
  'delete /contacts/:id': (api) => api.delete(`/api/v1/contacts/${ids.contact}`),
  'get /companies': async (api) => {
    for (const query of [`segmentId=${ids.segment}`, `openDealStageId=${ids.stage}`, `ownerId=${ids.user}`]) {
      expect((await api.get(`/api/v1/companies?${query}`)).status, query).toBe(404);
    }
    return api.get('/api/v1/companies?q=secret');
  },
  'get /segments': (api) => api.get('/api/v1/segments'),
  'post /segments': (api) =>
    api.post('/api/v1/segments', { name: 'B', entity: 'contact', filter: { openDealStageId: ids.stage } }),
  // B's tags only: A's contact's and company's tags are among the secrets.
  'get /tags': async (api) => {
    const companies = await api.get('/api/v1/tags?entity=company');
    expect(JSON.stringify(companies.body)).not.toContain('Secret');
    return api.get('/api/v1/tags?entity=contact');
  },
  'get /segments/:id': (api) => api.get(`/api/v1/segments/${ids.segment}`),
  'patch /segments/:id': (api) => api.patch(`/api/v1/segments/${ids.segment}`, { name: 'Taken over', shared: false }),
  'delete /segments/:id': (api) => api.delete(`/api/v1/segments/${ids.segment}`),
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
  'get /pipelines/:id/board': (api) => api.get(`/api/v1/pipelines/${ids.pipeline}/board?status=all`),
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
  'patch /tasks/:id': (api) => api.patch(`/api/v1/tasks/${ids.task}`, { title: 'Taken over' }),
  'post /tasks/:id/complete': (api) => api.post(`/api/v1/tasks/${ids.task}/complete`),
  'delete /timeline/emails/:id': (api) => api.delete(`/api/v1/timeline/emails/${ids.email}`),
  'patch /users/:id': (api) => api.patch(`/api/v1/users/${ids.user}`, { role: 'member', syncEnabled: false }),
  'patch /tenant': (api) => api.patch('/api/v1/tenant', { domains: ['b-own.example'] }),
  'get /audit': async (api) => {
    const all = await api.get('/api/v1/audit?limit=100');
    expect(all.body.items.length).toBeGreaterThan(0); // B's own events are there
    const foreign = await api.get(`/api/v1/audit?actorUserId=${ids.user}&q=Secret`);
    expect(foreign.body.items).toEqual([]);
    return all;
  },
  'get /audit/export': async (api) => {
    const res = await api.get('/api/v1/audit/export');
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    return res;
  },
  'get /sync/status': (api) => api.get('/api/v1/sync/status'),
  'post /sync/mailboxes/:id/resync': (api) => api.post(`/api/v1/sync/mailboxes/${ids.mailbox}/resync`),
  'put /sync/connection': (api) => api.put('/api/v1/sync/connection', { directoryTenantId: 'secret-a.example' }),
  'get /sync/settings': (api) => api.get('/api/v1/sync/settings'),
  'put /sync/settings': (api) =>
    api.put('/api/v1/sync/settings', { bodyStorage: 'none', skipBulk: true, blocked: ['b-only.example'] }),
  'put /sync/mailboxes/:id/folders': (api) =>
    api.put(`/api/v1/sync/mailboxes/${ids.mailbox}/folders`, { folderIds: ['b-folder'] }),
  'put /me/sync': (api) => api.put('/api/v1/me/sync', { enabled: true }),
  'get /admin/overview': async (api) => {
    const res = await api.get('/api/v1/admin/overview');
    expect(res.body.users.total).toBeGreaterThan(0); // B's own users only (secrets are checked below)
    return res;
  },
  'get /dashboard/pipeline': async (api) => {
    expect((await api.get(`/api/v1/dashboard/pipeline?pipelineId=${ids.pipeline}`)).status).toBe(404);
    const res = await api.get(`/api/v1/dashboard/pipeline?ownerId=${ids.user}`);
    expect(res.body.total).toEqual({ count: 0, value: [] });
    return api.get('/api/v1/dashboard/pipeline');
  },
  'get /dashboard/outcomes': (api) => api.get('/api/v1/dashboard/outcomes'),
  'get /dashboard/email-activity': async (api) => {
    const res = await api.get('/api/v1/dashboard/email-activity');
    expect(res.body.total.manual).toBe(0); // A's logged email is not B's
    return res;
  },
  'get /dashboard/stale-contacts': async (api) => {
    // A contact of A's never contacted: first in the list, were it B's.
    await createContact(a.admin, { name: 'Secret Stale A', emails: ['stale@secret-a.example'] });
    return api.get('/api/v1/dashboard/stale-contacts?days=1');
  },
  // B's files, whose rows match nothing of A's (imports.test.ts: an address or a domain
  // of another tenant's is not matched); the answer shows nothing of A's.
  'post /imports/:entity/preview': (api) =>
    api.request('POST', '/api/v1/imports/contacts/preview', undefined, {
      raw: 'Name,Email,Domain\nB Person,person@b-import.example,b-import.example\n',
      headers: { 'content-type': 'text/csv' },
    }),
  'post /imports/:entity': async (api) => {
    const res = await api.request('POST', '/api/v1/imports/contacts', undefined, {
      raw: 'Name,Email,Company\nB Person,person@b-import.example,B Import\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.body).toMatchObject({ created: 1, updated: 0, rejected: 0 });
    return res;
  },
  // B's own contacts and companies only (A's names are among the secrets).
  'get /exports/contacts.csv': (api) => api.get('/api/v1/exports/contacts.csv'),
  'get /exports/companies.csv': (api) => api.get('/api/v1/exports/companies.csv'),
  'get /admin/deployment': (api) => api.get('/api/v1/admin/deployment?host=https://crm.b.example'),
  'get /admin/manifest.xml': (api) => api.get('/api/v1/admin/manifest.xml?host=https://crm.b.example'),
  'get /admin/manifest.json': (api) => api.get('/api/v1/admin/manifest.json?host=https://crm.b.example'),
};

const tenantRoutes = allRoutes.filter((r) => r.auth !== 'none');

describe('tenant isolation', () => {
  it('has a case for every endpoint, and lists every public one', () => {
    const routes = tenantRoutes.map((r) => `${r.method} ${r.path}`).sort();
    const missing = routes.filter((route) => !(route in cases));
    expect(missing, 'routes without an isolation case').toEqual([]);
    expect(Object.keys(cases).sort()).toEqual(routes);
    const open = allRoutes.filter((r) => r.auth === 'none').map((r) => `${r.method} ${r.path}`);
    expect(open.sort(), 'routes open to anyone must be listed in PUBLIC_ROUTES').toEqual([...PUBLIC_ROUTES].sort());
  });

  it.each(tenantRoutes.map((r) => `${r.method} ${r.path}`))(
    '%s shows and changes nothing of another tenant',
    async (key) => {
      const res = await cases[key]!(b.admin);
      const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
      for (const secret of secrets) expect(text).not.toContain(secret);
      const route = tenantRoutes.find((r) => `${r.method} ${r.path}` === key)!;
      const namesForeignId = route.params !== undefined || route.method !== 'get';
      if (key in EXPECTED_STATUS) {
        expect(res.status, text).toBe(EXPECTED_STATUS[key]);
      } else if (namesForeignId && key !== 'post /timeline/emails') {
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
    expect((await a.admin.get(`/api/v1/segments/${ids.segment}`)).body).toMatchObject({
      name: 'Secret Segment A',
      shared: true,
    });
    expect((await a.admin.get(`/api/v1/deals/${ids.deal}`)).body.name).toBe('Secret Deal A');
    const pipeline = await defaultPipeline(a.admin);
    expect(pipeline.name).toBe('Sales');
    expect(pipeline.stages).toHaveLength(6);
    const tasks = await a.admin.get('/api/v1/tasks?view=all');
    expect(tasks.body.items.find((x: any) => x.id === ids.task)).toMatchObject({ done: false, title: 'Secret Task A' });
    const timeline = await a.admin.get(`/api/v1/contacts/${ids.contact}/timeline`);
    expect(JSON.stringify(timeline.body)).not.toContain('B writes on A');
    const status = await b.admin.get(
      `/api/v1/timeline/emails/status?internetMessageId=${encodeURIComponent(messageId)}`,
    );
    expect(status.body.logged).toBe(false);
    const aStatus = await a.admin.get(
      `/api/v1/timeline/emails/status?internetMessageId=${encodeURIComponent(messageId)}`,
    );
    expect(aStatus.body.itemId).toBe(ids.email);
    const me = await a.admin.get('/api/v1/me');
    expect(me.body).toMatchObject({
      role: 'admin',
      tenant: { name: 'Secret Tenant A', domains: ['secret-a.example'] },
    });
    expect((await a.admin.get('/api/v1/sync/settings')).body.blocked).toEqual(['secret-blocked.example']);
    const users = await a.admin.get('/api/v1/users');
    expect(users.body.items.find((u: { id: string }) => u.id === ids.user)).toMatchObject({ syncEnabled: true });
    const mailbox = await server.db.system.mailbox.findFirstOrThrow({ where: { id: ids.mailbox } });
    expect(mailbox.extraFolderIds).toEqual([]);
    const audit = await a.admin.get('/api/v1/audit?limit=100');
    const actors = new Set(audit.body.items.map((e: { actor: { userId: string } }) => e.actor.userId));
    expect([...actors]).toEqual([ids.user]);
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
