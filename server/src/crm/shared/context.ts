// The one context every CRM service takes, whoever calls it: an HTTP route builds
// it from the request, a job from its payload, the seed and the benchmarks from
// their own data. Nothing here knows HTTP.
//
// Operations (create, update, list, record an email, read a status) take the
// context. The small reads they compose (getContact, getDeal, listTimeline…) take
// a scoped client or the transaction they run in, so they work inside one.
import type { ScopedDb } from '../../db/index.ts';
import { AppError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/log.ts';

export type Role = 'admin' | 'member';

/** Who is acting: a signed-in user, or the mail sync working on a mailbox. */
export type Actor =
  | { kind: 'user'; userId: string; email: string; role: Role }
  | {
      kind: 'mailbox-sync';
      /** The user whose mailbox is synced, when the mailbox belongs to one. */
      mailboxUserId: string | null;
      mailbox: string;
    };

export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

export type CrmContext = Readonly<{
  tenantId: string;
  actor: Actor;
  /** A database client that can only see this tenant. */
  db: ScopedDb;
  log: Logger;
  clock: Clock;
}>;

/** Builds a context; the scoped client must belong to the tenant it names. */
export function createCrmContext(parts: { db: ScopedDb; actor: Actor; log: Logger; clock?: Clock }): CrmContext {
  return Object.freeze({
    tenantId: parts.db.tenantId,
    actor: parts.actor,
    db: parts.db,
    log: parts.log,
    clock: parts.clock ?? systemClock,
  });
}

/** The user a record is attributed to: the signed-in user, or nobody for the sync. */
export function actingUserId(ctx: CrmContext): string | null {
  return ctx.actor.kind === 'user' ? ctx.actor.userId : null;
}

/** For what only a person may do (their own profile, authoring a note or a task). */
export function requireUser(ctx: CrmContext): Extract<Actor, { kind: 'user' }> {
  if (ctx.actor.kind !== 'user') throw new AppError('FORBIDDEN', 403, 'Only a signed-in user may do this');
  return ctx.actor;
}

export const isAdmin = (ctx: CrmContext): boolean => ctx.actor.kind === 'user' && ctx.actor.role === 'admin';
