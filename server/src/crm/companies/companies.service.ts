import { z } from 'zod';
import { rethrowUniqueAs, type Prisma, type ScopedDb, type ScopedTx } from '../../db/index.ts';
import { quoted, recordAudit } from '../audit/index.ts';
import { actingUserId, type CrmContext } from '../shared/context.ts';
import { assertMayChangeOwner, assertMayDelete } from '../shared/permissions.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { domainForms, normalizeDomain } from '../shared/email-address.ts';
import { assertUser } from '../shared/references.ts';
import { pageOfList } from '../segments/index.ts';
import { USER_REF } from '../shared/schemas.ts';
import type { CompanyListQuery, CreateCompanyBody, UpdateCompanyBody } from './companies.schemas.ts';

export const companyInclude = {
  domains: { orderBy: { domain: 'asc' } },
  owner: USER_REF,
} satisfies Prisma.CompanyInclude;

export type CompanyRow = Prisma.CompanyGetPayload<{ include: typeof companyInclude }>;

export function toCompanyResponse(c: CompanyRow) {
  return {
    id: c.id,
    name: c.name,
    domains: c.domains.map((d) => d.domain),
    owner: c.owner,
    tags: c.tags,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export async function getCompany(db: ScopedDb | ScopedTx, id: string) {
  const row = await db.company.findFirst({ where: { id }, include: companyInclude });
  if (!row) throw notFound('COMPANY_NOT_FOUND', 'Company');
  return toCompanyResponse(row);
}

/** Replaces the company's domains; 409 when another company has one, in any spelling. */
async function replaceDomains(tx: ScopedTx, tenantId: string, companyId: string, domains: string[]) {
  const spellings = domains.map((domain) => {
    const parsed = normalizeDomain(domain);
    return parsed ? domainForms(parsed) : [];
  });
  const taken = await tx.companyDomain.findMany({
    where: { domain: { in: spellings.flat() }, NOT: { companyId } },
    select: { domain: true },
  });
  if (taken.length) {
    const takenSet = new Set(taken.map((t) => t.domain));
    throw new AppError('DOMAIN_TAKEN', 409, 'Another company already has this domain', {
      fields: spellings.flatMap((forms, i) =>
        forms.some((form) => takenSet.has(form))
          ? [{ path: `domains.${i}`, message: `${domains[i] ?? ''} belongs to another company` }]
          : [],
      ),
    });
  }
  await tx.companyDomain.deleteMany({ where: { companyId } });
  await tx.companyDomain
    .createMany({ data: domains.map((domain) => ({ tenantId, companyId, domain })) })
    .catch(rethrowUniqueAs(new AppError('DOMAIN_TAKEN', 409, 'Another company already has this domain')));
}

/** One page of the list: its filters (and its segment's), in its sort, from its cursor. */
export async function listCompanies(ctx: CrmContext, query: z.infer<typeof CompanyListQuery>) {
  const page = await pageOfList(ctx, 'company', query);
  const rows = await ctx.db.company.findMany({ where: { id: { in: page.ids } }, include: companyInclude });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return {
    items: page.ids.flatMap((id) => byId.get(id) ?? []).map(toCompanyResponse),
    nextCursor: page.nextCursor,
  };
}

/** Tags may be left out by callers other than the API (the seed, the sync's tests). */
type NewCompany = Omit<z.infer<typeof CreateCompanyBody>, 'tags'> & { tags?: string[] };

export async function createCompany(ctx: CrmContext, body: NewCompany) {
  return ctx.db.$transaction(async (tx) => {
    await assertUser(tx, body.ownerId, 'ownerId');
    const created = await tx.company.create({
      data: {
        tenantId: ctx.tenantId,
        name: body.name,
        ownerId: body.ownerId === undefined ? actingUserId(ctx) : body.ownerId,
        tags: body.tags ?? [],
      },
    });
    await replaceDomains(tx, ctx.tenantId, created.id, body.domains);
    return getCompany(tx, created.id);
  });
}

export async function updateCompany(ctx: CrmContext, id: string, body: z.infer<typeof UpdateCompanyBody>) {
  return ctx.db.$transaction(async (tx) => {
    const before = await getCompany(tx, id);
    assertMayChangeOwner(ctx, { ownerId: before.owner?.id ?? null }, body.ownerId, 'company');
    await assertUser(tx, body.ownerId, 'ownerId');
    const { domains, ...fields } = body;
    await tx.company.updateMany({ where: { id }, data: fields });
    if (domains) await replaceDomains(tx, ctx.tenantId, id, domains);
    return getCompany(tx, id);
  });
}

/** Deletes the company (its owner or an admin); its contacts, deals and tasks stay, unlinked from it. */
export async function deleteCompany(ctx: CrmContext, id: string) {
  await ctx.db.$transaction(async (tx) => {
    const company = await getCompany(tx, id);
    assertMayDelete(ctx, { ownerId: company.owner?.id ?? null }, 'company');
    await tx.contact.updateMany({ where: { companyId: id }, data: { companyId: null } });
    await tx.deal.updateMany({ where: { companyId: id }, data: { companyId: null } });
    await tx.company.deleteMany({ where: { id } });
    await recordAudit(tx, ctx, {
      action: 'company.deleted',
      targetType: 'company',
      targetId: id,
      summary: `Deleted company ${quoted(company.name)}`,
      details: { name: company.name, domains: company.domains, ownerId: company.owner?.id ?? null },
    });
  });
}
