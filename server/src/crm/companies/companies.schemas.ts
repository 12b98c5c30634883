import { z } from 'zod';
import { Domain, Id, Name, PageQuery, UserRef } from '../shared/schemas.ts';

export const CompanyResponse = z
  .object({
    id: Id,
    name: z.string(),
    domains: z.array(z.string()),
    owner: UserRef.nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Company' });

const Domains = z
  .array(Domain)
  .max(50)
  .transform((domains) => [...new Set(domains)]);

export const CreateCompanyBody = z.object({
  name: Name,
  domains: Domains.default([]),
  ownerId: Id.nullable().optional(),
});

export const UpdateCompanyBody = z.object({
  name: Name.optional(),
  domains: Domains.optional(),
  ownerId: Id.nullable().optional(),
});

export const CompanyListQuery = PageQuery.extend({
  q: z.string().trim().max(200).optional().meta({ description: 'Matches name or domain' }),
});
