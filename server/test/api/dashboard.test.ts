// The dashboard's figures against numbers worked out by hand (in the comments) on a
// fixture tenant written straight into the database, with times chosen on either
// side of each boundary; a second tenant's data, of the same kinds and in the same
// period, must count nowhere but in its own figures.
import { beforeAll, describe, expect, it } from 'vitest';
import { createCrmContext, recordEmails } from '../../src/crm/index.ts';
import { scopeToTenant, type SystemDb } from '../../src/db/index.ts';
import { createLogger } from '../../src/shared/log.ts';
import { createTenant, type TestTenant } from '../factories.ts';
import { unique, useTestServer } from '../harness.ts';

/** The server's clock: "now" for the default period and for the stale contacts' cutoff. */
const NOW = new Date('2026-06-15T12:00:00.000Z');
const JUNE = 'from=2026-06-01T00:00:00.000Z&to=2026-07-01T00:00:00.000Z';

const server = useTestServer({ now: () => NOW });

type Fixture = {
  api: TestTenant;
  tenantId: string;
  users: { alice: string; bob: string };
  pipelines: { sales: string; partners: string };
  stages: Record<'lead' | 'qualified' | 'proposal' | 'negotiation' | 'won' | 'lost' | 'retired', string>;
  contacts: Record<'never' | 'atCutoff' | 'afterCutoff' | 'january' | 'unowned' | 'yesterday', string>;
};

const ref = (id: string, displayName: string) => ({ id, displayName, email: expect.any(String) as string });

async function buildTenant(system: SystemDb, names: { alice: string; bob: string }): Promise<Fixture> {
  const api = await createTenant(server);
  const { id: tenantId } = await system.tenant.findUniqueOrThrow({ where: { slug: api.slug } });
  // The admin (who made the tenant) has no deals, emails or contacts: listed nowhere.
  const user = (displayName: string) =>
    system.user.create({ data: { tenantId, email: `${unique('u')}@${api.domain}`, displayName } }).then((u) => u.id);
  const alice = await user(names.alice);
  const bob = await user(names.bob);

  const sales = await system.pipeline.findFirstOrThrow({ where: { tenantId, isDefault: true } });
  const stageRows = await system.stage.findMany({
    where: { tenantId, pipelineId: sales.id },
    orderBy: { position: 'asc' },
  });
  const stageId = (name: string) => stageRows.find((s) => s.name === name)!.id;
  const stage = (pipelineId: string, name: string, position: number, extra: object = {}) =>
    system.stage
      .create({ data: { tenantId, pipelineId, name, position, probability: 40, ...extra } })
      .then((s) => s.id);
  const retired = await stage(sales.id, 'Retired', 7, { removedAt: new Date('2026-05-01T00:00:00Z') });
  await stage(sales.id, 'Gone', 8, { removedAt: new Date('2026-05-01T00:00:00Z') });
  const partners = await system.pipeline.create({ data: { tenantId, name: 'Partners' } });
  const partnerOpen = await stage(partners.id, 'Talking', 1);
  const partnerWon = await stage(partners.id, 'Signed', 2, { isWon: true });

  const stages = {
    lead: stageId('Lead'),
    qualified: stageId('Qualified'),
    proposal: stageId('Proposal'),
    negotiation: stageId('Negotiation'),
    won: stageId('Won'),
    lost: stageId('Lost'),
    retired,
  };
  type DealRow = {
    stageId: string;
    pipelineId?: string;
    ownerId: string | null;
    value: string;
    currency: string;
    status?: 'open' | 'won' | 'lost';
    closedAt?: string;
  };
  const deals: DealRow[] = [
    // Open in Sales.
    { stageId: stages.lead, ownerId: alice, value: '1000.00', currency: 'EUR' },
    { stageId: stages.lead, ownerId: alice, value: '250.50', currency: 'EUR' },
    { stageId: stages.lead, ownerId: bob, value: '300.00', currency: 'USD' },
    { stageId: stages.qualified, ownerId: bob, value: '2000.00', currency: 'EUR' },
    { stageId: stages.qualified, ownerId: null, value: '99.99', currency: 'EUR' },
    { stageId: stages.retired, ownerId: alice, value: '10.00', currency: 'EUR' },
    // Open in Partners.
    { stageId: partnerOpen, pipelineId: partners.id, ownerId: alice, value: '5000.00', currency: 'EUR' },
    // Won and lost, closed in June, on its first and last millisecond, and just outside it.
    {
      stageId: stages.won,
      ownerId: alice,
      value: '1500.00',
      currency: 'EUR',
      status: 'won',
      closedAt: '2026-06-01T00:00:00.000Z',
    },
    {
      stageId: stages.won,
      ownerId: bob,
      value: '700.00',
      currency: 'USD',
      status: 'won',
      closedAt: '2026-06-20T09:00:00.000Z',
    },
    {
      stageId: partnerWon,
      pipelineId: partners.id,
      ownerId: alice,
      value: '500.00',
      currency: 'EUR',
      status: 'won',
      closedAt: '2026-06-30T23:59:59.999Z',
    },
    {
      stageId: stages.won,
      ownerId: alice,
      value: '9999.00',
      currency: 'EUR',
      status: 'won',
      closedAt: '2026-07-01T00:00:00.000Z',
    },
    {
      stageId: stages.won,
      ownerId: bob,
      value: '8888.00',
      currency: 'EUR',
      status: 'won',
      closedAt: '2026-05-31T23:59:59.999Z',
    },
    {
      stageId: stages.lost,
      ownerId: bob,
      value: '800.00',
      currency: 'EUR',
      status: 'lost',
      closedAt: '2026-06-10T15:00:00.000Z',
    },
    {
      stageId: stages.lost,
      ownerId: null,
      value: '100.00',
      currency: 'EUR',
      status: 'lost',
      closedAt: '2026-06-11T15:00:00.000Z',
    },
  ];
  await system.deal.createMany({
    data: deals.map((d, i) => ({
      tenantId,
      name: `Deal ${i}`,
      pipelineId: d.pipelineId ?? sales.id,
      stageId: d.stageId,
      ownerId: d.ownerId,
      value: d.value,
      currency: d.currency,
      status: d.status ?? 'open',
      closedAt: d.closedAt ? new Date(d.closedAt) : null,
    })),
  });

  // Emails: logged from the add-in (loggedById) or captured by the sync (capturedById: whose mailbox).
  const email = (occurredAt: string, logged: { via: 'manual'; by: string } | { via: 'sync'; from: string | null }) =>
    system.timelineItem.create({
      data: {
        tenantId,
        kind: 'email',
        occurredAt: new Date(occurredAt),
        internetMessageId: `<${unique('m')}@mail.example>`,
        subject: 'Hello',
        direction: 'inbound',
        loggedVia: logged.via,
        loggedById: logged.via === 'manual' ? logged.by : null,
        capturedById: logged.via === 'sync' ? logged.from : null,
        loggedAt: new Date(occurredAt),
      },
    });
  // Alice logged two in June (on its last millisecond too), Bob one.
  await email('2026-06-02T08:00:00.000Z', { via: 'manual', by: alice });
  await email('2026-06-30T23:59:59.999Z', { via: 'manual', by: alice });
  await email('2026-06-05T08:00:00.000Z', { via: 'manual', by: bob });
  // Synced: one from each one's mailbox, and one credited to nobody (captured before there was capturedById).
  await email('2026-06-01T00:00:00.000Z', { via: 'sync', from: bob });
  await email('2026-06-06T08:00:00.000Z', { via: 'sync', from: alice });
  await email('2026-06-07T08:00:00.000Z', { via: 'sync', from: null });
  // Outside June.
  await email('2026-07-01T00:00:00.000Z', { via: 'manual', by: alice });
  await email('2026-05-31T23:59:59.999Z', { via: 'sync', from: bob });
  // Not an email.
  await system.timelineItem.create({
    data: { tenantId, kind: 'note', occurredAt: new Date('2026-06-03T08:00:00Z'), authorId: alice, body: 'Called' },
  });

  // Contacts around the 30-day cutoff (NOW − 30 days = 2026-05-16T12:00:00.000Z).
  const contact = (name: string, ownerId: string | null, lastContactedAt: string | null) =>
    system.contact
      .create({
        data: { tenantId, name, ownerId, lastContactedAt: lastContactedAt ? new Date(lastContactedAt) : null },
      })
      .then((c) => c.id);
  const contacts = {
    never: await contact('Never', alice, null),
    atCutoff: await contact('At cutoff', alice, '2026-05-16T12:00:00.000Z'),
    afterCutoff: await contact('After cutoff', alice, '2026-05-16T12:00:00.001Z'),
    january: await contact('January', bob, '2026-01-01T00:00:00.000Z'),
    unowned: await contact('Unowned', null, '2025-12-01T00:00:00.000Z'),
    yesterday: await contact('Yesterday', bob, '2026-06-14T12:00:00.000Z'),
  };
  return {
    api,
    tenantId,
    users: { alice, bob },
    pipelines: { sales: sales.id, partners: partners.id },
    stages,
    contacts,
  };
}

let a: Fixture;
let b: Fixture;
beforeAll(async () => {
  a = await buildTenant(server.db.system, { alice: 'Alice', bob: 'Bob' });
  // The same data in another tenant: were it counted, every number of `a` would double.
  b = await buildTenant(server.db.system, { alice: 'Anna', bob: 'Boris' });
});

describe('GET /dashboard/pipeline', () => {
  it("counts and sums the default pipeline's open deals per stage, per stage and owner, and per owner", async () => {
    const res = await a.api.admin.get('/api/v1/dashboard/pipeline');
    expect(res.status).toBe(200);
    const { alice, bob } = a.users;
    // Lead: 1000.00 + 250.50 EUR (Alice), 300.00 USD (Bob). Qualified: 2000.00 (Bob) + 99.99 (nobody).
    // Retired (removed, one open deal): 10.00 (Alice). Won, Lost and Partners' deals: not here.
    expect(res.body).toEqual({
      pipeline: { id: a.pipelines.sales, name: 'Sales' },
      total: {
        count: 6,
        value: [
          { currency: 'EUR', amount: '3360.49' },
          { currency: 'USD', amount: '300.00' },
        ],
      },
      stages: [
        {
          stage: { id: a.stages.lead, name: 'Lead', position: 1, probability: 10 },
          count: 3,
          value: [
            { currency: 'EUR', amount: '1250.50' },
            { currency: 'USD', amount: '300.00' },
          ],
          owners: [
            { owner: ref(alice, 'Alice'), count: 2, value: [{ currency: 'EUR', amount: '1250.50' }] },
            { owner: ref(bob, 'Bob'), count: 1, value: [{ currency: 'USD', amount: '300.00' }] },
          ],
        },
        {
          stage: { id: a.stages.qualified, name: 'Qualified', position: 2, probability: 25 },
          count: 2,
          value: [{ currency: 'EUR', amount: '2099.99' }],
          owners: [
            { owner: ref(bob, 'Bob'), count: 1, value: [{ currency: 'EUR', amount: '2000.00' }] },
            { owner: null, count: 1, value: [{ currency: 'EUR', amount: '99.99' }] },
          ],
        },
        {
          stage: { id: a.stages.proposal, name: 'Proposal', position: 3, probability: 50 },
          count: 0,
          value: [],
          owners: [],
        },
        {
          stage: { id: a.stages.negotiation, name: 'Negotiation', position: 4, probability: 75 },
          count: 0,
          value: [],
          owners: [],
        },
        {
          stage: { id: a.stages.retired, name: 'Retired', position: 7, probability: 40 },
          count: 1,
          value: [{ currency: 'EUR', amount: '10.00' }],
          owners: [{ owner: ref(alice, 'Alice'), count: 1, value: [{ currency: 'EUR', amount: '10.00' }] }],
        },
      ],
      owners: [
        { owner: ref(alice, 'Alice'), count: 3, value: [{ currency: 'EUR', amount: '1260.50' }] },
        {
          owner: ref(bob, 'Bob'),
          count: 2,
          value: [
            { currency: 'EUR', amount: '2000.00' },
            { currency: 'USD', amount: '300.00' },
          ],
        },
        { owner: null, count: 1, value: [{ currency: 'EUR', amount: '99.99' }] },
      ],
    });
  });

  it("narrows to one owner's deals and to another pipeline", async () => {
    const bobs = await a.api.admin.get(`/api/v1/dashboard/pipeline?ownerId=${a.users.bob}`);
    expect(bobs.status).toBe(200);
    expect(bobs.body.total).toEqual({
      count: 2,
      value: [
        { currency: 'EUR', amount: '2000.00' },
        { currency: 'USD', amount: '300.00' },
      ],
    });
    expect(bobs.body.stages.map((s: { count: number }) => s.count)).toEqual([1, 1, 0, 0]);
    expect(bobs.body.owners).toEqual([expect.objectContaining({ owner: ref(a.users.bob, 'Bob'), count: 2 })]);

    const partners = await a.api.admin.get(`/api/v1/dashboard/pipeline?pipelineId=${a.pipelines.partners}`);
    expect(partners.status).toBe(200);
    expect(partners.body.pipeline).toEqual({ id: a.pipelines.partners, name: 'Partners' });
    expect(partners.body.total).toEqual({ count: 1, value: [{ currency: 'EUR', amount: '5000.00' }] });
    expect(partners.body.stages.map((s: { stage: { name: string } }) => s.stage.name)).toEqual(['Talking']);
  });

  it('answers 404 for a pipeline of another tenant or none, and 400 for an id that is not one', async () => {
    const theirs = await a.api.admin.get(`/api/v1/dashboard/pipeline?pipelineId=${b.pipelines.sales}`);
    expect(theirs.status).toBe(404);
    expect(theirs.body.code).toBe('PIPELINE_NOT_FOUND');
    const bad = await a.api.admin.get('/api/v1/dashboard/pipeline?pipelineId=sales');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('query.pipelineId');
    // Another tenant's user as owner filter: none of this tenant's deals are theirs.
    const foreignOwner = await a.api.admin.get(`/api/v1/dashboard/pipeline?ownerId=${b.users.alice}`);
    expect(foreignOwner.body.total).toEqual({ count: 0, value: [] });
  });
});

describe('GET /dashboard/outcomes', () => {
  it('counts deals won and lost in the period by the time they closed, its first millisecond in, the next period out', async () => {
    const res = await a.api.admin.get(`/api/v1/dashboard/outcomes?${JUNE}`);
    expect(res.status).toBe(200);
    const { alice, bob } = a.users;
    // Won: 1500.00 EUR (Alice, June 1st 00:00), 700.00 USD (Bob), 500.00 EUR (Alice, Partners, June 30th 23:59:59.999).
    // Lost: 800.00 EUR (Bob), 100.00 EUR (nobody). July 1st 00:00 and May 31st: out.
    expect(res.body).toEqual({
      period: { from: '2026-06-01T00:00:00.000Z', to: '2026-07-01T00:00:00.000Z' },
      won: {
        count: 3,
        value: [
          { currency: 'EUR', amount: '2000.00' },
          { currency: 'USD', amount: '700.00' },
        ],
      },
      lost: { count: 2, value: [{ currency: 'EUR', amount: '900.00' }] },
      owners: [
        {
          owner: ref(alice, 'Alice'),
          won: { count: 2, value: [{ currency: 'EUR', amount: '2000.00' }] },
          lost: { count: 0, value: [] },
        },
        {
          owner: ref(bob, 'Bob'),
          won: { count: 1, value: [{ currency: 'USD', amount: '700.00' }] },
          lost: { count: 1, value: [{ currency: 'EUR', amount: '800.00' }] },
        },
        {
          owner: null,
          won: { count: 0, value: [] },
          lost: { count: 1, value: [{ currency: 'EUR', amount: '100.00' }] },
        },
      ],
    });
  });

  it('narrows to a pipeline and an owner', async () => {
    const partners = await a.api.admin.get(`/api/v1/dashboard/outcomes?${JUNE}&pipelineId=${a.pipelines.partners}`);
    expect(partners.body.won).toEqual({ count: 1, value: [{ currency: 'EUR', amount: '500.00' }] });
    expect(partners.body.lost).toEqual({ count: 0, value: [] });
    const bobs = await a.api.admin.get(`/api/v1/dashboard/outcomes?${JUNE}&ownerId=${a.users.bob}`);
    expect(bobs.body.won).toEqual({ count: 1, value: [{ currency: 'USD', amount: '700.00' }] });
    expect(bobs.body.lost).toEqual({ count: 1, value: [{ currency: 'EUR', amount: '800.00' }] });
    expect(bobs.body.owners).toHaveLength(1);
  });

  it('defaults to the 30 days up to now', async () => {
    // 2026-05-16T12:00 to 2026-06-15T12:00: Alice's 1500.00 (June 1st), Bob's 8888.00 (May 31st) and both lost deals.
    const res = await a.api.admin.get('/api/v1/dashboard/outcomes');
    expect(res.status).toBe(200);
    expect(res.body.period).toEqual({ from: '2026-05-16T12:00:00.000Z', to: NOW.toISOString() });
    expect(res.body.won).toEqual({ count: 2, value: [{ currency: 'EUR', amount: '10388.00' }] });
    expect(res.body.lost.count).toBe(2);
  });

  it.each([
    ['from=2026-07-01T00:00:00Z&to=2026-06-01T00:00:00Z', 'query.from', 'must be before'],
    ['from=2026-06-01T00:00:00Z&to=2026-06-01T00:00:00Z', 'query.from', 'must be before'],
    ['from=2030-01-01T00:00:00Z', 'query.from', 'must be before'],
    ['from=2025-01-01T00:00:00Z', 'query.from', 'at most 400 days'],
    ['from=2025-01-01T00:00:00Z&to=2026-02-06T00:00:00Z', 'query.to', 'at most 400 days'],
    ['from=yesterday', 'query.from', 'ISO 8601'],
  ])('answers 400 for the period %s', async (query, path, message) => {
    const res = await a.api.admin.get(`/api/v1/dashboard/outcomes?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe(path);
    expect(res.body.errors[0].message).toContain(message);
  });
});

describe('GET /dashboard/email-activity', () => {
  it('counts the emails of the period per salesperson, logged by them or captured from their mailbox', async () => {
    const res = await a.api.admin.get(`/api/v1/dashboard/email-activity?${JUNE}`);
    expect(res.status).toBe(200);
    // Manual: Alice 2, Bob 1. Sync: Bob 1, Alice 1, nobody 1. July 1st, May 31st and the note: out.
    expect(res.body).toEqual({
      period: { from: '2026-06-01T00:00:00.000Z', to: '2026-07-01T00:00:00.000Z' },
      total: { manual: 3, sync: 3 },
      users: [
        { user: ref(a.users.alice, 'Alice'), manual: 2, sync: 1 },
        { user: ref(a.users.bob, 'Bob'), manual: 1, sync: 1 },
        { user: null, manual: 0, sync: 1 },
      ],
    });
  });

  it('credits an email the sync captures to the user whose mailbox it read, once however many mailboxes see it', async () => {
    const c = await createTenant(server);
    const { id: tenantId } = await server.db.system.tenant.findUniqueOrThrow({ where: { slug: c.slug } });
    const contact = await server.db.system.contact.create({
      data: {
        tenantId,
        name: 'Nino',
        emails: { create: { email: 'nino@fabrikam.example', isPrimary: true } },
      },
    });
    const mailboxOf = async (displayName: string) => {
      const user = await server.db.system.user.create({
        data: { tenantId, email: `${unique('u')}@${c.domain}`, displayName },
      });
      return createCrmContext({
        db: scopeToTenant(server.db.system, tenantId),
        actor: { kind: 'mailbox-sync', mailbox: user.email, mailboxUserId: user.id },
        log: createLogger('silent'),
        clock: { now: () => NOW },
      });
    };
    const dana = await mailboxOf('Dana');
    const emil = await mailboxOf('Emil');
    const message = {
      internetMessageId: `<${unique('sync')}@fabrikam.example>`,
      subject: 'Quote',
      sentAt: new Date('2026-06-10T08:00:00Z'),
      from: { email: 'nino@fabrikam.example' },
      contactIds: [contact.id],
    };
    // Emil's mailbox captures it first; Dana's sees the same message later.
    await recordEmails(emil, [message]);
    await recordEmails(dana, [message]);
    const res = await c.admin.get(`/api/v1/dashboard/email-activity?${JUNE}`);
    expect(res.body.total).toEqual({ manual: 0, sync: 1 });
    expect(res.body.users).toEqual([{ user: expect.objectContaining({ displayName: 'Emil' }), manual: 0, sync: 1 }]);
  });

  it('answers empty figures for a period without email', async () => {
    const res = await a.api.admin.get(
      '/api/v1/dashboard/email-activity?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z',
    );
    expect(res.body).toMatchObject({ total: { manual: 0, sync: 0 }, users: [] });
  });
});

describe('GET /dashboard/stale-contacts', () => {
  it('counts contacts last contacted at or before now − N days, or never, and lists the longest without first', async () => {
    const res = await a.api.admin.get('/api/v1/dashboard/stale-contacts?days=30');
    expect(res.status).toBe(200);
    // Cutoff 2026-05-16T12:00:00.000Z: never (Alice), at the cutoff (Alice), January (Bob), December (nobody).
    // One millisecond after the cutoff and yesterday: not.
    expect(res.body).toEqual({
      days: 30,
      cutoff: '2026-05-16T12:00:00.000Z',
      total: 4,
      owners: [
        { owner: ref(a.users.alice, 'Alice'), count: 2 },
        { owner: ref(a.users.bob, 'Bob'), count: 1 },
        { owner: null, count: 1 },
      ],
      contacts: [
        {
          id: a.contacts.never,
          name: 'Never',
          owner: ref(a.users.alice, 'Alice'),
          company: null,
          lastContactedAt: null,
        },
        {
          id: a.contacts.unowned,
          name: 'Unowned',
          owner: null,
          company: null,
          lastContactedAt: '2025-12-01T00:00:00.000Z',
        },
        {
          id: a.contacts.january,
          name: 'January',
          owner: ref(a.users.bob, 'Bob'),
          company: null,
          lastContactedAt: '2026-01-01T00:00:00.000Z',
        },
        {
          id: a.contacts.atCutoff,
          name: 'At cutoff',
          owner: ref(a.users.alice, 'Alice'),
          company: null,
          lastContactedAt: '2026-05-16T12:00:00.000Z',
        },
      ],
    });
  });

  it("narrows to an owner's contacts, and defaults to 90 days", async () => {
    const alices = await a.api.admin.get(`/api/v1/dashboard/stale-contacts?days=30&ownerId=${a.users.alice}`);
    expect(alices.body.total).toBe(2);
    expect(alices.body.contacts.map((c: { id: string }) => c.id)).toEqual([a.contacts.never, a.contacts.atCutoff]);
    // 90 days: cutoff 2026-03-17T12:00: never, January, December.
    const byDefault = await a.api.admin.get('/api/v1/dashboard/stale-contacts');
    expect(byDefault.body).toMatchObject({ days: 90, cutoff: '2026-03-17T12:00:00.000Z', total: 3 });
  });

  it(`lists only the first 20`, async () => {
    const c = await createTenant(server);
    const { id: tenantId } = await server.db.system.tenant.findUniqueOrThrow({ where: { slug: c.slug } });
    await server.db.system.contact.createMany({
      data: Array.from({ length: 25 }, (_, i) => ({
        tenantId,
        name: `C${i}`,
        lastContactedAt: new Date(Date.UTC(2026, 0, 25 - i)),
      })),
    });
    const res = await c.admin.get('/api/v1/dashboard/stale-contacts?days=30');
    expect(res.body.total).toBe(25);
    expect(res.body.contacts).toHaveLength(20);
    expect(res.body.contacts[0]).toMatchObject({ name: 'C24', lastContactedAt: '2026-01-01T00:00:00.000Z' });
    expect(res.body.contacts[19]).toMatchObject({ name: 'C5' });
  });

  it.each([['0'], ['3651'], ['1.5'], ['many'], ['']])('answers 400 for days=%s', async (days) => {
    const res = await a.api.admin.get(`/api/v1/dashboard/stale-contacts?days=${days}`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('query.days');
  });
});

describe('tenant isolation', () => {
  it("gives the other tenant its own figures, under its own people's names", async () => {
    const pipeline = await b.api.admin.get('/api/v1/dashboard/pipeline');
    expect(pipeline.body.pipeline.id).toBe(b.pipelines.sales);
    expect(
      pipeline.body.owners.map((o: { owner: { displayName: string } | null }) => o.owner?.displayName ?? null),
    ).toEqual(['Anna', 'Boris', null]);
    const emails = await b.api.admin.get(`/api/v1/dashboard/email-activity?${JUNE}`);
    expect(emails.body.total).toEqual({ manual: 3, sync: 3 });
    const stale = await b.api.admin.get('/api/v1/dashboard/stale-contacts?days=30');
    expect(stale.body.contacts.map((c: { id: string }) => c.id)).toContain(b.contacts.never);
    expect(stale.body.total).toBe(4);
  });

  it('answers a member too, and nobody without a token', async () => {
    const member = await a.api.member();
    expect((await member.api.get('/api/v1/dashboard/stale-contacts?days=30')).body.total).toBe(4);
    expect((await server.anonymous().get('/api/v1/dashboard/pipeline')).status).toBe(401);
  });
});
