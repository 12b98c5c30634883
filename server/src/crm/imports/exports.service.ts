// Export: the tenant's contacts or companies (all, or as the list filters them) as
// CSV, streamed a page of rows at a time so a 100,000-contact export never sits in
// memory whole. The columns are the ones the import suggests a mapping for, so an
// export imports back as it was. Cells a spreadsheet would run as a formula are
// quoted (escape_formulas; the import takes the quote off again), and a BOM makes
// Excel read the UTF-8 as UTF-8, as in the audit export.
import { once } from 'node:events';
import { stringify, type Stringifier } from 'csv-stringify';
import { searchCompanies, searchContacts, type Prisma } from '../../db/index.ts';
import type { CrmContext } from '../shared/context.ts';
import { Download } from '../shared/route.ts';
import type { CompanyExportQuery, ContactExportQuery } from './imports.schemas.ts';

const BATCH = 1000;

export const CONTACT_EXPORT_COLUMNS = [
  'Name',
  'Email',
  'Title',
  'Phone',
  'Company',
  'Company domain',
  'Owner email',
  'Tags',
  'Last contacted',
  'Created',
] as const;

export const COMPANY_EXPORT_COLUMNS = ['Name', 'Domain', 'Owner email', 'Created'] as const;

/** Several values in one cell: the import splits a cell on semicolons. */
const SEPARATOR = '; ';

const contactExportInclude = {
  emails: { orderBy: [{ isPrimary: 'desc' }, { email: 'asc' }] },
  company: { select: { name: true, domains: { orderBy: { domain: 'asc' }, take: 1 } } },
  owner: { select: { email: true } },
} satisfies Prisma.ContactInclude;

type Key = [name: string, id: string];

/** The rows in (name, id) order, a batch at a time. */
async function* contactRows(ctx: CrmContext, query: ContactExportQuery) {
  let after: Key | undefined;
  for (;;) {
    let ids: string[] | undefined;
    let last: Key | undefined;
    if (query.q) {
      const hits = await searchContacts(ctx.db, { q: query.q, companyId: query.companyId, after, take: BATCH });
      ids = hits.map((hit) => hit.id);
      const end = hits.at(-1);
      last = end && [end.name, end.id];
    }
    const rows = await ctx.db.contact.findMany({
      where: {
        AND: [
          ids ? { id: { in: ids } } : {},
          query.companyId ? { companyId: query.companyId } : {},
          query.ownerId ? { ownerId: query.ownerId } : {},
          !ids && after ? { OR: [{ name: { gt: after[0] } }, { name: after[0], id: { gt: after[1] } }] } : {},
        ],
      },
      include: contactExportInclude,
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      ...(ids ? {} : { take: BATCH }),
    });
    yield rows.map((c) => [
      c.name,
      c.emails.map((e) => e.email).join(SEPARATOR),
      c.title ?? '',
      c.phone ?? '',
      c.company?.name ?? '',
      c.company?.domains[0]?.domain ?? '',
      c.owner?.email ?? '',
      c.tags.join(SEPARATOR),
      c.lastContactedAt?.toISOString() ?? '',
      c.createdAt.toISOString(),
    ]);
    const end = rows.at(-1);
    if (!ids) last = end && [end.name, end.id];
    if (!last || (ids ? ids.length : rows.length) < BATCH) return;
    after = last;
  }
}

async function* companyRows(ctx: CrmContext, query: CompanyExportQuery) {
  let after: Key | undefined;
  for (;;) {
    let ids: string[] | undefined;
    let last: Key | undefined;
    if (query.q) {
      const hits = await searchCompanies(ctx.db, { q: query.q, after, take: BATCH });
      ids = hits.map((hit) => hit.id);
      const end = hits.at(-1);
      last = end && [end.name, end.id];
    }
    const rows = await ctx.db.company.findMany({
      where: {
        AND: [
          ids ? { id: { in: ids } } : {},
          query.ownerId ? { ownerId: query.ownerId } : {},
          !ids && after ? { OR: [{ name: { gt: after[0] } }, { name: after[0], id: { gt: after[1] } }] } : {},
        ],
      },
      include: { domains: { orderBy: { domain: 'asc' } }, owner: { select: { email: true } } },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      ...(ids ? {} : { take: BATCH }),
    });
    yield rows.map((c) => [
      c.name,
      c.domains.map((d) => d.domain).join(SEPARATOR),
      c.owner?.email ?? '',
      c.createdAt.toISOString(),
    ]);
    const end = rows.at(-1);
    if (!ids) last = end && [end.name, end.id];
    if (!last || (ids ? ids.length : rows.length) < BATCH) return;
    after = last;
  }
}

/** Feeds the batches into the stringifier as the client reads; a failure cuts the download short. */
function streamCsv(columns: readonly string[], batches: AsyncGenerator<string[][]>): Stringifier {
  const csv = stringify({
    header: true,
    columns: [...columns],
    bom: true,
    escape_formulas: true,
    record_delimiter: 'windows',
    quote_record_delimiter: true,
  });
  void (async () => {
    try {
      for await (const batch of batches) {
        for (const row of batch) if (!csv.write(row)) await once(csv, 'drain');
      }
      csv.end();
    } catch (error) {
      csv.destroy(error as Error);
    }
  })();
  return csv;
}

async function fileName(ctx: CrmContext, what: string) {
  const tenant = await ctx.db.tenant.findFirstOrThrow({ where: {}, select: { slug: true } });
  return `${what}-${tenant.slug}-${ctx.clock.now().toISOString().slice(0, 10)}.csv`;
}

export async function exportContacts(ctx: CrmContext, query: ContactExportQuery): Promise<Download> {
  const name = await fileName(ctx, 'contacts');
  return new Download('text/csv; charset=utf-8', name, streamCsv(CONTACT_EXPORT_COLUMNS, contactRows(ctx, query)));
}

export async function exportCompanies(ctx: CrmContext, query: CompanyExportQuery): Promise<Download> {
  const name = await fileName(ctx, 'companies');
  return new Download('text/csv; charset=utf-8', name, streamCsv(COMPANY_EXPORT_COLUMNS, companyRows(ctx, query)));
}
