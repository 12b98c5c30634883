import { z } from 'zod';
import { defineRoute } from '../shared/route.ts';
import { Id } from '../shared/schemas.ts';
import { getMe, listUsers } from './users.service.ts';

const Role = z.enum(['admin', 'member']);

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
  .object({ id: Id, email: z.string(), displayName: z.string(), role: Role })
  .meta({ id: 'User' });

export const userRoutes = [
  defineRoute({
    method: 'get',
    path: '/me',
    tag: 'Users',
    summary: 'The signed-in user and their tenant',
    response: MeResponse,
    handler: async (_input, ctx) => getMe(ctx),
  }),
  defineRoute({
    method: 'get',
    path: '/users',
    tag: 'Users',
    summary: "The tenant's users (owners and assignees)",
    response: z.object({ items: z.array(UserResponse) }),
    handler: async (_input, ctx) => ({ items: await listUsers(ctx) }),
  }),
];
