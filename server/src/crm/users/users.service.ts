import { requireUser, type CrmContext } from '../shared/context.ts';

export async function getMe(ctx: CrmContext) {
  const user = await ctx.db.user.findFirstOrThrow({
    where: { id: requireUser(ctx).userId },
    include: { tenant: { select: { id: true, slug: true, name: true, domains: true } } },
  });
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    tenant: user.tenant,
  };
}

export async function listUsers(ctx: CrmContext) {
  const users = await ctx.db.user.findMany({ orderBy: { displayName: 'asc' } });
  return users.map((u) => ({ id: u.id, email: u.email, displayName: u.displayName, role: u.role }));
}
