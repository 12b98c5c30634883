import { z } from 'zod';
import { CalendarDate, Id, Name, PageQuery, UserRef } from '../shared/schemas.ts';

/** The ISO 4217 codes this Node's ICU knows: the current ones (no XXX, no withdrawn DEM). */
const CURRENCY_CODES = Intl.supportedValuesOf('currency') as [string, ...string[]];
const CURRENCIES = new Set(CURRENCY_CODES);

/** The codes, as the document lists them. */
export const CurrencyCode = z.enum(CURRENCY_CODES).meta({ id: 'Currency', description: 'ISO 4217 currency code' });

/**
 * A currency on input: one of the codes, in any case, stored upper case. The document
 * says "one of Currency, or the same in another case" (anyOf), not an enum alone,
 * which would wrongly refuse "eur" and make every client's currency field a union.
 */
export const Currency = z
  .union([
    CurrencyCode,
    z.string().meta({ description: 'A Currency code in another case', pattern: '^\\s*[A-Za-z]{3}\\s*$' }),
  ])
  .pipe(
    z
      .string()
      .trim()
      .toUpperCase()
      .refine((code) => CURRENCIES.has(code), { error: 'must be an ISO 4217 currency code' }),
  )
  .meta({ description: 'ISO 4217 currency code (any case): one of the Currency schema', examples: ['EUR'] });

/** Money as a decimal string (never a float): "12500.00". Numbers are accepted on input. */
export const Money = z
  .union([
    z.number().nonnegative().max(1e15),
    z
      .string()
      .trim()
      .meta({ pattern: '^\\s*\\d{1,16}(\\.\\d{1,2})?\\s*$', examples: ['12500.00'] }),
  ])
  .transform((value) => (typeof value === 'number' ? value.toFixed(2) : value))
  .pipe(z.string().regex(/^\d{1,16}(\.\d{1,2})?$/, 'must be an amount with at most 2 decimals'));

export const DealStageRef = z
  .object({
    id: Id,
    name: z.string(),
    position: z.number().int(),
    stageCount: z.number().int().meta({ description: 'How many stages the pipeline has' }),
    probability: z.number().int(),
    isWon: z.boolean(),
    isLost: z.boolean(),
  })
  .meta({ id: 'DealStage' });

export const DealResponse = z
  .object({
    id: Id,
    name: z.string(),
    value: z.string().meta({ description: 'Decimal string in the deal currency' }),
    currency: z.string().meta({ description: 'ISO 4217 currency code', pattern: '^[A-Z]{3}$' }),
    status: z.enum(['open', 'won', 'lost']),
    pipeline: z.object({ id: Id, name: z.string() }),
    stage: DealStageRef,
    owner: UserRef.nullable(),
    company: z.object({ id: Id, name: z.string() }).nullable(),
    contactIds: z.array(Id),
    expectedCloseDate: CalendarDate.nullable(),
    closedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Deal' });

export const DealDetailResponse = DealResponse.extend({
  stageHistory: z.array(
    z.object({
      fromStage: z.object({ id: Id, name: z.string() }).nullable(),
      toStage: z.object({ id: Id, name: z.string() }),
      changedBy: UserRef.nullable(),
      changedAt: z.iso.datetime(),
    }),
  ),
}).meta({ id: 'DealDetail' });

const ContactIds = z
  .array(Id)
  .max(100)
  .transform((ids) => [...new Set(ids)]);

export const CreateDealBody = z.object({
  name: Name,
  value: Money.default('0'),
  currency: Currency,
  pipelineId: Id.optional().meta({ description: 'Default: the default pipeline' }),
  stageId: Id.optional().meta({ description: "Default: the pipeline's first stage" }),
  ownerId: Id.nullable().optional(),
  companyId: Id.nullable().optional(),
  contactIds: ContactIds.default([]),
  expectedCloseDate: CalendarDate.nullable().optional(),
});

export const UpdateDealBody = z.object({
  name: Name.optional(),
  value: Money.optional(),
  currency: Currency.optional(),
  pipelineId: Id.optional().meta({ description: 'Moving to another pipeline needs a stageId of it' }),
  stageId: Id.optional().meta({ description: 'Moving the deal records a stage change on the timeline' }),
  fromStageId: Id.optional().meta({
    description:
      'The stage the client last saw the deal in: if it has moved since (someone else moved it), the move is refused with 409 DEAL_STAGE_CHANGED and nothing changes',
  }),
  ownerId: Id.nullable().optional(),
  companyId: Id.nullable().optional(),
  contactIds: ContactIds.optional(),
  expectedCloseDate: CalendarDate.nullable().optional(),
});

/** A user's id, or `me` for the caller. */
export const OwnerFilter = z
  .union([Id, z.literal('me')])
  .meta({ description: "Only deals this user owns; `me`: the caller's own" });

export const DealSort = z.enum(['newest', 'updated']).meta({
  description:
    'newest: the newest deals first (the default); updated: the most recently changed first, as on the board',
});

export const DealListQuery = PageQuery.extend({
  q: z.string().trim().max(200).optional(),
  status: z.enum(['open', 'won', 'lost']).optional(),
  pipelineId: Id.optional(),
  stageId: Id.optional(),
  companyId: Id.optional(),
  contactId: Id.optional(),
  ownerId: OwnerFilter.optional(),
  sort: DealSort.default('newest'),
});

export const BoardQuery = z.object({
  ownerId: OwnerFilter.optional(),
  status: z
    .enum(['open', 'won', 'lost', 'all'])
    .default('open')
    .meta({ description: 'Which deals the columns count and show; default open (won and lost deals left out)' }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(25)
    .meta({ description: "Deals per column on the board; more through GET /deals with the column's cursor" }),
});

export const MoneyTotal = z
  .object({
    currency: z.string().meta({ description: 'ISO 4217 currency code', pattern: '^[A-Z]{3}$' }),
    amount: z.string().meta({ description: 'Decimal string: the sum of the values of the deals in that currency' }),
  })
  .meta({ id: 'MoneyTotal' });

export const BoardResponse = z
  .object({
    pipeline: z.object({ id: Id, name: z.string() }),
    columns: z.array(
      z.object({
        stage: z.object({
          id: Id,
          name: z.string(),
          position: z.number().int(),
          probability: z.number().int(),
          isWon: z.boolean(),
          isLost: z.boolean(),
        }),
        count: z.number().int().meta({ description: 'How many deals of the filter are in the stage' }),
        totals: z.array(MoneyTotal).meta({
          description: 'The total value per currency (deals keep their own currency), largest first',
        }),
        deals: z
          .array(DealResponse)
          .meta({ description: 'The first deals of the column, most recently changed first' }),
        nextCursor: z.string().nullable().meta({
          description:
            'More of the column: GET /deals?pipelineId=…&stageId=…&sort=updated&cursor=… with the same ownerId and status; null when the column is complete',
        }),
      }),
    ),
  })
  .meta({ id: 'DealBoard' });
