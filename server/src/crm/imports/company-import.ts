// Importing companies: a row matches an existing company by any of its domains,
// or, when it gives none, by its name (one company of that name; several is
// ambiguous and refused). A domain, or a domain-less name, twice in the file is
// refused on its second row.
import { ownsOrAdmin } from '../shared/permissions.ts';
import { actingUserId, type CrmContext } from '../shared/context.ts';
import { domainForms, formsOfAddress, normalizeDomain } from '../shared/email-address.ts';
import type { ScopedDb, ScopedTx } from '../../db/index.ts';
import type { CsvFile, CsvRow } from './csv-file.ts';
import {
  assertFitsHeader,
  domainsIn,
  ownerEmailIn,
  reject,
  Rejections,
  shorten,
  text,
  valuesByField,
} from './import-rows.ts';
import {
  findCompaniesByDomain,
  findCompaniesByName,
  findUsersByEmail,
  newId,
  type CompanyInsert,
  type ExistingCompany,
} from './imports.repository.ts';
import type { CompanyField } from './imports.schemas.ts';

const MAX_DOMAINS = 50;

type CompanyRowValues = { row: CsvRow; name: string | null; domains: string[]; ownerEmail: string | null };

export type CompanyPlan = {
  rows: number;
  creates: CompanyInsert[];
  updates: { id: string; name: string | null; ownerId: string | null }[];
  domains: { companyId: string; domain: string }[];
  skipped: number;
  rejections: Rejections;
};

export async function planCompanyImport(
  db: ScopedDb | ScopedTx,
  ctx: CrmContext,
  file: CsvFile,
  mapping: (CompanyField | null)[],
  existingPolicy: 'update' | 'skip',
): Promise<CompanyPlan> {
  const columns = file.headers.length;
  const rejections = new Rejections(columns);

  const firstRowOf = new Map<string, number>();
  const rows: CompanyRowValues[] = [];
  for (const row of file.rows) {
    const values = rejections.try(row, () => {
      assertFitsHeader(row, columns);
      const cells = valuesByField(row, mapping);
      const v: CompanyRowValues = {
        row,
        name: text(cells.get('name'), 'The name', 200),
        domains: domainsIn(cells.get('domain'), MAX_DOMAINS),
        ownerEmail: ownerEmailIn(cells.get('ownerEmail')),
      };
      // Without a domain, the name is what identifies the company.
      let keys = v.domains;
      if (!keys.length) {
        if (!v.name) reject('MISSING_NAME', 'The row has neither a name nor a domain');
        keys = [`name:${v.name.toLowerCase()}`];
      }
      const earlier = keys.find((key) => firstRowOf.has(key));
      if (earlier) {
        const what = earlier.startsWith('name:') ? `The name ${shorten(v.name ?? '')}` : shorten(earlier);
        reject('DUPLICATE_IN_FILE', `${what} is also in row ${firstRowOf.get(earlier)}`);
      }
      for (const key of keys) firstRowOf.set(key, row.row);
      return v;
    });
    if (values) rows.push(values);
  }

  const domainSpelling = new Map<string, string>();
  for (const domain of rows.flatMap((r) => r.domains)) {
    const parsed = normalizeDomain(domain);
    for (const form of parsed ? domainForms(parsed) : [domain]) domainSpelling.set(form, domain);
  }
  const names = [...new Set(rows.flatMap((r) => (!r.domains.length && r.name ? [r.name.toLowerCase()] : [])))];
  const owners = [...new Set(rows.flatMap((r) => (r.ownerEmail ? formsOfAddress(r.ownerEmail).address : [])))];
  const [byDomain, byName, users] = await Promise.all([
    findCompaniesByDomain(db, ctx.tenantId, [...domainSpelling.keys()]),
    findCompaniesByName(db, ctx.tenantId, names),
    findUsersByEmail(db, ctx.tenantId, owners),
  ]);
  const companyByDomain = new Map<string, ExistingCompany>();
  for (const c of byDomain) companyByDomain.set(domainSpelling.get(c.domain) ?? c.domain, c);
  const companiesByName = new Map<string, ExistingCompany[]>();
  for (const c of byName) companiesByName.set(c.key, [...(companiesByName.get(c.key) ?? []), c]);
  const userByEmail = new Map(users.map((u) => [u.email, u.id]));

  const plan: CompanyPlan = {
    rows: file.rows.length,
    creates: [],
    updates: [],
    domains: [],
    skipped: 0,
    rejections,
  };
  const actor = actingUserId(ctx);
  const rowOfCompany = new Map<string, number>();
  for (const r of rows) {
    rejections.try(r.row, () => {
      let ownerId: string | null = null;
      if (r.ownerEmail) {
        ownerId =
          formsOfAddress(r.ownerEmail)
            .address.map((form) => userByEmail.get(form))
            .find(Boolean) ?? null;
        if (!ownerId) reject('UNKNOWN_OWNER', `No user of this organisation has the address ${shorten(r.ownerEmail)}`);
      }
      const matches = r.domains.length
        ? r.domains.flatMap((domain) => companyByDomain.get(domain) ?? [])
        : (companiesByName.get((r.name ?? '').toLowerCase()) ?? []);
      const ids = new Set(matches.map((m) => m.companyId));
      if (ids.size > 1) {
        reject(
          'AMBIGUOUS_MATCH',
          r.domains.length
            ? `Its domains belong to ${ids.size} different companies`
            : `${ids.size} companies are named ${shorten(r.name ?? '')}: give its domain`,
        );
      }
      const match = matches[0];
      if (match) {
        const earlier = rowOfCompany.get(match.companyId);
        if (earlier !== undefined) reject('DUPLICATE_IN_FILE', `Row ${earlier} updates the same company`);
        if (existingPolicy === 'skip') {
          rowOfCompany.set(match.companyId, r.row.row);
          plan.skipped++;
          return;
        }
        if (ownerId && ownerId !== match.ownerId && !ownsOrAdmin(ctx, match.ownerId)) {
          reject('OWNER_CHANGE_FORBIDDEN', "Only the company's owner or an admin may give it another owner");
        }
        rowOfCompany.set(match.companyId, r.row.row);
        plan.updates.push({ id: match.companyId, name: r.name, ownerId });
        for (const domain of r.domains) {
          if (!companyByDomain.has(domain)) plan.domains.push({ companyId: match.companyId, domain });
        }
        return;
      }
      if (!r.name) reject('MISSING_NAME', 'A new company needs a name');
      const id = newId();
      plan.creates.push({ id, name: r.name, ownerId: ownerId ?? actor });
      for (const domain of r.domains) plan.domains.push({ companyId: id, domain });
    });
  }
  return plan;
}
