// The dashboard's figures: what each endpoint takes and answers. Every figure is one
// SQL statement (dashboard.repository.ts); money is summed per currency, never
// converted (the CRM keeps no exchange rates), as decimal strings.
import { z } from 'zod';
import { Id, Instant, UserRef } from '../shared/schemas.ts';

/** The longest period a figure covers: a calendar year in any time zone, with room. */
export const MAX_PERIOD_DAYS = 400;
/** The period when the client gives none: the last 30 days up to now. */
export const DEFAULT_PERIOD_DAYS = 30;
/** How many of the contacts without contact the figure lists (the longest without first). */
export const STALE_CONTACT_ROWS = 20;
export const DEFAULT_STALE_DAYS = 90;

export const MoneyAmount = z
  .object({
    currency: z.string().meta({ description: 'ISO 4217 currency code', pattern: '^[A-Z]{3}$' }),
    amount: z.string().meta({ description: 'Decimal string, the sum in that currency', examples: ['12500.00'] }),
  })
  .meta({ id: 'MoneyAmount' });

/** How many deals, and their value per currency (ordered by currency code). */
export const DealFigure = z
  .object({
    count: z.number().int(),
    value: z.array(MoneyAmount).meta({ description: 'One sum per currency, by currency code; empty without deals' }),
  })
  .meta({ id: 'DealFigure' });

/**
 * A period: `from` (included) to `to` (excluded). The client computes "this month" or
 * "this quarter" in the user's time zone and sends the instants.
 */
export const PeriodQuery = z.object({
  from: Instant.optional().meta({
    description: `Start of the period (included). Default: ${DEFAULT_PERIOD_DAYS} days before \`to\``,
  }),
  to: Instant.optional().meta({
    description: `End of the period (excluded), after \`from\` and at most ${MAX_PERIOD_DAYS} days after it. Default: now`,
  }),
});

export const Period = z
  .object({ from: z.iso.datetime(), to: z.iso.datetime() })
  .meta({ id: 'DashboardPeriod', description: 'The period the figure covers: from (included) to (excluded)' });

export const PipelineFigureQuery = z.object({
  pipelineId: Id.optional().meta({ description: "Default: the tenant's default pipeline" }),
  ownerId: Id.optional().meta({ description: "Only this user's deals" }),
});

const OwnerFigure = DealFigure.extend({ owner: UserRef.nullable().meta({ description: 'Null: deals without owner' }) });

export const PipelineFigureResponse = z
  .object({
    pipeline: z.object({ id: Id, name: z.string() }),
    total: DealFigure.meta({ description: 'Every open deal of the pipeline (of the owner, when filtered)' }),
    stages: z
      .array(
        DealFigure.extend({
          stage: z.object({ id: Id, name: z.string(), position: z.number().int(), probability: z.number().int() }),
          owners: z.array(OwnerFigure).meta({ description: 'The stage per owner, by name, deals without owner last' }),
        }),
      )
      .meta({
        description:
          'The open stages (not won, not lost) in pipeline order, empty ones included; a removed stage only while open deals are in it',
      }),
    owners: z
      .array(OwnerFigure)
      .meta({ description: 'The whole pipeline per owner, by name, deals without owner last' }),
  })
  .meta({ id: 'DashboardPipeline' });

export const OutcomesQuery = PeriodQuery.extend({
  pipelineId: Id.optional().meta({ description: 'Only deals of this pipeline. Default: every pipeline' }),
  ownerId: Id.optional().meta({ description: "Only this user's deals" }),
});

export const OutcomesResponse = z
  .object({
    period: Period,
    won: DealFigure,
    lost: DealFigure,
    owners: z
      .array(z.object({ owner: UserRef.nullable(), won: DealFigure, lost: DealFigure }))
      .meta({ description: 'Per owner who won or lost a deal in the period, by name, deals without owner last' }),
  })
  .meta({
    id: 'DashboardOutcomes',
    description:
      'Deals won and lost in the period, by the time they were closed, as they stand now (a reopened deal is not counted)',
  });

export const EmailActivityQuery = PeriodQuery;

const EmailCounts = z.object({
  manual: z.number().int().meta({ description: 'Logged from the add-in (by this user)' }),
  sync: z.number().int().meta({ description: "Captured by the mail sync (first seen in this user's mailbox)" }),
});

export const EmailActivityResponse = z
  .object({
    period: Period,
    total: EmailCounts,
    users: z
      .array(EmailCounts.extend({ user: UserRef.nullable().meta({ description: 'Null: nobody to attribute it to' }) }))
      .meta({ description: 'Per salesperson with emails in the period, by name, the unattributed last' }),
  })
  .meta({
    id: 'DashboardEmailActivity',
    description:
      'Emails on the timeline sent or received in the period (by the time of the email, not of its capture: a first sync does not put a mailbox history into this month). One email counts once: a logged one for who logged it, a synced one for the owner of the first mailbox that captured it',
  });

export const StaleContactsQuery = z.object({
  days: z.coerce
    .number({ error: 'must be a number of days' })
    .int('must be a whole number of days')
    .min(1)
    .max(3650)
    .default(DEFAULT_STALE_DAYS)
    .meta({ description: `No contact for this many days (1 to 3650). Default: ${DEFAULT_STALE_DAYS}` }),
  ownerId: Id.optional().meta({ description: "Only this user's contacts" }),
});

export const StaleContactsResponse = z
  .object({
    days: z.number().int(),
    cutoff: z.iso.datetime().meta({ description: 'Contacts last contacted at or before this time, or never' }),
    total: z.number().int(),
    owners: z
      .array(z.object({ owner: UserRef.nullable(), count: z.number().int() }))
      .meta({ description: 'Per owner, by name, contacts without owner last' }),
    contacts: z
      .array(
        z.object({
          id: Id,
          name: z.string(),
          owner: UserRef.nullable(),
          company: z.object({ id: Id, name: z.string() }).nullable(),
          lastContactedAt: z.iso.datetime().nullable(),
        }),
      )
      .meta({
        description: `The first ${STALE_CONTACT_ROWS}: never contacted first, then the longest without contact`,
      }),
  })
  .meta({ id: 'DashboardStaleContacts' });
