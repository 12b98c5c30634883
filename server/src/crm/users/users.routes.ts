import { z } from 'zod';
import { defineRoute } from '../shared/route.ts';
import { IdParams } from '../shared/schemas.ts';
import { MeResponse, UpdateUserBody, UserResponse } from './users.schemas.ts';
import { getMe, listUsers, updateUser } from './users.service.ts';

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
  defineRoute({
    method: 'patch',
    path: '/users/:id',
    tag: 'Users',
    summary: "Change a user's role or turn their mail sync on or off (admins; the last admin cannot be demoted)",
    auth: 'admin',
    params: IdParams,
    body: UpdateUserBody,
    response: UserResponse,
    errors: [409],
    handler: async ({ params, body }, ctx) => updateUser(ctx, params.id, body),
  }),
];
