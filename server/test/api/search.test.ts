// `q` matches its characters literally, case-insensitively: %, _ and \ are not
// LIKE wildcards or escapes. For each searchable field, a fresh tenant holds rows
// whose text has or lacks those characters, and every query must find exactly
// the rows that contain it.
import { beforeAll, describe, expect, it } from 'vitest';
import { createCompany, createContact, createDeal, createTenant } from '../factories.ts';
import { useTestServer, type ApiClient, type ApiResponse } from '../harness.ts';

const server = useTestServer();

const TEXTS = ['Sale 50% Ltd', 'Sale 500 Ltd', 'Xa_bX', 'XaxbX', 'Back\\slash', 'Plain', 'Rate 100%_\\ mix'];
const QUERIES = ['50%', 'a_b', '\\', 'a\\b', '%', '_', '%%', '\\%', '\\\\', 'sale 5', '%_\\'];

type Field = {
  list: string;
  /** Creates a row carrying text in the field; returns the id the list answers with. */
  make: (api: ApiClient, text: string) => Promise<string>;
  texts: string[];
  queries: string[];
};

const FIELDS: Record<string, Field> = {
  'contacts by name': {
    list: 'contacts',
    make: async (api, name) => (await createContact(api, { name })).id,
    texts: TEXTS,
    queries: QUERIES,
  },
  'contacts by company name': {
    list: 'contacts',
    make: async (api, name) => {
      const company = await createCompany(api, { name });
      return (await createContact(api, { name: 'Person', companyId: company.id })).id;
    },
    texts: TEXTS,
    queries: QUERIES,
  },
  'contacts by email address': {
    list: 'contacts',
    make: async (api, email) => (await createContact(api, { name: 'Person', emails: [email] })).id,
    texts: ['a_b@x.example', 'axb@x.example', 'plain@x.example'],
    queries: ['a_b', '_', 'A_B@'],
  },
  'companies by name': {
    list: 'companies',
    make: async (api, name) => (await createCompany(api, { name })).id,
    texts: TEXTS,
    queries: QUERIES,
  },
  'companies by domain': {
    list: 'companies',
    make: async (api, domain) => (await createCompany(api, { name: 'Firm', domains: [domain] })).id,
    texts: ['ab-c.example', 'abxc.example'],
    queries: ['b_c', 'b-c', '_', '%'],
  },
  'deals by name': {
    list: 'deals',
    make: async (api, name) => (await createDeal(api, { name })).id,
    texts: TEXTS,
    queries: QUERIES,
  },
};

describe.each(Object.entries(FIELDS))('search: %s', (_name, field) => {
  let api: ApiClient;
  const idOf = new Map<string, string>();
  beforeAll(async () => {
    api = (await createTenant(server)).admin;
    for (const text of field.texts) idOf.set(text, await field.make(api, text));
  });

  it.each(field.queries)('q=%s finds exactly the rows that contain it', async (q) => {
    const res = await api.get(`/api/v1/${field.list}?limit=100&q=${encodeURIComponent(q)}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const expected = field.texts.filter((text) => text.toLowerCase().includes(q.toLowerCase()));
    const found = field.texts.filter((text) =>
      res.body.items.some((item: { id: string }) => item.id === idOf.get(text)),
    );
    expect(found).toEqual(expected);
    expect(res.body.items).toHaveLength(expected.length);
  });
});

describe('paging through search results', () => {
  it.each(['contacts', 'companies'])(
    '%s: one row per page gives the same rows in the same order as one page of all, each once',
    async (list) => {
      const api = (await createTenant(server)).admin;
      const company = await createCompany(api, { name: 'Zeta needle works', domains: ['needle-co.example'] });
      if (list === 'contacts') {
        // One match per way of matching: name, address, company name; and one matching twice.
        await createContact(api, { name: 'Anna Needle' });
        await createContact(api, { name: 'Bo', emails: ['bo@needle-mail.example'] });
        await createContact(api, { name: 'Cy', companyId: company.id });
        await createContact(api, { name: 'Needle Dee', emails: ['dee@needle-mail.example'] });
        await createContact(api, { name: 'Unrelated' });
      } else {
        await createCompany(api, { name: 'Needle first', domains: ['first.example'] });
        await createCompany(api, { name: 'Plain', domains: ['needle-domain.example'] });
        await createCompany(api, { name: 'Unrelated', domains: ['other.example'] });
      }
      const all = await api.get(`/api/v1/${list}?limit=100&q=needle`);
      const ids: string[] = all.body.items.map((i: { id: string }) => i.id);
      expect(ids.length).toBe(list === 'contacts' ? 4 : 3);
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page: ApiResponse = await api.get(
          `/api/v1/${list}?limit=1&q=needle${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(page.status).toBe(200);
        paged.push(...page.body.items.map((i: { id: string }) => i.id));
        cursor = page.body.nextCursor;
      } while (cursor && paged.length < 10);
      expect(paged).toEqual(ids);
    },
  );
});
