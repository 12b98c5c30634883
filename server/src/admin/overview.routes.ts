// The admin console's overview: the tenant's health at a glance (consent, users, the
// Graph connection, mailboxes by sync state, the mailboxes that need attention,
// subscriptions). Counts come from grouped queries, so the page costs the same seven
// queries for ten mailboxes or ten thousand.
import { z } from 'zod';
import { defineRoute, type RouteSpec } from '../crm/index.ts';
import { MailboxState } from '../db/index.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The most problem mailboxes listed; the counts still cover all of them. */
export const MAX_PROBLEMS = 50;

/** Every state a mailbox can be in, in the schema's order (the console counts them in it). */
const MAILBOX_STATES = Object.values(MailboxState);
/**
 * Mailboxes an admin should look at. Working (ACTIVE), waiting out Graph's throttling
 * (THROTTLED) and opted out (DISABLED) are not problems. NOT_PERMITTED is listed under
 * its own state: an admin's access policy keeps the sync out, which is not a failure.
 */
const PROBLEM_STATES: MailboxState[] = ['NEEDS_ADMIN', 'NOT_PERMITTED', 'INACTIVE', 'FAILED'];

const Instant = z.iso.datetime({ offset: true });

export const OverviewResponse = z
  .object({
    tenant: z.object({
      name: z.string(),
      slug: z.string(),
      domains: z.array(z.string()),
      entraTenantId: z.string().nullable(),
    }),
    consent: z.object({
      granted: z.boolean(),
      at: Instant.nullable(),
      by: z.string().nullable(),
      syncGranted: z.boolean(),
      syncAt: Instant.nullable(),
    }),
    users: z.object({ total: z.number().int(), admins: z.number().int(), syncEnabled: z.number().int() }),
    connection: z.object({
      state: z.enum(['CONNECTED', 'NEEDS_ADMIN', 'NOT_CONNECTED']),
      reason: z.string().nullable(),
    }),
    mailboxes: z.object({
      total: z.number().int(),
      byState: z.object(
        Object.fromEntries(MAILBOX_STATES.map((state) => [state, z.number().int()])) as Record<
          MailboxState,
          z.ZodNumber
        >,
      ),
      lastSyncAt: Instant.nullable(),
      itemsCaptured: z.number().int(),
    }),
    problems: z
      .array(
        z.object({
          mailboxId: z.string(),
          address: z.string(),
          state: z.string(),
          reason: z.string().nullable(),
          at: Instant.nullable(),
        }),
      )
      .meta({ description: `Mailboxes in ${PROBLEM_STATES.join(', ')}, latest error first, at most ${MAX_PROBLEMS}` }),
    subscriptions: z.object({
      active: z.number().int(),
      expiringWithinDay: z.number().int(),
      nextExpiry: Instant.nullable(),
    }),
  })
  .meta({ id: 'AdminOverview' });

const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;

export const overviewRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get',
    path: '/admin/overview',
    tag: 'Admin',
    summary:
      "The tenant's health: consent, users, the Graph connection, mailboxes by sync state and their problems, subscriptions",
    auth: 'admin',
    response: OverviewResponse,
    errors: [403],
    handler: async (_input, ctx) => {
      const now = ctx.clock.now();
      const [tenant, users, connection, mailboxes, problems, subscriptions, expiring] = await Promise.all([
        ctx.db.tenant.findFirstOrThrow({
          where: {},
          select: {
            name: true,
            slug: true,
            domains: true,
            entraTenantId: true,
            consentedAt: true,
            consentedByName: true,
            syncConsentedAt: true,
          },
        }),
        ctx.db.user.groupBy({ by: ['role', 'syncEnabled'], _count: { _all: true } }),
        ctx.db.graphConnection.findFirst({ where: {}, select: { state: true, stateReason: true } }),
        ctx.db.mailbox.groupBy({
          by: ['state'],
          _count: { _all: true },
          _max: { lastRoundAt: true },
          _sum: { itemsCaptured: true },
        }),
        ctx.db.mailbox.findMany({
          where: { state: { in: PROBLEM_STATES } },
          select: { id: true, address: true, state: true, stateReason: true, lastErrorAt: true, updatedAt: true },
          orderBy: [{ lastErrorAt: { sort: 'desc', nulls: 'last' } }, { address: 'asc' }],
          take: MAX_PROBLEMS,
        }),
        ctx.db.graphSubscription.aggregate({
          where: { expiresAt: { gt: now } },
          _count: { _all: true },
          _min: { expiresAt: true },
        }),
        ctx.db.graphSubscription.count({
          where: { expiresAt: { gt: now, lte: new Date(now.getTime() + DAY_MS) } },
        }),
      ]);

      const count = (where: (row: (typeof users)[number]) => boolean) =>
        users.filter(where).reduce((sum, row) => sum + row._count._all, 0);
      const byState = Object.fromEntries(MAILBOX_STATES.map((state) => [state, 0])) as Record<MailboxState, number>;
      for (const row of mailboxes) byState[row.state] = row._count._all;
      const lastSync = mailboxes
        .map((row) => row._max.lastRoundAt)
        .filter((at): at is Date => at !== null)
        .reduce<Date | null>((latest, at) => (latest && latest > at ? latest : at), null);

      return {
        tenant: {
          name: tenant.name,
          slug: tenant.slug,
          domains: tenant.domains,
          entraTenantId: tenant.entraTenantId,
        },
        consent: {
          granted: tenant.consentedAt !== null,
          at: iso(tenant.consentedAt),
          by: tenant.consentedByName,
          syncGranted: tenant.syncConsentedAt !== null,
          syncAt: iso(tenant.syncConsentedAt),
        },
        users: {
          total: count(() => true),
          admins: count((row) => row.role === 'admin'),
          syncEnabled: count((row) => row.syncEnabled),
        },
        connection: connection
          ? { state: connection.state, reason: connection.stateReason }
          : { state: 'NOT_CONNECTED' as const, reason: null },
        mailboxes: {
          total: mailboxes.reduce((sum, row) => sum + row._count._all, 0),
          byState,
          lastSyncAt: iso(lastSync),
          itemsCaptured: mailboxes.reduce((sum, row) => sum + (row._sum.itemsCaptured ?? 0), 0),
        },
        problems: problems.map((m) => ({
          mailboxId: m.id,
          address: m.address,
          state: m.state,
          reason: m.stateReason,
          // When it went wrong: the last error, else when the state was last set.
          at: iso(m.lastErrorAt ?? m.updatedAt),
        })),
        subscriptions: {
          active: subscriptions._count._all,
          expiringWithinDay: expiring,
          nextExpiry: iso(subscriptions._min.expiresAt),
        },
      };
    },
  }),
];
