import type { z } from 'zod';
import { lockRoles, type ScopedDb, type ScopedTx, type UserModel } from '../../db/index.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { requireUser, type CrmContext } from '../shared/context.ts';
import type { UpdateUserBody } from './users.schemas.ts';

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

function toUserResponse(u: UserModel) {
  return {
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    role: u.role,
    syncEnabled: u.syncEnabled,
    createdAt: u.createdAt.toISOString(),
  };
}

export async function listUsers(ctx: CrmContext) {
  const users = await ctx.db.user.findMany({ orderBy: [{ displayName: 'asc' }, { id: 'asc' }] });
  return users.map(toUserResponse);
}

/**
 * Turns a user's mail sync on or off, the one write path for the user's own switch
 * (PUT /me/sync) and an admin's (PATCH /users/:id). Off: their mailbox stops at its
 * next round (the round checks the switch); Graph's notifications for it, if any,
 * are for the caller to drop. On: the mailbox is active again.
 */
export async function setSyncEnabled(db: ScopedDb | ScopedTx, userId: string, enabled: boolean) {
  await db.user.updateMany({ where: { id: userId }, data: { syncEnabled: enabled } });
  await db.mailbox.updateMany({
    where: { userId },
    data: enabled
      ? { state: 'ACTIVE', stateReason: null, retryAt: null }
      : { state: 'DISABLED', stateReason: 'The user opted out of the mail sync' },
  });
}

/** The audit event of a user's sync switched on or off (by themselves or an admin). */
export function syncSwitchedEvent(user: { id: string; email: string }, enabled: boolean) {
  return {
    action: enabled ? ('user.sync.enabled' as const) : ('user.sync.disabled' as const),
    targetType: 'user',
    targetId: user.id,
    summary: `${enabled ? 'Turned on' : 'Turned off'} the mail sync of ${user.email}`,
  };
}

/**
 * An admin changes a user's role or mail sync. The tenant keeps at least one admin:
 * demoting the last is refused (409 LAST_ADMIN), and role changes of a tenant run
 * one at a time so two admins demoting each other cannot both succeed. The new
 * role applies from that user's next request (the principal resolver reads it).
 */
export async function updateUser(ctx: CrmContext, id: string, body: z.infer<typeof UpdateUserBody>) {
  return ctx.db.$transaction(async (tx) => {
    await lockRoles(tx, ctx.tenantId);
    const user = await tx.user.findFirst({ where: { id } });
    if (!user) throw notFound('USER_NOT_FOUND', 'User');
    if (body.role && body.role !== user.role) {
      if (user.role === 'admin' && (await tx.user.count({ where: { role: 'admin' } })) <= 1) {
        throw new AppError(
          'LAST_ADMIN',
          409,
          'The organisation needs at least one admin: make someone else admin first',
        );
      }
      await tx.user.updateMany({ where: { id }, data: { role: body.role } });
      await recordAudit(tx, ctx, {
        action: 'user.role.changed',
        targetType: 'user',
        targetId: id,
        summary: `Changed the role of ${user.email} from ${user.role} to ${body.role}`,
        details: { from: user.role, to: body.role },
      });
    }
    if (body.syncEnabled !== undefined && body.syncEnabled !== user.syncEnabled) {
      await setSyncEnabled(tx, id, body.syncEnabled);
      await recordAudit(tx, ctx, syncSwitchedEvent(user, body.syncEnabled));
    }
    return toUserResponse(await tx.user.findFirstOrThrow({ where: { id } }));
  });
}
