import { z } from 'zod';
import { Domain, Id, Name } from '../shared/schemas.ts';

export const TenantResponse = z
  .object({ id: Id, slug: z.string(), name: z.string(), domains: z.array(z.string()) })
  .meta({ id: 'Tenant' });

export const UpdateTenantBody = z
  .object({
    name: Name.optional(),
    domains: z
      .array(Domain)
      .max(100)
      .optional()
      .meta({ description: "The organisation's own mail domains (mail among them is internal); replaces the list" }),
  })
  .strict();
