// Substring search for the contact and company lists (`q`), in raw SQL because
// Prisma cannot write it so that PostgreSQL can use the trigram indexes. Raw SQL
// is not tenant-scoped by the client extension: the tenant id is the scoped
// client's own, passed explicitly to every table of every query.
//
// The query is the union of one page per way to match (contact name, email
// address, company name), each ordered and limited, then ordered and limited
// again: the first page of the union lies within the first pages of its parts.
// Each part is planned on its own with the actual pattern, so PostgreSQL picks
// per part: a trigram index (Bitmap Index Scan on the (tenantId, text
// gin_trgm_ops) GIN index, then a sort of the few matches) for a selective
// fragment, or a walk of the (tenantId, name) index that stops after one page
// for a fragment most rows contain. A single `WHERE name ILIKE … OR EXISTS(…)`
// can do neither: an OR across tables is only a filter on a scan of every contact.
import { Prisma } from './generated/client.ts';
import { CUSTOM_PLAN } from './client.ts';
import type { ScopedDb } from './tenant-scope.ts';

/**
 * An ILIKE pattern matching `text` anywhere, with %, _ and \ taken literally
 * (backslash is PostgreSQL's default LIKE escape character).
 */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

export type SearchPage = {
  /** Matched anywhere in the name, an address or (contacts) the company name. */
  q: string;
  /** Only contacts of this company. */
  companyId?: string;
  /** The (name, id) of the last row of the previous page. */
  after?: readonly [string, string];
  take: number;
};

type Hit = { id: string; name: string };

/**
 * One page of `table`'s rows, ordered by (name, id): the union of one page per
 * way of matching, each planned on its own (see the top of this file).
 */
function unionPage(
  db: ScopedDb,
  table: 'Contact' | 'Company',
  page: Omit<SearchPage, 'q' | 'companyId'>,
  filters: Prisma.Sql[],
  matches: Prisma.Sql[],
): Promise<Hit[]> {
  const where = Prisma.join(
    [
      Prisma.sql`c."tenantId" = ${db.tenantId}::uuid`,
      ...filters,
      ...(page.after ? [Prisma.sql`(c.name, c.id) > (${page.after[0]}, ${page.after[1]}::uuid)`] : []),
    ],
    ' AND ',
  );
  const parts = matches.map(
    (match) =>
      Prisma.sql`(SELECT c.id, c.name FROM ${Prisma.raw(`"${table}"`)} c WHERE ${where} AND ${match} ORDER BY c.name, c.id LIMIT ${page.take})`,
  );
  return db.$queryRaw<Hit[]>`${Prisma.raw(CUSTOM_PLAN)}
    SELECT hits.id::text AS id, hits.name FROM (${Prisma.join(parts, ' UNION ')}) hits
    ORDER BY hits.name, hits.id LIMIT ${page.take}`;
}

/** One page of the tenant's contacts matching q, ordered by (name, id). */
export function searchContacts(db: ScopedDb, page: SearchPage): Promise<Hit[]> {
  const tenant = Prisma.sql`${db.tenantId}::uuid`;
  const pattern = containsPattern(page.q);
  return unionPage(db, 'Contact', page, page.companyId ? [Prisma.sql`c."companyId" = ${page.companyId}::uuid`] : [], [
    Prisma.sql`c.name ILIKE ${pattern}`,
    Prisma.sql`EXISTS (SELECT 1 FROM "ContactEmail" e
        WHERE e."tenantId" = ${tenant} AND e."contactId" = c.id AND e.email ILIKE ${pattern})`,
    Prisma.sql`c."companyId" IN (SELECT co.id FROM "Company" co
        WHERE co."tenantId" = ${tenant} AND co.name ILIKE ${pattern})`,
  ]);
}

/** One page of the tenant's companies whose name or a domain contains q, ordered by (name, id). */
export function searchCompanies(db: ScopedDb, page: Omit<SearchPage, 'companyId'>): Promise<Hit[]> {
  const tenant = Prisma.sql`${db.tenantId}::uuid`;
  const pattern = containsPattern(page.q);
  return unionPage(
    db,
    'Company',
    page,
    [],
    [
      Prisma.sql`c.name ILIKE ${pattern}`,
      Prisma.sql`EXISTS (SELECT 1 FROM "CompanyDomain" d
        WHERE d."tenantId" = ${tenant} AND d."companyId" = c.id AND d.domain ILIKE ${pattern})`,
    ],
  );
}
