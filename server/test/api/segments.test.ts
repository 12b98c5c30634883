// Saved segments (the lists' saved views): who sees and changes them, what they
// accept, the audit trail, and how a list combines a segment with its own filters.
import { beforeAll, describe, expect, it } from 'vitest';
import { createCompany, createContact, defaultPipeline, useTestTenant } from '../factories.ts';
import type { ApiClient } from '../harness.ts';

const t = useTestTenant();
const other = useTestTenant({ server: t.server });

let alice: { api: ApiClient; id: string };
let bob: { api: ApiClient; id: string };
const names = (res: { body: { items: { name: string }[] } }) => res.body.items.map((i) => i.name);

beforeAll(async () => {
  alice = await t.member();
  bob = await t.member();
});

const post = (api: ApiClient, body: Record<string, unknown>) =>
  api.post('/api/v1/segments', { entity: 'contact', filter: {}, ...body });

describe('segments', () => {
  it('creates, reads, lists, changes and deletes its own segment, with audit events', async () => {
    const created = await post(alice.api, {
      name: 'VIPs gone quiet',
      filter: { tags: ['vip'], noContactDays: 90, owner: 'me' },
      sort: 'lastContactedAt',
      order: 'desc',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      name: 'VIPs gone quiet',
      entity: 'contact',
      filter: { tags: ['vip'], noContactDays: 90, owner: 'me' },
      sort: 'lastContactedAt',
      order: 'desc',
      shared: false,
      editable: true,
      owner: { id: alice.id },
    });
    const id = created.body.id;
    expect((await alice.api.get(`/api/v1/segments/${id}`)).body.name).toBe('VIPs gone quiet');
    expect(names(await alice.api.get('/api/v1/segments?entity=contact'))).toContain('VIPs gone quiet');
    expect(names(await alice.api.get('/api/v1/segments?entity=company'))).not.toContain('VIPs gone quiet');

    const changed = await alice.api.patch(`/api/v1/segments/${id}`, { name: 'Quiet VIPs', filter: { tags: ['vip'] } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Quiet VIPs', filter: { tags: ['vip'] }, sort: 'lastContactedAt' });
    expect((await alice.api.delete(`/api/v1/segments/${id}`)).status).toBe(204);
    expect((await alice.api.get(`/api/v1/segments/${id}`)).status).toBe(404);

    const audit = await t.admin.get('/api/v1/audit?limit=100');
    const events = audit.body.items.filter((e: { targetId: string }) => e.targetId === id);
    expect(events.map((e: { action: string }) => e.action).sort()).toEqual([
      'segment.created',
      'segment.deleted',
      'segment.updated',
    ]);
    expect(events.every((e: { actor: { userId: string } }) => e.actor.userId === alice.id)).toBe(true);
  });

  it("lists the caller's own and the shared segments; another's private one is not found", async () => {
    const mine = await post(alice.api, { name: 'Alice private' });
    const shared = await post(alice.api, { name: 'Alice shared', shared: true });
    const bobs = names(await bob.api.get('/api/v1/segments'));
    expect(bobs).toContain('Alice shared');
    expect(bobs).not.toContain('Alice private');
    expect((await bob.api.get(`/api/v1/segments/${mine.body.id}`)).status).toBe(404);
    expect((await bob.api.get(`/api/v1/contacts?segmentId=${mine.body.id}`)).status).toBe(404);
    const seen = await bob.api.get(`/api/v1/segments/${shared.body.id}`);
    expect(seen.body).toMatchObject({ name: 'Alice shared', editable: false });
  });

  it("refuses a member's change or deletion of another member's shared segment (403); an admin may", async () => {
    const shared = await post(alice.api, { name: 'Team view', shared: true });
    const id = shared.body.id;
    const patch = await bob.api.patch(`/api/v1/segments/${id}`, { name: 'Mine now' });
    expect(patch.status).toBe(403);
    expect(patch.body.code).toBe('FORBIDDEN');
    expect((await bob.api.delete(`/api/v1/segments/${id}`)).status).toBe(403);
    expect((await alice.api.get(`/api/v1/segments/${id}`)).body.name).toBe('Team view');
    // A private one of Alice's: not even found by Bob.
    const own = await post(alice.api, { name: 'Alice only' });
    expect((await bob.api.patch(`/api/v1/segments/${own.body.id}`, { name: 'x' })).status).toBe(404);
    // Admins tidy up anyone's.
    const renamed = await t.admin.patch(`/api/v1/segments/${id}`, { name: 'Renamed by admin', shared: false });
    expect(renamed.body).toMatchObject({ name: 'Renamed by admin', editable: true, owner: { id: alice.id } });
    expect((await t.admin.delete(`/api/v1/segments/${own.body.id}`)).status).toBe(204);
  });

  it.each([
    ['an unknown filter field', { filter: { colour: 'red' } }, 'body.filter'],
    ['negative days', { filter: { noContactDays: -5 } }, 'body.filter.noContactDays'],
    ['an owner that is neither me, none nor an id', { filter: { owner: 'them' } }, 'body.filter.owner'],
    ['an unknown sort', { sort: 'email' }, 'body.sort'],
    ['an entity that is no list', { entity: 'deal' }, 'body.entity'],
    ['an empty name', { name: ' ' }, 'body.name'],
    [
      'a company segment by company',
      { entity: 'company', filter: { companyId: crypto.randomUUID() } },
      'filter.companyId',
    ],
    ['a company segment sorted by lastContactedAt', { entity: 'company', sort: 'lastContactedAt' }, 'sort'],
  ])('refuses %s with 400', async (_label, body, field) => {
    const res = await post(alice.api, { name: 'Bad', ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).join(' ')).toContain(field);
  });

  it("refuses ids of no record of the tenant (another tenant's stage, company, user) with 404", async () => {
    const foreignStage = (await defaultPipeline(other.admin)).stages[0].id;
    const foreignCompany = (await createCompany(other.admin)).id;
    for (const [filter, field] of [
      [{ openDealStageId: foreignStage }, 'filter.openDealStageId'],
      [{ companyId: foreignCompany }, 'filter.companyId'],
      [{ owner: other.adminId }, 'filter.owner'],
    ] as const) {
      const res = await post(alice.api, { name: 'Foreign', filter });
      expect(res.status, JSON.stringify(res.body)).toBe(404);
      expect(res.body.errors[0].path).toBe(field);
    }
    const mine = await post(alice.api, { name: 'Will not change' });
    const res = await alice.api.patch(`/api/v1/segments/${mine.body.id}`, {
      filter: { openDealStageId: foreignStage },
    });
    expect(res.status).toBe(404);
    expect((await alice.api.get(`/api/v1/segments/${mine.body.id}`)).body.filter).toEqual({});
  });
});

describe('lists with a segment', () => {
  let ids: Record<string, string>;
  beforeAll(async () => {
    ids = {};
    const acme = await createCompany(t.admin, { name: 'Seg Acme', tags: ['vip'] });
    for (const [name, api, tags] of [
      ['Seg Ann', alice.api, ['vip']],
      ['Seg Bo', bob.api, ['vip']],
      ['Seg Cid', alice.api, []],
      ['Seg Dot', bob.api, ['vip', 'eu']],
    ] as const) {
      ids[name] = (await createContact(api, { name, tags, companyId: acme.id })).id;
    }
    ids.acme = acme.id;
  });

  const listNames = async (api: ApiClient, query: string) => {
    const res = await api.get(`/api/v1/contacts?q=Seg&limit=100&${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return names(res);
  };

  it("applies the segment's filter, combined with the request's own (both hold)", async () => {
    const vip = await post(alice.api, { name: 'VIP', filter: { tags: ['vip'] }, shared: true });
    expect(await listNames(alice.api, `segmentId=${vip.body.id}`)).toEqual(['Seg Ann', 'Seg Bo', 'Seg Dot']);
    expect(await listNames(alice.api, `segmentId=${vip.body.id}&tag=eu`)).toEqual(['Seg Dot']);
    expect(await listNames(alice.api, `segmentId=${vip.body.id}&owner=me`)).toEqual(['Seg Ann']);
  });

  it('takes "me" in a shared segment as the user viewing the list', async () => {
    const mine = await post(alice.api, { name: 'My VIPs', filter: { tags: ['vip'], owner: 'me' }, shared: true });
    expect(await listNames(alice.api, `segmentId=${mine.body.id}`)).toEqual(['Seg Ann']);
    expect(await listNames(bob.api, `segmentId=${mine.body.id}`)).toEqual(['Seg Bo', 'Seg Dot']);
  });

  it("sorts by the segment's sort unless the request names one", async () => {
    const desc = await post(alice.api, { name: 'Z first', sort: 'name', order: 'desc' });
    expect(await listNames(alice.api, `segmentId=${desc.body.id}`)).toEqual([
      'Seg Dot',
      'Seg Cid',
      'Seg Bo',
      'Seg Ann',
    ]);
    expect(await listNames(alice.api, `segmentId=${desc.body.id}&sort=name`)).toEqual([
      'Seg Ann',
      'Seg Bo',
      'Seg Cid',
      'Seg Dot',
    ]);
  });

  it('refuses a company segment on the contact list, and the reverse', async () => {
    const companies = await post(alice.api, { name: 'Companies', entity: 'company', filter: { tags: ['vip'] } });
    const res = await alice.api.get(`/api/v1/contacts?segmentId=${companies.body.id}`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('segmentId');
    const onCompanies = await alice.api.get(`/api/v1/companies?segmentId=${companies.body.id}`);
    expect(names(onCompanies)).toEqual(['Seg Acme']);
    const contactsSegment = await post(alice.api, { name: 'Contacts' });
    expect((await alice.api.get(`/api/v1/companies?segmentId=${contactsSegment.body.id}`)).status).toBe(400);
  });

  it('keeps working when a segment names a company that was deleted since', async () => {
    const co = await createCompany(t.admin, { name: 'Seg Gone' });
    const seg = await post(alice.api, { name: 'Gone company', filter: { companyId: co.id } });
    expect((await t.admin.delete(`/api/v1/companies/${co.id}`)).status).toBe(204);
    expect(await listNames(alice.api, `segmentId=${seg.body.id}`)).toEqual([]);
  });
});

describe('tags', () => {
  // A tenant of its own: exact counts.
  const tagged = useTestTenant({ server: t.server });
  const tags = (query: string) => tagged.admin.get(`/api/v1/tags?${query}`);

  beforeAll(async () => {
    for (const contactTags of [
      ['vip', 'eu'],
      ['vip'],
      ['VIP-lounge', '50%_off'],
      ['eu', 'vip'],
      ['وفادار'],
      ['Öresund'],
    ]) {
      await createContact(tagged.admin, { tags: contactTags });
    }
    await createCompany(tagged.admin, { tags: ['partner'] });
    // Another tenant's tags, one of them the same word: never counted here.
    await createContact(other.admin, { tags: ['vip', 'secret-tag'] });
  });

  it("lists the tenant's tags on contacts, most used first, then by name", async () => {
    const res = await tags('entity=contact');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      { tag: 'vip', count: 3 },
      { tag: 'eu', count: 2 },
      { tag: '50%_off', count: 1 },
      { tag: 'VIP-lounge', count: 1 },
      { tag: 'Öresund', count: 1 },
      { tag: 'وفادار', count: 1 },
    ]);
    expect((await tags('entity=company')).body.items).toEqual([{ tag: 'partner', count: 1 }]);
    expect((await tags('entity=contact&limit=2')).body.items.map((i: { tag: string }) => i.tag)).toEqual(['vip', 'eu']);
  });

  it('narrows to the tags that start with q, in any case, taking % and _ literally', async () => {
    const starting = async (q: string) =>
      (await tags(`entity=contact&q=${encodeURIComponent(q)}`)).body.items.map((i: { tag: string }) => i.tag);
    expect(await starting('vi')).toEqual(['vip', 'VIP-lounge']);
    expect(await starting('VIP-')).toEqual(['VIP-lounge']);
    expect(await starting('50%')).toEqual(['50%_off']);
    expect(await starting('5_')).toEqual([]);
    expect(await starting('%')).toEqual([]);
    expect(await starting('وف')).toEqual(['وفادار']);
    expect(await starting('Öre')).toEqual(['Öresund']);
    expect(await starting('öRE')).toEqual(['Öresund']);
  });

  it('refuses a missing or unknown entity and a limit out of range (400)', async () => {
    for (const query of [
      '',
      'entity=deal',
      'entity=contact&limit=0',
      'entity=contact&limit=101',
      'entity=contact&q=',
    ]) {
      const res = await tags(query);
      expect(res.status, query).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
  });
});
