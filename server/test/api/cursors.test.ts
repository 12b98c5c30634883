// Every cursor-paginated list refuses every cursor it did not hand out with
// 400 INVALID_CURSOR, before the cursor's values reach a query. The forgeries
// start from a real cursor of the list, so they follow its format wherever it goes.
import { beforeAll, describe, expect, it } from 'vitest';
import { createCompany, createContact, createDeal, createTenant, logEmail, useTestTenant } from '../factories.ts';

const t = useTestTenant();
const server = t.server;

const LISTS = [
  'contacts',
  'companies',
  'deals',
  'deals by change',
  'tasks',
  'contact timeline',
  'company timeline',
  'deal timeline',
] as const;
type List = (typeof LISTS)[number];

/** Each list's path (with limit=1, so the first page has a next one) and the cursor it handed out. */
const path = {} as Record<List, string>;
const realCursor = {} as Record<List, string>;

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const decode = (cursor: string): unknown[] => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
/** The values after the list's tag, replaced one by one. */
const mapKey = (cursor: string, f: (value: unknown) => unknown) => {
  const [kind, ...key] = decode(cursor);
  return encode([kind, ...key.map(f)]);
};

beforeAll(async () => {
  const company = await createCompany(t.admin);
  const contact = await createContact(t.admin, { companyId: company.id });
  await createContact(t.admin, { companyId: company.id });
  await createCompany(t.admin);
  const deal = await createDeal(t.admin, { companyId: company.id, contactIds: [contact.id] });
  await createDeal(t.admin);
  for (const title of ['Call back', 'Send offer']) {
    expect((await t.admin.post('/api/v1/tasks', { title, contactId: contact.id })).status).toBe(201);
  }
  for (const day of ['2026-03-01', '2026-03-02']) {
    const res = await logEmail(t.admin, { from: { email: contact.emails[0] }, sentAt: `${day}T10:00:00Z` });
    expect(res.status).toBe(201);
    for (const target of [{ companyId: company.id }, { dealId: deal.id }]) {
      const note = await t.admin.post('/api/v1/notes', { ...target, body: 'Note', occurredAt: `${day}T11:00:00Z` });
      expect(note.status).toBe(201);
    }
  }
  Object.assign(path, {
    contacts: '/api/v1/contacts?limit=1',
    companies: '/api/v1/companies?limit=1',
    deals: '/api/v1/deals?limit=1',
    'deals by change': '/api/v1/deals?sort=updated&limit=1',
    tasks: '/api/v1/tasks?view=all&status=any&limit=1',
    'contact timeline': `/api/v1/contacts/${contact.id}/timeline?limit=1`,
    'company timeline': `/api/v1/companies/${company.id}/timeline?limit=1`,
    'deal timeline': `/api/v1/deals/${deal.id}/timeline?limit=1`,
  } satisfies Record<List, string>);
  for (const list of LISTS) {
    const first = await t.admin.get(path[list]);
    expect(first.status, `${list}: ${JSON.stringify(first.body)}`).toBe(200);
    expect(first.body.nextCursor, list).toEqual(expect.any(String));
    realCursor[list] = first.body.nextCursor;
  }
});

const get = (list: List, cursor: string) => t.admin.get(`${path[list]}&cursor=${encodeURIComponent(cursor)}`);

function expectInvalidCursor(res: { status: number; body: any; headers: Headers }) {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ code: 'INVALID_CURSOR', errors: [{ path: 'cursor' }] });
}

/** Forged cursors, made from the list's own real cursor. */
const FORGERIES: Record<string, (own: string) => string | string[]> = {
  'a NUL character in one value (each in turn)': (own) =>
    decode(own).map((_, i) => encode(decode(own).map((v, j) => (i === j ? `${v as string}\u0000` : v)))),
  'a NUL character in every sort value': (own) => mapKey(own, (v) => `${v as string}\u0000`),
  'a sort value that is only NUL': (own) => mapKey(own, () => '\u0000'),
  'a lone surrogate in every sort value': (own) => mapKey(own, (v) => `${v as string}\ud800`),
  'numbers for the sort values': (own) => mapKey(own, () => 42),
  'nulls for the sort values': (own) => mapKey(own, () => null),
  'objects for the sort values': (own) => mapKey(own, () => ({ gt: '' })),
  'arrays for the sort values': (own) => mapKey(own, (v) => [v]),
  'words for the sort values': (own) => mapKey(own, () => 'yesterday'),
  'a uuid with a character too many': (own) => mapKey(own, (v) => (typeof v === 'string' ? `${v}0` : v)),
  'an impossible date': (own) => mapKey(own, (v) => (typeof v === 'string' ? '2026-02-30T25:61:00.000Z' : v)),
  'one sort value too many': (own) => encode([...decode(own), 'extra']),
  'one sort value too few': (own) => encode(decode(own).slice(0, -1)),
  'the tag alone': (own) => encode(decode(own).slice(0, 1)),
  'no tag (the sort key alone)': (own) => encode(decode(own).slice(1)),
  'the tag in another case': (own) => {
    const [kind, ...key] = decode(own);
    return encode([(kind as string).toUpperCase(), ...key]);
  },
  'an unknown tag': (own) => encode(['users', ...decode(own).slice(1)]),
  'an empty array': () => encode([]),
  'a JSON object': (own) => encode({ kind: decode(own)[0], key: decode(own).slice(1) }),
  'a JSON string': () => encode('contacts'),
  'JSON null': () => encode(null),
  'not JSON': () => Buffer.from('[contacts, 1]').toString('base64url'),
  'not UTF-8': () => Buffer.from([0x5b, 0x22, 0xff, 0xfe, 0x22, 0x5d]).toString('base64url'),
  'not base64url': () => 'not a cursor!',
  'standard base64 with padding': (own) => Buffer.from(decode(own).join()).toString('base64'),
  'an empty string': () => '',
  'over-long: a long sort value': (own) => mapKey(own, () => 'x'.repeat(3000)),
  'over-long: 10 kB of base64url': () => 'A'.repeat(10_000),
};

describe('cursors', () => {
  it.each(LISTS)('%s: its own cursor gives the next page', async (list) => {
    const first = await t.admin.get(path[list]);
    const next = await get(list, realCursor[list]);
    expect(next.status, JSON.stringify(next.body)).toBe(200);
    expect(next.body.items).toHaveLength(1);
    expect(next.body.items[0].id).not.toBe(first.body.items[0].id);
  });

  describe.each(Object.entries(FORGERIES))('a cursor with %s', (_name, forge) => {
    it.each(LISTS)('is refused by %s with 400 INVALID_CURSOR', async (list) => {
      for (const cursor of [forge(realCursor[list])].flat()) expectInvalidCursor(await get(list, cursor));
    });
  });

  describe.each(LISTS)("%s's cursor", (from) => {
    it.each(LISTS.filter((to) => to !== from))('is refused by %s', async (to) => {
      expectInvalidCursor(await get(to, realCursor[from]));
    });
  });

  it.each(LISTS)('%s: a raw NUL in the parameter is refused with 400 like any NUL in a query', async (list) => {
    const res = await get(list, 'abc\u0000');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'query.cursor' })]);
  });

  it('pages through 200-character names in a 3-byte script: their cursors are longer than 500 characters', async () => {
    const tenant = await createTenant(server);
    const company = await createCompany(tenant.admin);
    const names = ['ა', 'ბ', 'გ'].map((letter) => letter.repeat(200));
    for (const name of names) await createContact(tenant.admin, { name, companyId: company.id });
    await createCompany(tenant.admin, { name: names[0] });
    await createCompany(tenant.admin, { name: names[1] });

    let longest = 0;
    const pages = async (first: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: any = await tenant.admin.get(`${first}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        longest = Math.max(longest, res.body.nextCursor?.length ?? 0);
        seen.push(...res.body.items.map((c: { name: string }) => c.name));
        cursor = res.body.nextCursor;
      } while (cursor);
      return seen;
    };
    expect(await pages(`/api/v1/contacts?limit=1&companyId=${company.id}`)).toEqual(names);
    expect((await pages('/api/v1/companies?limit=1')).sort()).toEqual([company.name, names[0], names[1]].sort());
    expect(longest).toBeGreaterThan(500);
  });
});
