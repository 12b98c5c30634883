import { z } from 'zod';
import { ListFilterQuery, ListSort, Tag } from '../segments/index.ts';
import { EmailAddress, Id, Name, OptionalText, PageQuery, UserRef } from '../shared/schemas.ts';

export const ContactResponse = z
  .object({
    id: Id,
    name: z.string(),
    title: z.string().nullable(),
    phone: z.string().nullable(),
    emails: z.array(z.string()).meta({ description: 'Lower case; the first is the primary address' }),
    company: z.object({ id: Id, name: z.string() }).nullable(),
    owner: UserRef.nullable(),
    tags: z.array(z.string()),
    lastContactedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Contact' });

const Emails = z
  .array(EmailAddress)
  .max(20)
  .refine((emails) => new Set(emails).size === emails.length, { error: 'lists the same address twice' });

const Tags = z
  .array(Tag)
  .max(50)
  .transform((tags) => [...new Set(tags)]);

const Phone = OptionalText(50);

export const CreateContactBody = z.object({
  name: Name,
  title: OptionalText(200),
  phone: Phone,
  emails: Emails.default([]),
  companyId: Id.nullable().optional().meta({
    description: 'Omit to link the company that owns the primary address domain, if any',
  }),
  ownerId: Id.nullable().optional(),
  tags: Tags.default([]),
});

export const UpdateContactBody = z.object({
  name: Name.optional(),
  title: OptionalText(200),
  phone: Phone,
  emails: Emails.optional(),
  companyId: Id.nullable().optional(),
  ownerId: Id.nullable().optional(),
  tags: Tags.optional(),
});

export const ContactListQuery = PageQuery.extend(ListFilterQuery.shape).extend({
  companyId: Id.optional().meta({ description: 'Contacts of this company' }),
  sort: ListSort.optional().meta({
    description: "Default name, or the segment's; lastContactedAt sorts never-contacted last",
  }),
});
