// Export: the tenant's contacts or companies (all, or as the list filters them) as
// CSV, streamed a page of rows at a time so a 100,000-contact export never sits in
// memory whole. The columns are the ones the import suggests a mapping for, so an
// export imports back as it was. Cells a spreadsheet would run as a formula are
// quoted (escape_formulas; the import takes the quote off again), and a BOM makes
// Excel read the UTF-8 as UTF-8, as in the audit export.
import { once } from 'node:events';
import { stringify, type Stringifier } from 'csv-stringify';
import type { ListEntity, Prisma } from '../../db/index.ts';
import { pageOfList } from '../segments/index.ts';
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

/** The ids of every page of the list, in its order: the list's own paging (segments/pageOfList). */
async function* listIds(ctx: CrmContext, entity: ListEntity, query: ContactExportQuery | CompanyExportQuery) {
  let cursor: string | undefined;
  do {
    const page = await pageOfList(ctx, entity, { ...query, ...(cursor ? { cursor } : {}), limit: BATCH });
    if (page.ids.length) yield page.ids;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** Rows in the list's order (findMany by id does not keep it). */
const inOrder = <T extends { id: string }>(ids: string[], rows: T[]) => {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
};

async function* contactRows(ctx: CrmContext, query: ContactExportQuery) {
  for await (const ids of listIds(ctx, 'contact', query)) {
    const rows = await ctx.db.contact.findMany({ where: { id: { in: ids } }, include: contactExportInclude });
    yield inOrder(ids, rows).map((c) => [
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
  }
}

async function* companyRows(ctx: CrmContext, query: CompanyExportQuery) {
  for await (const ids of listIds(ctx, 'company', query)) {
    const rows = await ctx.db.company.findMany({
      where: { id: { in: ids } },
      include: { domains: { orderBy: { domain: 'asc' } }, owner: { select: { email: true } } },
    });
    yield inOrder(ids, rows).map((c) => [
      c.name,
      c.domains.map((d) => d.domain).join(SEPARATOR),
      c.owner?.email ?? '',
      c.createdAt.toISOString(),
    ]);
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
