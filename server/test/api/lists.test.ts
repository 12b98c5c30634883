// The contact and company lists: every sort pages through every row once (ties,
// never-contacted rows last), every filter and their combinations return exactly
// the rows computed by hand from the fixture, and bad input is refused clearly.
import { beforeAll, describe, expect, it } from 'vitest';
import { createCompany, createContact, createDeal, defaultPipeline, useTestTenant } from '../factories.ts';
import type { ApiClient } from '../harness.ts';

const t = useTestTenant();
const other = useTestTenant({ server: t.server });
const DAY = 86_400_000;

type Row = {
  id: string;
  name: string;
  ownerId: string | null;
  tags: string[];
  companyId: string | null;
  lastContactedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

let member: { api: ApiClient; id: string };
let contacts: Row[] = [];
let companies: (Row & { contactIds: string[] })[] = [];
let stages: { id: string; name: string }[];
/** Contacts and companies with an open deal in each stage (by stage id). */
const openInStage = new Map<string, { contacts: Set<string>; companies: Set<string> }>();

/** Fixed instants, so ties in createdAt and updatedAt are real ties. */
const T0 = new Date('2026-01-01T00:00:00Z');

beforeAll(async () => {
  member = await t.member();
  const pipeline = await defaultPipeline(t.admin);
  stages = pipeline.stages.filter((s: { isWon: boolean; isLost: boolean }) => !s.isWon && !s.isLost);
  const s1 = stages[0]!;
  const s2 = stages[1]!;

  const acme = await createCompany(t.admin, { name: 'Acme', tags: ['vip'] });
  const beta = await createCompany(member.api, { name: 'Beta', tags: [] });
  const gamma = await createCompany(t.admin, { name: 'Gamma', tags: ['vip', 'eu'], ownerId: null });
  const delta = await createCompany(t.admin, { name: 'Delta', tags: ['eu'] });

  // name, owner, tags, company, days since last contact (null: never), created (days after T0)
  const admin = t.adminId;
  const fixture: [string, string | null, string[], string | null, number | null, number][] = [
    ['Ada', admin, ['vip'], acme.id, 1, 0],
    ['Ben', member.id, ['vip', 'eu'], acme.id, 100, 0],
    ['Cy', null, [], beta.id, null, 0],
    ['Dee', admin, ['eu'], gamma.id, 91, 1],
    ['Dee', member.id, ['vip'], null, 91, 1],
    ['Eve', admin, [], beta.id, 30, 2],
    ['Fay', null, ['vip', 'eu', 'x'], gamma.id, null, 2],
    ['Gus', member.id, [], null, 200, 3],
    ['Hal', admin, ['vip'], acme.id, 100, 3],
    ['Ivy', admin, [], null, 5, 3],
    ['Jo', null, [], delta.id, null, 4],
  ];
  const now = Date.now();
  for (const [name, ownerId, tags, companyId, daysAgo, createdDay] of fixture) {
    const c = await createContact(t.admin, { name, ownerId, tags, companyId, emails: [] });
    const lastContactedAt = daysAgo === null ? null : new Date(now - daysAgo * DAY);
    const createdAt = new Date(T0.getTime() + createdDay * DAY);
    // updatedAt: two groups of ties, in the reverse order of creation.
    const updatedAt = new Date(T0.getTime() + (createdDay < 2 ? 10 : 5) * DAY);
    await t.server.db.system.contact.updateMany({
      where: { id: c.id },
      data: { lastContactedAt, createdAt, updatedAt },
    });
    contacts.push({ id: c.id, name, ownerId, tags, companyId, lastContactedAt, createdAt, updatedAt });
  }
  const byName = (name: string) => contacts.filter((c) => c.name === name).map((c) => c.id);

  // Open deals: S1 for Ada and Ben (Acme), S2 for Cy (Beta); a lost deal in S1 for Eve (not open).
  await createDeal(t.admin, { companyId: acme.id, contactIds: byName('Ada').concat(byName('Ben')), stageId: s1.id });
  await createDeal(t.admin, { companyId: beta.id, contactIds: byName('Cy'), stageId: s2.id });
  const lost = await createDeal(t.admin, { companyId: delta.id, contactIds: byName('Eve'), stageId: s1.id });
  await t.server.db.system.deal.updateMany({ where: { id: lost.id }, data: { status: 'lost' } });
  openInStage.set(s1.id, { contacts: new Set([...byName('Ada'), ...byName('Ben')]), companies: new Set([acme.id]) });
  openInStage.set(s2.id, { contacts: new Set(byName('Cy')), companies: new Set([beta.id]) });

  const companyDays = [0, 0, 1, 2];
  for (const [i, co] of [acme, beta, gamma, delta].entries()) {
    const createdAt = new Date(T0.getTime() + companyDays[i]! * DAY);
    await t.server.db.system.company.updateMany({ where: { id: co.id }, data: { createdAt, updatedAt: createdAt } });
    companies.push({
      id: co.id,
      name: co.name,
      ownerId: co.owner?.id ?? null,
      tags: co.tags,
      companyId: null,
      lastContactedAt: null,
      createdAt,
      updatedAt: createdAt,
      contactIds: contacts.filter((c) => c.companyId === co.id).map((c) => c.id),
    });
  }
  contacts = contacts.sort(byNameThenId);
  companies = companies.sort(byNameThenId);
});

const byNameThenId = (a: Row, b: Row) => compare(a.name, b.name) || compare(a.id, b.id);
const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

/** Every row of a list, following nextCursor page by page. */
async function all(api: ApiClient, path: string, limit = 3) {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const sep = path.includes('?') ? '&' : '?';
    const res: { status: number; body: any } = await api.get(
      `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    ids.push(...res.body.items.map((item: { id: string }) => item.id));
    cursor = res.body.nextCursor;
    if (!cursor) return ids;
  }
  throw new Error('more than 100 pages');
}

type Sort = 'name' | 'lastContactedAt' | 'createdAt' | 'updatedAt';

/** The order the API promises: the key (nulls last in both orders), ties by id in the same direction. */
function expectedOrder(rows: Row[], sort: Sort, order: 'asc' | 'desc') {
  const sign = order === 'asc' ? 1 : -1;
  const key = (r: Row) => {
    const v = r[sort];
    return v instanceof Date ? v.getTime() : v;
  };
  return [...rows]
    .sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      if (ka === null && kb !== null) return 1;
      if (kb === null && ka !== null) return -1;
      return sign * ((ka === null || kb === null ? 0 : compare(ka, kb)) || compare(a.id, b.id));
    })
    .map((r) => r.id);
}

const ORDERS = ['asc', 'desc'] as const;

describe('contact list: sorts', () => {
  const cases = (['name', 'lastContactedAt', 'createdAt', 'updatedAt'] as const).flatMap((sort) =>
    ORDERS.map((order) => [sort, order] as const),
  );
  it.each(cases)('by %s %s pages through every contact once, in order (pages of 1, 2 and 4)', async (sort, order) => {
    const expected = expectedOrder(contacts, sort, order);
    for (const limit of [1, 2, 4]) {
      expect(await all(t.admin, `/api/v1/contacts?sort=${sort}&order=${order}`, limit)).toEqual(expected);
    }
  });

  it('sorts by name ascending by default, and never-contacted contacts come last by lastContactedAt', async () => {
    expect(await all(t.admin, '/api/v1/contacts')).toEqual(contacts.map((c) => c.id));
    const desc = await t.admin.get('/api/v1/contacts?sort=lastContactedAt&order=desc&limit=100');
    const names = desc.body.items.map((c: { name: string }) => c.name);
    expect(names.slice(0, 2)).toEqual(['Ada', 'Ivy']);
    expect(names.slice(-3).sort()).toEqual(['Cy', 'Fay', 'Jo']);
  });
});

describe('contact list: filters', () => {
  const cutoff = (days: number) => Date.now() - days * DAY;
  const stage = (i: number) => stages[i]!.id;
  const filters: [string, () => string, (c: Row) => boolean][] = [
    ['owner=me', () => 'owner=me', (c) => c.ownerId === t.adminId],
    ['owner=none', () => 'owner=none', (c) => c.ownerId === null],
    ['ownerId (a member)', () => `ownerId=${member.id}`, (c) => c.ownerId === member.id],
    ['one tag', () => 'tag=vip', (c) => c.tags.includes('vip')],
    ['two tags (both)', () => 'tag=vip&tag=eu', (c) => c.tags.includes('vip') && c.tags.includes('eu')],
    ['a tag nobody has', () => 'tag=none-such', () => false],
    ['companyId', () => `companyId=${companies[0]!.id}`, (c) => c.companyId === companies[0]!.id],
    [
      'noContactDays=90 (never contacted included)',
      () => 'noContactDays=90',
      (c) => c.lastContactedAt === null || c.lastContactedAt.getTime() < cutoff(90),
    ],
    [
      'noContactDays=150',
      () => 'noContactDays=150',
      (c) => c.lastContactedAt === null || c.lastContactedAt.getTime() < cutoff(150),
    ],
    [
      'openDealStageId (a lost deal does not count)',
      () => `openDealStageId=${stage(0)}`,
      (c) => openInStage.get(stage(0))!.contacts.has(c.id),
    ],
    [
      'openDealStageId (another stage)',
      () => `openDealStageId=${stage(1)}`,
      (c) => openInStage.get(stage(1))!.contacts.has(c.id),
    ],
    ['q', () => 'q=e', (c) => /e/i.test(c.name) || /e/i.test(companyName(c))],
    ['tag and owner', () => 'tag=vip&owner=me', (c) => c.tags.includes('vip') && c.ownerId === t.adminId],
    [
      'noContactDays and tag',
      () => 'noContactDays=90&tag=eu',
      (c) => c.tags.includes('eu') && (c.lastContactedAt === null || c.lastContactedAt.getTime() < cutoff(90)),
    ],
    [
      'q and tag and owner',
      () => `q=a&tag=vip&ownerId=${t.adminId}`,
      (c) => (/a/i.test(c.name) || /a/i.test(companyName(c))) && c.tags.includes('vip') && c.ownerId === t.adminId,
    ],
    [
      'open deal in stage and owner=me',
      () => `openDealStageId=${stage(0)}&owner=me`,
      (c) => openInStage.get(stage(0))!.contacts.has(c.id) && c.ownerId === t.adminId,
    ],
    ['owner=me and ownerId of another (both must hold)', () => `owner=me&ownerId=${member.id}`, () => false],
  ];
  const companyName = (c: Row) => companies.find((co) => co.id === c.companyId)?.name ?? '';

  it.each(filters)('%s: exactly the contacts it names, in every sort', async (_label, query, keep) => {
    const rows = contacts.filter(keep);
    for (const [sort, order] of [
      ['name', 'asc'],
      ['lastContactedAt', 'desc'],
      ['createdAt', 'asc'],
    ] as const) {
      const ids = await all(t.admin, `/api/v1/contacts?${query()}&sort=${sort}&order=${order}`, 2);
      expect(ids, `${sort} ${order}`).toEqual(expectedOrder(rows, sort, order));
    }
  });

  it('filters some of the fixture and not all of it (the table above is not vacuous)', () => {
    for (const [label, , keep] of filters.slice(0, 12)) {
      const n = contacts.filter(keep).length;
      if (label !== 'a tag nobody has') expect(n, label).toBeGreaterThan(0);
      expect(n, label).toBeLessThan(contacts.length);
    }
  });
});

describe('company list', () => {
  it('creates and updates tags, and answers them', async () => {
    const co = await createCompany(t.admin, { name: 'Tagged', tags: ['a', 'a', ' b '] });
    expect(co.tags).toEqual(['a', 'b']);
    const res = await t.admin.patch(`/api/v1/companies/${co.id}`, { tags: ['c'] });
    expect(res.body.tags).toEqual(['c']);
    expect((await t.admin.get(`/api/v1/companies/${co.id}`)).body.tags).toEqual(['c']);
    expect((await t.admin.patch(`/api/v1/companies/${co.id}`, { tags: [''] })).status).toBe(400);
    expect((await t.admin.delete(`/api/v1/companies/${co.id}`)).status).toBe(204);
  });

  it.each((['name', 'createdAt', 'updatedAt'] as const).flatMap((s) => ORDERS.map((o) => [s, o] as const)))(
    'by %s %s pages through every company once',
    async (sort, order) => {
      expect(await all(t.admin, `/api/v1/companies?sort=${sort}&order=${order}`, 1)).toEqual(
        expectedOrder(companies, sort, order),
      );
    },
  );

  const filters: [string, () => string, (c: (typeof companies)[number]) => boolean][] = [
    ['tag', () => 'tag=vip', (c) => c.tags.includes('vip')],
    ['two tags', () => 'tag=vip&tag=eu', (c) => c.tags.includes('vip') && c.tags.includes('eu')],
    ['owner=me', () => 'owner=me', (c) => c.ownerId === t.adminId],
    ['owner=none', () => 'owner=none', (c) => c.ownerId === null],
    ['ownerId', () => `ownerId=${member.id}`, (c) => c.ownerId === member.id],
    [
      // Acme has Ada (1 day ago); Beta has Eve (30 days); Gamma has Dee (91) and Fay (never); Delta has Jo (never).
      'noContactDays=90: no contact of theirs contacted in 90 days',
      () => 'noContactDays=90',
      (c) => ['Gamma', 'Delta'].includes(c.name),
    ],
    ['openDealStageId', () => `openDealStageId=${stages[0]!.id}`, (c) => c.name === 'Acme'],
    ['q and tag', () => 'q=a&tag=eu', (c) => ['Gamma', 'Delta'].includes(c.name)],
  ];
  it.each(filters)('%s: exactly the companies it names', async (_label, query, keep) => {
    expect(await all(t.admin, `/api/v1/companies?${query()}`, 1)).toEqual(companies.filter(keep).map((c) => c.id));
  });
});

describe('list input', () => {
  it.each([
    ['an unknown sort', '/api/v1/contacts?sort=email', 'query.sort'],
    ['an unknown order', '/api/v1/contacts?order=up', 'query.order'],
    ['negative days', '/api/v1/contacts?noContactDays=-1', 'query.noContactDays'],
    ['zero days', '/api/v1/contacts?noContactDays=0', 'query.noContactDays'],
    ['fractional days', '/api/v1/contacts?noContactDays=1.5', 'query.noContactDays'],
    ['days that are not a number', '/api/v1/contacts?noContactDays=ninety', 'query.noContactDays'],
    ['a malformed owner id', '/api/v1/contacts?ownerId=me', 'query.ownerId'],
    ['an unknown owner keyword', '/api/v1/contacts?owner=everyone', 'query.owner'],
    ['a malformed stage id', '/api/v1/contacts?openDealStageId=1', 'query.openDealStageId'],
    ['an empty tag', '/api/v1/contacts?tag=', 'query.tag'],
    ['21 tags', `/api/v1/contacts?${Array.from({ length: 21 }, (_, i) => `tag=t${i}`).join('&')}`, 'query.tag'],
    ['a company list sorted by lastContactedAt', '/api/v1/companies?sort=lastContactedAt', 'query.sort'],
    ['a malformed segment id', '/api/v1/companies?segmentId=x', 'query.segmentId'],
  ])('refuses %s with 400 naming the parameter', async (_label, path, field) => {
    const res = await t.admin.get(path);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
  });

  it('answers 404 for ids of no record of the tenant (another tenant’s included)', async () => {
    const otherPipeline = await defaultPipeline(other.admin);
    const otherCompany = await createCompany(other.admin);
    const cases: [string, string, string][] = [
      [`/api/v1/contacts?openDealStageId=${otherPipeline.stages[0].id}`, 'STAGE_NOT_FOUND', 'openDealStageId'],
      [`/api/v1/contacts?ownerId=${other.adminId}`, 'USER_NOT_FOUND', 'ownerId'],
      [`/api/v1/contacts?companyId=${otherCompany.id}`, 'COMPANY_NOT_FOUND', 'companyId'],
      [`/api/v1/companies?segmentId=${crypto.randomUUID()}`, 'SEGMENT_NOT_FOUND', 'segmentId'],
    ];
    for (const [path, code, field] of cases) {
      const res = await t.admin.get(path);
      expect(res.status, path).toBe(404);
      expect(res.body).toMatchObject({ code, errors: [{ path: field }] });
    }
  });

  it('refuses a cursor of another sort, order, filter-less list or list with INVALID_CURSOR', async () => {
    const byName = (await t.admin.get('/api/v1/contacts?limit=1')).body.nextCursor;
    const byCreated = (await t.admin.get('/api/v1/contacts?sort=createdAt&limit=1')).body.nextCursor;
    const companiesCursor = (await t.admin.get('/api/v1/companies?limit=1')).body.nextCursor;
    for (const path of [
      `/api/v1/contacts?sort=createdAt&cursor=${byName}`,
      `/api/v1/contacts?sort=name&order=desc&cursor=${byName}`,
      `/api/v1/contacts?sort=updatedAt&cursor=${byCreated}`,
      `/api/v1/contacts?cursor=${companiesCursor}`,
      `/api/v1/companies?cursor=${byName}`,
    ]) {
      const res = await t.admin.get(path);
      expect(res.status, path).toBe(400);
      expect(res.body.code).toBe('INVALID_CURSOR');
    }
    // The same cursor with its own sort is fine.
    expect((await t.admin.get(`/api/v1/contacts?sort=createdAt&cursor=${byCreated}`)).status).toBe(200);
  });

  it('takes an empty q as no search', async () => {
    expect(await all(t.admin, '/api/v1/contacts?q=', 100)).toEqual(contacts.map((c) => c.id));
  });

  it("shows none of another tenant's contacts, whatever the filter", async () => {
    await createContact(other.admin, { name: 'Ada', tags: ['vip'] });
    expect(await all(t.admin, '/api/v1/contacts?tag=vip&q=Ada', 100)).toEqual(
      contacts.filter((c) => c.name === 'Ada').map((c) => c.id),
    );
  });
});
