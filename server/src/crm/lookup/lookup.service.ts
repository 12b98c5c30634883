// What the add-in asks for every email it shows: who this address is in the CRM.
import { z } from 'zod';
import type { CrmContext } from '../shared/context.ts';
import { companyInclude, CompanyResponse, findCompanyByDomain, toCompanyResponse } from '../companies/index.ts';
import { contactInclude, ContactResponse, toContactResponse } from '../contacts/index.ts';
import { DealResponse, listOpenDealsFor } from '../deals/index.ts';
import { formsOfAddress } from '../shared/email-address.ts';
import { EmailAddress } from '../shared/schemas.ts';
import { listTimeline, TimelineItemSchema } from '../timeline/index.ts';

export const LOOKUP_TIMELINE_ITEMS = 10;

export const LookupQuery = z.object({ email: EmailAddress });

export const LookupResponse = z
  .object({
    email: z.string(),
    contact: ContactResponse.nullable(),
    company: CompanyResponse.nullable(),
    companyMatchedBy: z.enum(['contact', 'domain']).nullable(),
    deals: z.array(DealResponse).meta({ description: 'Open deals of the contact and of its company' }),
    timeline: z
      .array(TimelineItemSchema)
      .meta({ description: `The last ${LOOKUP_TIMELINE_ITEMS} items, newest first` }),
    lastContactedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Lookup' });

export async function lookupByEmail(ctx: CrmContext, email: string): Promise<z.input<typeof LookupResponse>> {
  const forms = formsOfAddress(email);
  const owner = await ctx.db.contactEmail.findFirst({
    where: { email: { in: forms.address } },
    select: { contact: { include: { ...contactInclude, company: { include: companyInclude } } } },
  });
  const contact = owner?.contact ?? null;
  if (!contact) {
    const company = await findCompanyByDomain(ctx.db, forms.domain);
    const deals = company ? await listOpenDealsFor(ctx.db, null, company.id) : [];
    return {
      email,
      contact: null,
      company,
      companyMatchedBy: company ? 'domain' : null,
      deals,
      timeline: [],
      lastContactedAt: null,
    };
  }
  const [deals, timeline] = await Promise.all([
    listOpenDealsFor(ctx.db, contact.id, contact.companyId),
    listTimeline(ctx.db, { contactId: contact.id }, { limit: LOOKUP_TIMELINE_ITEMS }),
  ]);
  return {
    email,
    contact: toContactResponse({
      ...contact,
      company: contact.company && { id: contact.company.id, name: contact.company.name },
    }),
    company: contact.company ? toCompanyResponse(contact.company) : null,
    companyMatchedBy: contact.company ? 'contact' : null,
    deals,
    timeline: timeline.items,
    lastContactedAt: contact.lastContactedAt?.toISOString() ?? null,
  };
}
