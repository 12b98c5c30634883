import { z } from 'zod';
import { ListFilterQuery, ListSort, Tag } from '../segments/index.ts';
import { Domain, Id, Name, PageQuery, UserRef } from '../shared/schemas.ts';

export const CompanyResponse = z
  .object({
    id: Id,
    name: z.string(),
    domains: z.array(z.string()),
    owner: UserRef.nullable(),
    tags: z.array(z.string()),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Company' });

const Domains = z
  .array(Domain)
  .max(50)
  .transform((domains) => [...new Set(domains)]);

const Tags = z
  .array(Tag)
  .max(50)
  .transform((tags) => [...new Set(tags)]);

export const CreateCompanyBody = z.object({
  name: Name,
  domains: Domains.default([]),
  ownerId: Id.nullable().optional(),
  tags: Tags.default([]),
});

export const UpdateCompanyBody = z.object({
  name: Name.optional(),
  domains: Domains.optional(),
  ownerId: Id.nullable().optional(),
  tags: Tags.optional(),
});

export const CompanyListQuery = PageQuery.extend(ListFilterQuery.shape).extend({
  sort: ListSort.exclude(['lastContactedAt']).optional().meta({ description: "Default name, or the segment's" }),
});
