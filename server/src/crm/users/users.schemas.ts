import { z } from 'zod';
import { Id } from '../shared/schemas.ts';

export const Role = z.enum(['admin', 'member']);

export const MeResponse = z
  .object({
    id: Id,
    email: z.string(),
    displayName: z.string(),
    role: Role,
    tenant: z.object({ id: Id, slug: z.string(), name: z.string(), domains: z.array(z.string()) }),
  })
  .meta({ id: 'Me' });

export const UserResponse = z
  .object({
    id: Id,
    email: z.string(),
    displayName: z.string(),
    role: Role,
    syncEnabled: z.boolean().meta({ description: "Whether the mail sync reads the user's mailbox" }),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'User' });

export const UpdateUserBody = z
  .object({
    role: Role.optional(),
    syncEnabled: z.boolean().optional(),
  })
  .strict();
