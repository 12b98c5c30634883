// Importing contacts: every row checked on its own (its cells), against the rows
// before it (an address twice in the file), then against the tenant's records in a
// few batched lookups (existing contacts by address, owners by address, companies
// by domain and by name). The plan that comes out says what each row does; a dry
// run stops there, a real import writes the plan in one statement per table.
import { ownsOrAdmin } from '../shared/permissions.ts';
import { actingUserId, type CrmContext } from '../shared/context.ts';
import { formsOfAddress, normalizeDomain, domainForms } from '../shared/email-address.ts';
import type { ScopedDb, ScopedTx } from '../../db/index.ts';
import type { CsvFile, CsvRow } from './csv-file.ts';
import {
  assertFitsHeader,
  domainOf,
  emailsIn,
  ownerEmailIn,
  reject,
  Rejections,
  shorten,
  tagsIn,
  text,
  valuesByField,
} from './import-rows.ts';
import {
  findCompaniesByDomain,
  findCompaniesByName,
  findContactsByEmail,
  findUsersByEmail,
  newId,
  type CompanyInsert,
  type ContactWrite,
  type ExistingContact,
} from './imports.repository.ts';
import type { ContactField } from './imports.schemas.ts';

const MAX_EMAILS = 20;

type ContactRowValues = {
  row: CsvRow;
  name: string | null;
  emails: string[];
  title: string | null;
  phone: string | null;
  companyName: string | null;
  companyDomain: string | null;
  ownerEmail: string | null;
  tags: string[];
};

export type ContactPlan = {
  rows: number;
  creates: ContactWrite[];
  updates: ContactWrite[];
  emails: { contactId: string; email: string; isPrimary: boolean }[];
  companies: CompanyInsert[];
  companyDomains: { companyId: string; domain: string }[];
  skipped: number;
  rejections: Rejections;
};

function readRow(row: CsvRow, mapping: (ContactField | null)[], columns: number): ContactRowValues {
  assertFitsHeader(row, columns);
  const values = valuesByField(row, mapping);
  const companyDomain = values.get('companyDomain')?.[0];
  return {
    row,
    name: text(values.get('name'), 'The name', 200),
    emails: emailsIn(values.get('email'), MAX_EMAILS),
    title: text(values.get('title'), 'The title', 200),
    phone: text(values.get('phone'), 'The phone number', 50),
    companyName: text(values.get('companyName'), 'The company name', 200),
    companyDomain: companyDomain === undefined ? null : domainOf(companyDomain),
    ownerEmail: ownerEmailIn(values.get('ownerEmail')),
    tags: tagsIn(values.get('tags')),
  };
}

/** Every spelling a stored row may use for these addresses, and the canonical one for each. */
function addressSpellings(emails: Iterable<string>) {
  const canonical = new Map<string, string>();
  for (const email of emails) for (const form of formsOfAddress(email).address) canonical.set(form, email);
  return canonical;
}

function domainSpellings(domains: Iterable<string>) {
  const canonical = new Map<string, string>();
  for (const domain of domains) {
    const parsed = normalizeDomain(domain);
    for (const form of parsed ? domainForms(parsed) : [domain]) canonical.set(form, domain);
  }
  return canonical;
}

export async function planContactImport(
  db: ScopedDb | ScopedTx,
  ctx: CrmContext,
  file: CsvFile,
  mapping: (ContactField | null)[],
  existingPolicy: 'update' | 'skip',
): Promise<ContactPlan> {
  const columns = file.headers.length;
  const rejections = new Rejections(columns);

  // 1. Each row on its own, then against the rows before it.
  const firstRowOf = new Map<string, number>();
  const rows: ContactRowValues[] = [];
  for (const row of file.rows) {
    const values = rejections.try(row, () => {
      const v = readRow(row, mapping, columns);
      if (!v.name && !v.emails.length) reject('MISSING_NAME', 'The row has neither a name nor an email address');
      const earlier = v.emails.find((email) => firstRowOf.has(email));
      if (earlier) {
        reject('DUPLICATE_IN_FILE', `${shorten(earlier)} is also in row ${firstRowOf.get(earlier)}`);
      }
      return v;
    });
    if (!values) continue;
    for (const email of values.emails) firstRowOf.set(email, row.row);
    rows.push(values);
  }

  // 2. The tenant's records these rows name, one query each.
  const emailForms = addressSpellings(rows.flatMap((r) => r.emails));
  const ownerAddresses = [...new Set(rows.flatMap((r) => (r.ownerEmail ? formsOfAddress(r.ownerEmail).address : [])))];
  const companyDomains = domainSpellings(
    rows.flatMap((r) => [
      ...(r.companyDomain ? [r.companyDomain] : []),
      // A new contact without company columns goes to the company owning its address's domain.
      ...(r.emails[0] && !r.companyDomain && !r.companyName ? formsOfAddress(r.emails[0]).domain.slice(0, 1) : []),
    ]),
  );
  const companyNames = [...new Set(rows.flatMap((r) => (r.companyName ? [r.companyName.toLowerCase()] : [])))];
  const [existing, users, byDomain, byName] = await Promise.all([
    findContactsByEmail(db, ctx.tenantId, [...emailForms.keys()]),
    findUsersByEmail(db, ctx.tenantId, ownerAddresses),
    findCompaniesByDomain(db, ctx.tenantId, [...companyDomains.keys()]),
    findCompaniesByName(db, ctx.tenantId, companyNames),
  ]);
  const contactByEmail = new Map<string, ExistingContact>();
  for (const c of existing) contactByEmail.set(emailForms.get(c.email) ?? c.email, c);
  const userByEmail = new Map(users.map((u) => [u.email, u.id]));
  const companyByDomain = new Map<string, string>();
  for (const c of byDomain) companyByDomain.set(companyDomains.get(c.domain) ?? c.domain, c.companyId);
  const companiesByName = new Map<string, string[]>();
  for (const c of byName) companiesByName.set(c.key, [...(companiesByName.get(c.key) ?? []), c.companyId]);

  // 3. What each row does.
  const plan: ContactPlan = {
    rows: file.rows.length,
    creates: [],
    updates: [],
    emails: [],
    companies: [],
    companyDomains: [],
    skipped: 0,
    rejections,
  };
  const actor = actingUserId(ctx);
  const rowOfContact = new Map<string, number>();
  const newCompanyByDomain = new Map<string, string>();
  const newCompanyByName = new Map<string, string>();

  const ownerOf = (r: ContactRowValues): string | null => {
    if (!r.ownerEmail) return null;
    const id = formsOfAddress(r.ownerEmail)
      .address.map((form) => userByEmail.get(form))
      .find(Boolean);
    if (!id) reject('UNKNOWN_OWNER', `No user of this organisation has the address ${shorten(r.ownerEmail)}`);
    return id;
  };

  /** The company the row's company columns name: an existing one, one created by an earlier row, or a new one. */
  const companyOf = (r: ContactRowValues, ownerId: string | null): string | null => {
    if (r.companyDomain) {
      const found = companyByDomain.get(r.companyDomain) ?? newCompanyByDomain.get(r.companyDomain);
      if (found) return found;
    }
    if (r.companyName) {
      const key = r.companyName.toLowerCase();
      const named = companiesByName.get(key) ?? [];
      if (named.length > 1) {
        reject('AMBIGUOUS_COMPANY', `${named.length} companies are named ${shorten(r.companyName)}: give its domain`);
      }
      const found = named[0] ?? newCompanyByName.get(key);
      if (found) return found;
    }
    const name = r.companyName ?? r.companyDomain;
    if (!name) return null;
    const id = newId();
    plan.companies.push({ id, name, ownerId: ownerId ?? actor });
    if (r.companyDomain) {
      plan.companyDomains.push({ companyId: id, domain: r.companyDomain });
      newCompanyByDomain.set(r.companyDomain, id);
    }
    newCompanyByName.set(name.toLowerCase(), id);
    return id;
  };

  for (const r of rows) {
    rejections.try(r.row, () => {
      const matches = [...new Set(r.emails.flatMap((email) => contactByEmail.get(email) ?? []))];
      const ids = new Set(matches.map((m) => m.contactId));
      if (ids.size > 1) {
        reject('AMBIGUOUS_MATCH', `Its addresses belong to ${ids.size} different contacts`);
      }
      const match = matches[0];
      const ownerId = ownerOf(r);
      if (match) {
        const earlier = rowOfContact.get(match.contactId);
        if (earlier !== undefined) reject('DUPLICATE_IN_FILE', `Row ${earlier} updates the same contact`);
        if (existingPolicy === 'skip') {
          rowOfContact.set(match.contactId, r.row.row);
          plan.skipped++;
          return;
        }
        if (ownerId && ownerId !== match.ownerId && !ownsOrAdmin(ctx, match.ownerId)) {
          reject('OWNER_CHANGE_FORBIDDEN', "Only the contact's owner or an admin may give it another owner");
        }
        const companyId = companyOf(r, ownerId);
        rowOfContact.set(match.contactId, r.row.row);
        plan.updates.push({
          id: match.contactId,
          name: r.name,
          title: r.title,
          phone: r.phone,
          companyId,
          ownerId,
          tags: [...new Set([...match.tags, ...r.tags])],
        });
        for (const email of r.emails) {
          if (!contactByEmail.has(email)) plan.emails.push({ contactId: match.contactId, email, isPrimary: false });
        }
        return;
      }
      if (!r.name) reject('MISSING_NAME', 'A new contact needs a name');
      let companyId = companyOf(r, ownerId);
      if (companyId === null && r.emails[0]) {
        const domain = formsOfAddress(r.emails[0]).domain[0] ?? '';
        companyId = companyByDomain.get(domain) ?? newCompanyByDomain.get(domain) ?? null;
      }
      const id = newId();
      plan.creates.push({
        id,
        name: r.name,
        title: r.title,
        phone: r.phone,
        companyId,
        ownerId: ownerId ?? actor,
        tags: r.tags,
      });
      r.emails.forEach((email, i) => plan.emails.push({ contactId: id, email, isPrimary: i === 0 }));
    });
  }
  return plan;
}
