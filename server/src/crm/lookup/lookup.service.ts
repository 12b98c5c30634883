// What the add-in asks for every email it shows: who this address is in the CRM,
// read in one statement (lookup.repository.ts).
import { z } from 'zod';
import type { CrmContext } from '../shared/context.ts';
import { CompanyResponse } from '../companies/index.ts';
import { ContactResponse } from '../contacts/index.ts';
import { DealResponse } from '../deals/index.ts';
import { formsOfAddress } from '../shared/email-address.ts';
import { EmailAddress } from '../shared/schemas.ts';
import { TimelineItemSchema } from '../timeline/index.ts';
import { readLookupCard } from './lookup.repository.ts';

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
  const card = await readLookupCard(ctx.db, formsOfAddress(email), LOOKUP_TIMELINE_ITEMS);
  return { email, ...card };
}
