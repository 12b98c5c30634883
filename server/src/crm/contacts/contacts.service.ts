import { z } from 'zod';
import { rethrowUniqueAs, type Prisma, type ScopedDb, type ScopedTx } from '../../db/index.ts';
import { quoted, recordAudit } from '../audit/index.ts';
import { actingUserId, type CrmContext } from '../shared/context.ts';
import { assertMayChangeOwner, assertMayDelete } from '../shared/permissions.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { assertCompany, assertUser } from '../shared/references.ts';
import { formsOfAddress } from '../shared/email-address.ts';
import { pageOfList } from '../segments/index.ts';
import { USER_REF } from '../shared/schemas.ts';
import type { ContactListQuery, CreateContactBody, UpdateContactBody } from './contacts.schemas.ts';

export const contactInclude = {
  emails: { orderBy: [{ isPrimary: 'desc' }, { email: 'asc' }] },
  company: { select: { id: true, name: true } },
  owner: USER_REF,
} satisfies Prisma.ContactInclude;

export type ContactRow = Prisma.ContactGetPayload<{ include: typeof contactInclude }>;

export function toContactResponse(c: ContactRow) {
  return {
    id: c.id,
    name: c.name,
    title: c.title,
    phone: c.phone,
    emails: c.emails.map((e) => e.email),
    company: c.company,
    owner: c.owner,
    tags: c.tags,
    lastContactedAt: c.lastContactedAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export async function getContact(db: ScopedDb | ScopedTx, id: string) {
  const row = await db.contact.findFirst({ where: { id }, include: contactInclude });
  if (!row) throw notFound('CONTACT_NOT_FOUND', 'Contact');
  return toContactResponse(row);
}

/**
 * Replaces the contact's (canonical) addresses; 409 when another contact of the
 * tenant has one of them, in any spelling (an older row may hold a punycode domain).
 */
async function replaceEmails(tx: ScopedTx, tenantId: string, contactId: string, emails: string[]) {
  const spellings = emails.map((email) => formsOfAddress(email).address);
  const taken = await tx.contactEmail.findMany({
    where: { email: { in: spellings.flat() }, NOT: { contactId } },
    select: { email: true },
  });
  if (taken.length) {
    const takenSet = new Set(taken.map((t) => t.email));
    throw new AppError('EMAIL_TAKEN', 409, 'Another contact already has this email address', {
      fields: spellings.flatMap((forms, i) =>
        forms.some((form) => takenSet.has(form))
          ? [{ path: `emails.${i}`, message: 'belongs to another contact' }]
          : [],
      ),
    });
  }
  await tx.contactEmail.deleteMany({ where: { contactId } });
  await tx.contactEmail
    .createMany({ data: emails.map((email, i) => ({ tenantId, contactId, email, isPrimary: i === 0 })) })
    .catch(rethrowUniqueAs(new AppError('EMAIL_TAKEN', 409, 'Another contact already has this email address')));
}

/** One page of the list: its filters (and its segment's), in its sort, from its cursor. */
export async function listContacts(ctx: CrmContext, query: z.infer<typeof ContactListQuery>) {
  const page = await pageOfList(ctx, 'contact', query);
  const rows = await ctx.db.contact.findMany({ where: { id: { in: page.ids } }, include: contactInclude });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return {
    items: page.ids.flatMap((id) => byId.get(id) ?? []).map(toContactResponse),
    nextCursor: page.nextCursor,
  };
}

export async function createContact(ctx: CrmContext, body: z.infer<typeof CreateContactBody>) {
  return ctx.db.$transaction(async (tx) => {
    await assertCompany(tx, body.companyId);
    await assertUser(tx, body.ownerId, 'ownerId');
    let companyId = body.companyId;
    if (companyId === undefined && body.emails[0]) {
      const match = await tx.companyDomain.findFirst({
        where: { domain: { in: formsOfAddress(body.emails[0]).domain } },
      });
      companyId = match?.companyId ?? null;
    }
    const created = await tx.contact.create({
      data: {
        tenantId: ctx.tenantId,
        name: body.name,
        title: body.title ?? null,
        phone: body.phone ?? null,
        companyId: companyId ?? null,
        ownerId: body.ownerId === undefined ? actingUserId(ctx) : body.ownerId,
        tags: body.tags,
      },
    });
    await replaceEmails(tx, ctx.tenantId, created.id, body.emails);
    return getContact(tx, created.id);
  });
}

export async function updateContact(ctx: CrmContext, id: string, body: z.infer<typeof UpdateContactBody>) {
  return ctx.db.$transaction(async (tx) => {
    const before = await getContact(tx, id);
    assertMayChangeOwner(ctx, { ownerId: before.owner?.id ?? null }, body.ownerId, 'contact');
    await assertCompany(tx, body.companyId);
    await assertUser(tx, body.ownerId, 'ownerId');
    const { emails, ...fields } = body;
    await tx.contact.updateMany({ where: { id }, data: fields });
    if (emails) await replaceEmails(tx, ctx.tenantId, id, emails);
    return getContact(tx, id);
  });
}

/**
 * Deletes the contact with its addresses and timeline links (its owner or an admin);
 * shared timeline items stay.
 */
export async function deleteContact(ctx: CrmContext, id: string) {
  await ctx.db.$transaction(async (tx) => {
    const contact = await getContact(tx, id);
    assertMayDelete(ctx, { ownerId: contact.owner?.id ?? null }, 'contact');
    await tx.task.updateMany({ where: { contactId: id }, data: { contactId: null } });
    await tx.contact.deleteMany({ where: { id } });
    await recordAudit(tx, ctx, {
      action: 'contact.deleted',
      targetType: 'contact',
      targetId: id,
      summary: `Deleted contact ${quoted(contact.name)}`,
      details: { name: contact.name, emails: contact.emails, ownerId: contact.owner?.id ?? null },
    });
  });
}
