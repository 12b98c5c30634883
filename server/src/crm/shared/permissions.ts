// Record permissions as a CRM admin expects them: every user of the tenant may
// create and edit its records; a record is deleted, or given to another owner, only
// by its owner or an admin. (Without the second rule a member could make an admin's
// deal theirs and then delete it.) Refusals are 403 FORBIDDEN with a message that
// says who may.
import { AppError } from '../../shared/errors.ts';
import { actingUserId, isAdmin, type CrmContext } from './context.ts';

type Owned = { ownerId: string | null };

/** True when the actor owns the record or is an admin. */
export function ownsOrAdmin(ctx: CrmContext, ownerId: string | null): boolean {
  if (isAdmin(ctx)) return true;
  const userId = actingUserId(ctx);
  return userId !== null && ownerId === userId;
}

/** `what`: 'contact', 'company', 'deal'. */
export function assertMayDelete(ctx: CrmContext, record: Owned, what: string) {
  if (!ownsOrAdmin(ctx, record.ownerId)) {
    throw new AppError('FORBIDDEN', 403, `Only the ${what}'s owner or an admin may delete this ${what}`);
  }
}

/** A new ownerId (undefined: unchanged) is for the owner or an admin to give. */
export function assertMayChangeOwner(ctx: CrmContext, record: Owned, ownerId: string | null | undefined, what: string) {
  if (ownerId === undefined || ownerId === record.ownerId) return;
  if (!ownsOrAdmin(ctx, record.ownerId)) {
    throw new AppError('FORBIDDEN', 403, `Only the ${what}'s owner or an admin may give this ${what} another owner`);
  }
}
