// Substring search for the contact and company lists (`q`), in raw SQL because
// Prisma cannot write it so that PostgreSQL can use the trigram indexes. Raw SQL
// is not tenant-scoped by the client extension: the tenant id is the scoped
// client's own, passed explicitly to every table of every query.
//
// The list's query (db/lists.ts) is the union of one page per way to match
// (contact name, email address, company name), each ordered by the list's sort
// and limited, then ordered and limited again: the first page of the union lies
// within the first pages of its parts.
// Each part is planned on its own with the actual pattern, so PostgreSQL picks
// per part: a trigram index (Bitmap Index Scan on the (tenantId, text
// gin_trgm_ops) GIN index, then a sort of the few matches) for a selective
// fragment, or a walk of the (tenantId, name) index that stops after one page
// for a fragment most rows contain. A single `WHERE name ILIKE … OR EXISTS(…)`
// can do neither: an OR across tables is only a filter on a scan of every contact.
import { Prisma } from './generated/client.ts';
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

/**
 * The ways a contact (alias c) matches q, each a condition PostgreSQL can answer from
 * a trigram index: its name, one of its addresses, its company's name.
 */
export function contactMatches(db: ScopedDb, q: string): Prisma.Sql[] {
  const tenant = Prisma.sql`${db.tenantId}::uuid`;
  const pattern = containsPattern(q);
  return [
    Prisma.sql`c.name ILIKE ${pattern}`,
    Prisma.sql`EXISTS (SELECT 1 FROM "ContactEmail" e
        WHERE e."tenantId" = ${tenant} AND e."contactId" = c.id AND e.email ILIKE ${pattern})`,
    Prisma.sql`c."companyId" IN (SELECT co.id FROM "Company" co
        WHERE co."tenantId" = ${tenant} AND co.name ILIKE ${pattern})`,
  ];
}

/** The ways a company (alias c) matches q: its name, one of its domains. */
export function companyMatches(db: ScopedDb, q: string): Prisma.Sql[] {
  const tenant = Prisma.sql`${db.tenantId}::uuid`;
  const pattern = containsPattern(q);
  return [
    Prisma.sql`c.name ILIKE ${pattern}`,
    Prisma.sql`EXISTS (SELECT 1 FROM "CompanyDomain" d
        WHERE d."tenantId" = ${tenant} AND d."companyId" = c.id AND d.domain ILIKE ${pattern})`,
  ];
}
