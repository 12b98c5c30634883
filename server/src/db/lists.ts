// One page of the contact or company list, in any of its sorts, with its filters
// and `q`, in raw SQL so that PostgreSQL walks the index of the sort and stops
// after one page. Raw SQL is not tenant-scoped by the client extension: the tenant
// id is the scoped client's own, passed explicitly to every table of every query.
//
// Paging is by keyset: the cursor holds the sort key and id of the last row, and
// the next page starts after it with a row comparison, `(key, id) > (…)`, which
// is an index condition on (tenantId, key, id): a page 50 deep costs what the
// first does. A nullable key (lastContactedAt) is sorted nulls last in both
// orders: the list is two sections, the rows with a key (one range of the index)
// and then those without (ordered by id), each queried on its own, so neither
// needs an OR that would turn the range into a filter of every row.
//
// With `q` a section is the union of one page per way of matching (see search.ts).
import { Prisma } from './generated/client.ts';
import { CUSTOM_PLAN } from './client.ts';
import { companyMatches, contactMatches } from './search.ts';
import type { ScopedDb } from './tenant-scope.ts';

export type ListEntity = 'contact' | 'company';
export type ListSort = 'name' | 'lastContactedAt' | 'createdAt' | 'updatedAt';
export type ListOrder = 'asc' | 'desc';

/** The sort key and id of the last row of the previous page. */
export type ListAfter = { key: string | Date | null; id: string };

/**
 * What a row must satisfy: every condition of every field (a saved segment's and the
 * request's own are both listed, so they combine with AND).
 */
export type ListFilter = {
  /** Text matched anywhere in the name, an address or domain, or (contacts) the company name. */
  texts: string[];
  /** An owner's id, or null for "no owner". */
  owners: (string | null)[];
  /** Tags the row has, all of them. */
  tags: string[];
  /** Contacts of this company. */
  companyIds: string[];
  /**
   * Not contacted since this instant: a contact's lastContactedAt is null or before it;
   * a company has no contact contacted at or after it.
   */
  notContactedSince: Date[];
  /** Has an open deal in this stage (contacts: a deal they are on; companies: a deal of theirs). */
  openDealStageIds: string[];
};

export const EMPTY_FILTER: ListFilter = {
  texts: [],
  owners: [],
  tags: [],
  companyIds: [],
  notContactedSince: [],
  openDealStageIds: [],
};

export type ListPageSpec = {
  entity: ListEntity;
  filter: ListFilter;
  sort: ListSort;
  order: ListOrder;
  after?: ListAfter;
  take: number;
};

export type ListHit = { id: string; key: string | Date | null };

const TABLE: Record<ListEntity, string> = { contact: '"Contact"', company: '"Company"' };
/** The sorts each list offers, and whether its key may be null. */
export const LIST_SORTS: Record<ListEntity, Partial<Record<ListSort, { nullable: boolean }>>> = {
  contact: {
    name: { nullable: false },
    lastContactedAt: { nullable: true },
    createdAt: { nullable: false },
    updatedAt: { nullable: false },
  },
  company: { name: { nullable: false }, createdAt: { nullable: false }, updatedAt: { nullable: false } },
};

function conditions(
  db: ScopedDb,
  entity: ListEntity,
  filter: ListFilter,
): { where: Prisma.Sql[]; matches?: Prisma.Sql[] } {
  const tenant = Prisma.sql`${db.tenantId}::uuid`;
  const where: Prisma.Sql[] = [];
  for (const owner of filter.owners) {
    where.push(owner === null ? Prisma.sql`c."ownerId" IS NULL` : Prisma.sql`c."ownerId" = ${owner}::uuid`);
  }
  if (filter.tags.length) where.push(Prisma.sql`c.tags @> ARRAY[${Prisma.join(filter.tags)}]::text[]`);
  for (const companyId of filter.companyIds) {
    // Only contacts have a company; a company list ignores it (its schema does not offer it).
    if (entity === 'contact') where.push(Prisma.sql`c."companyId" = ${companyId}::uuid`);
  }
  for (const since of filter.notContactedSince) {
    const at = Prisma.sql`${since.toISOString()}::timestamptz`;
    where.push(
      entity === 'contact'
        ? Prisma.sql`(c."lastContactedAt" IS NULL OR c."lastContactedAt" < ${at})`
        : Prisma.sql`NOT EXISTS (SELECT 1 FROM "Contact" x
            WHERE x."tenantId" = ${tenant} AND x."companyId" = c.id AND x."lastContactedAt" >= ${at})`,
    );
  }
  for (const stageId of filter.openDealStageIds) {
    where.push(
      entity === 'contact'
        ? Prisma.sql`EXISTS (SELECT 1 FROM "DealContact" dc JOIN "Deal" d ON d."tenantId" = dc."tenantId" AND d.id = dc."dealId"
            WHERE dc."tenantId" = ${tenant} AND dc."contactId" = c.id AND d."tenantId" = ${tenant}
              AND d."stageId" = ${stageId}::uuid AND d.status = 'open')`
        : Prisma.sql`EXISTS (SELECT 1 FROM "Deal" d
            WHERE d."tenantId" = ${tenant} AND d."companyId" = c.id AND d."stageId" = ${stageId}::uuid AND d.status = 'open')`,
    );
  }
  const matchesOf = (q: string) => (entity === 'contact' ? contactMatches(db, q) : companyMatches(db, q));
  const [first, ...more] = filter.texts;
  // The first text drives a union of index-friendly parts; any other is a plain condition.
  for (const q of more) where.push(Prisma.sql`(${Prisma.join(matchesOf(q), ' OR ')})`);
  return { where, matches: first === undefined ? undefined : matchesOf(first) };
}

/** The literal for a key of the cursor, cast to its column's type. */
function keyLiteral(key: string | Date): Prisma.Sql {
  return key instanceof Date ? Prisma.sql`${key.toISOString()}::timestamptz` : Prisma.sql`${key}`;
}

/**
 * One page of the tenant's contacts or companies: ids and sort keys, in the order of
 * the sort (ties by id), starting after `after`.
 */
export async function listPage(db: ScopedDb, spec: ListPageSpec): Promise<ListHit[]> {
  const sortInfo = LIST_SORTS[spec.entity][spec.sort];
  if (!sortInfo) throw new Error(`The ${spec.entity} list has no sort ${spec.sort}`);
  const { where, matches } = conditions(db, spec.entity, spec.filter);
  const column = Prisma.raw(`c."${spec.sort}"`);
  const dir = Prisma.raw(spec.order === 'asc' ? 'ASC' : 'DESC');
  const beyond = Prisma.raw(spec.order === 'asc' ? '>' : '<');

  const section = (extra: Prisma.Sql[], byKey: boolean, take: number) => {
    const all = Prisma.join([Prisma.sql`c."tenantId" = ${db.tenantId}::uuid`, ...where, ...extra], ' AND ');
    const orderBy = byKey ? Prisma.sql`${column} ${dir}, c.id ${dir}` : Prisma.sql`c.id ${dir}`;
    const select = Prisma.sql`SELECT c.id, ${column} AS key FROM ${Prisma.raw(TABLE[spec.entity])} c WHERE ${all}`;
    if (!matches) {
      return db.$queryRaw<ListHit[]>`${Prisma.raw(CUSTOM_PLAN)}
        SELECT hits.id::text AS id, hits.key FROM (${select} ORDER BY ${orderBy} LIMIT ${take}) hits`;
    }
    const parts = matches.map((match) => Prisma.sql`(${select} AND ${match} ORDER BY ${orderBy} LIMIT ${take})`);
    const outer = byKey ? Prisma.sql`hits.key ${dir}, hits.id ${dir}` : Prisma.sql`hits.id ${dir}`;
    return db.$queryRaw<ListHit[]>`${Prisma.raw(CUSTOM_PLAN)}
      SELECT hits.id::text AS id, hits.key FROM (${Prisma.join(parts, ' UNION ')}) hits
      ORDER BY ${outer} LIMIT ${take}`;
  };

  const after = spec.after;
  const keyed: Prisma.Sql[] = sortInfo.nullable ? [Prisma.sql`${column} IS NOT NULL`] : [];
  if (after && after.key !== null)
    keyed.push(Prisma.sql`(${column}, c.id) ${beyond} (${keyLiteral(after.key)}, ${after.id}::uuid)`);
  const hits = after?.key === null ? [] : await section(keyed, true, spec.take);
  if (!sortInfo.nullable || hits.length >= spec.take) return hits;
  // Then the rows without a key, by id.
  const unkeyed: Prisma.Sql[] = [Prisma.sql`${column} IS NULL`];
  if (after?.key === null) unkeyed.push(Prisma.sql`c.id ${beyond} ${after.id}::uuid`);
  return [...hits, ...(await section(unkeyed, false, spec.take - hits.length))];
}
