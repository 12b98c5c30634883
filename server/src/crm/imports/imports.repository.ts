// The import's reads and writes as set-based SQL: one statement per lookup and per
// table written, whatever the file's size, each column sent as one array (unnest),
// like db/email-writes.ts. A 50,000-row file would pass PostgreSQL's 65,535 bind
// parameters as Prisma `in` lists or createMany; here each list is one parameter.
// Raw SQL is not tenant-scoped: the tenant id is passed explicitly to every table.
import { v7 as uuidv7 } from 'uuid';
import type { ScopedDb, ScopedTx } from '../../db/index.ts';

type Db = ScopedDb | ScopedTx;

export const newId = (): string => uuidv7();

export async function findUsersByEmail(
  db: Db,
  tenantId: string,
  emails: string[],
): Promise<{ id: string; email: string }[]> {
  if (!emails.length) return [];
  return db.$queryRaw`
    SELECT u.id, u.email FROM "User" u
    WHERE u."tenantId" = ${tenantId}::uuid AND u.email = ANY(${emails}::text[])`;
}

export type ExistingContact = {
  email: string;
  contactId: string;
  name: string;
  ownerId: string | null;
  tags: string[];
};

/** The contacts holding any of these addresses (in the spellings given). */
export async function findContactsByEmail(db: Db, tenantId: string, emails: string[]): Promise<ExistingContact[]> {
  if (!emails.length) return [];
  return db.$queryRaw`
    SELECT e.email, c.id AS "contactId", c.name, c."ownerId", COALESCE(c.tags, '{}') AS tags
    FROM "ContactEmail" e
    JOIN "Contact" c ON c."tenantId" = ${tenantId}::uuid AND c.id = e."contactId"
    WHERE e."tenantId" = ${tenantId}::uuid AND e.email = ANY(${emails}::text[])`;
}

export type ExistingCompany = { companyId: string; name: string; ownerId: string | null };

/** The companies owning any of these domains (in the spellings given). */
export async function findCompaniesByDomain(
  db: Db,
  tenantId: string,
  domains: string[],
): Promise<(ExistingCompany & { domain: string })[]> {
  if (!domains.length) return [];
  return db.$queryRaw`
    SELECT d.domain, c.id AS "companyId", c.name, c."ownerId"
    FROM "CompanyDomain" d
    JOIN "Company" c ON c."tenantId" = ${tenantId}::uuid AND c.id = d."companyId"
    WHERE d."tenantId" = ${tenantId}::uuid AND d.domain = ANY(${domains}::text[])`;
}

/** The companies whose name, in lower case, is one of these. */
export async function findCompaniesByName(
  db: Db,
  tenantId: string,
  lowerNames: string[],
): Promise<(ExistingCompany & { key: string })[]> {
  if (!lowerNames.length) return [];
  return db.$queryRaw`
    SELECT lower(c.name) AS key, c.id AS "companyId", c.name, c."ownerId"
    FROM "Company" c
    WHERE c."tenantId" = ${tenantId}::uuid AND lower(c.name) = ANY(${lowerNames}::text[])
    ORDER BY c."createdAt", c.id`;
}

export type CompanyInsert = { id: string; name: string; ownerId: string | null };

export async function insertCompanies(tx: ScopedTx, tenantId: string, rows: CompanyInsert[], at: Date): Promise<void> {
  if (!rows.length) return;
  await tx.$executeRaw`
    INSERT INTO "Company" ("tenantId", "id", "name", "ownerId", "createdAt", "updatedAt")
    SELECT ${tenantId}::uuid, r.id, r.name, r.owner_id, ${at.toISOString()}::timestamptz, ${at.toISOString()}::timestamptz
    FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.name)}::text[],
      ${rows.map((r) => r.ownerId)}::uuid[]) AS r(id, name, owner_id)`;
}

export async function insertCompanyDomains(
  tx: ScopedTx,
  tenantId: string,
  rows: { companyId: string; domain: string }[],
) {
  if (!rows.length) return;
  await tx.$executeRaw`
    INSERT INTO "CompanyDomain" ("tenantId", "companyId", "domain")
    SELECT ${tenantId}::uuid, r.company_id, r.domain
    FROM unnest(${rows.map((r) => r.companyId)}::uuid[], ${rows.map((r) => r.domain)}::text[]) AS r(company_id, domain)`;
}

/** null: leave the column as it is (updates); tags are the final list. */
export type ContactWrite = {
  id: string;
  name: string | null;
  title: string | null;
  phone: string | null;
  companyId: string | null;
  ownerId: string | null;
  tags: string[];
};

// A text[][] must be rectangular: each row's tags travel as one JSON array.
const tagsColumn = (rows: ContactWrite[]) => rows.map((r) => JSON.stringify(r.tags));

export async function insertContacts(tx: ScopedTx, tenantId: string, rows: ContactWrite[], at: Date): Promise<void> {
  if (!rows.length) return;
  const column = <T>(pick: (row: ContactWrite) => T) => rows.map(pick);
  await tx.$executeRaw`
    INSERT INTO "Contact" ("tenantId", "id", "name", "title", "phone", "companyId", "ownerId", "tags", "createdAt", "updatedAt")
    SELECT ${tenantId}::uuid, r.id, r.name, r.title, r.phone, r.company_id, r.owner_id,
      ARRAY(SELECT jsonb_array_elements_text(r.tags::jsonb)),
      ${at.toISOString()}::timestamptz, ${at.toISOString()}::timestamptz
    FROM unnest(${column((r) => r.id)}::uuid[], ${column((r) => r.name)}::text[], ${column((r) => r.title)}::text[],
      ${column((r) => r.phone)}::text[], ${column((r) => r.companyId)}::uuid[], ${column((r) => r.ownerId)}::uuid[],
      ${tagsColumn(rows)}::text[]) AS r(id, name, title, phone, company_id, owner_id, tags)`;
}

export async function updateContacts(tx: ScopedTx, tenantId: string, rows: ContactWrite[], at: Date): Promise<void> {
  if (!rows.length) return;
  const column = <T>(pick: (row: ContactWrite) => T) => rows.map(pick);
  await tx.$executeRaw`
    UPDATE "Contact" c SET
      name = COALESCE(r.name, c.name),
      title = COALESCE(r.title, c.title),
      phone = COALESCE(r.phone, c.phone),
      "companyId" = COALESCE(r.company_id, c."companyId"),
      "ownerId" = COALESCE(r.owner_id, c."ownerId"),
      tags = ARRAY(SELECT jsonb_array_elements_text(r.tags::jsonb)),
      "updatedAt" = ${at.toISOString()}::timestamptz
    FROM unnest(${column((r) => r.id)}::uuid[], ${column((r) => r.name)}::text[], ${column((r) => r.title)}::text[],
      ${column((r) => r.phone)}::text[], ${column((r) => r.companyId)}::uuid[], ${column((r) => r.ownerId)}::uuid[],
      ${tagsColumn(rows)}::text[]) AS r(id, name, title, phone, company_id, owner_id, tags)
    WHERE c."tenantId" = ${tenantId}::uuid AND c.id = r.id`;
}

export async function insertContactEmails(
  tx: ScopedTx,
  tenantId: string,
  rows: { contactId: string; email: string; isPrimary: boolean }[],
): Promise<void> {
  if (!rows.length) return;
  await tx.$executeRaw`
    INSERT INTO "ContactEmail" ("tenantId", "contactId", "email", "isPrimary")
    SELECT ${tenantId}::uuid, r.contact_id, r.email, r.is_primary
    FROM unnest(${rows.map((r) => r.contactId)}::uuid[], ${rows.map((r) => r.email)}::text[],
      ${rows.map((r) => r.isPrimary)}::boolean[]) AS r(contact_id, email, is_primary)`;
}

/** null: leave the column as it is. */
export async function updateCompanies(
  tx: ScopedTx,
  tenantId: string,
  rows: { id: string; name: string | null; ownerId: string | null }[],
  at: Date,
): Promise<void> {
  if (!rows.length) return;
  await tx.$executeRaw`
    UPDATE "Company" c SET
      name = COALESCE(r.name, c.name),
      "ownerId" = COALESCE(r.owner_id, c."ownerId"),
      "updatedAt" = ${at.toISOString()}::timestamptz
    FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.name)}::text[],
      ${rows.map((r) => r.ownerId)}::uuid[]) AS r(id, name, owner_id)
    WHERE c."tenantId" = ${tenantId}::uuid AND c.id = r.id`;
}
