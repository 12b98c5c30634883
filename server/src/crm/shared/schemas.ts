// Schemas shared by the CRM modules: ids, addresses, pagination.
import { z } from 'zod';
import { AppError } from '../../shared/errors.ts';
import { MAX_ADDRESS_LENGTH, normalizeDomain, parseMailAddress } from './email-address.ts';

export const Id = z.uuid({ error: 'must be a UUID' });

/**
 * An email address, internationalised ones included, in its canonical form (lower
 * case, the domain in Unicode): see email-address.ts.
 */
export const EmailAddress = z
  .string()
  .max(MAX_ADDRESS_LENGTH)
  .transform((value, ctx) => {
    const parsed = parseMailAddress(value);
    if (parsed) return parsed.address;
    ctx.addIssue({ code: 'custom', message: 'must be an email address' });
    return z.NEVER;
  })
  .meta({ format: 'idn-email', examples: ['nino@fabrikam.example'] });

/** A domain name, internationalised ones included, in its Unicode form; "www." is dropped. */
export const Domain = z
  .string()
  .max(1000)
  .transform((value, ctx) => {
    const domain = normalizeDomain(value.trim().replace(/^www\./i, ''));
    if (domain) return domain.unicode;
    ctx.addIssue({ code: 'custom', message: 'must be a domain name' });
    return z.NEVER;
  })
  .meta({ format: 'idn-hostname', examples: ['fabrikam.example'] });

const EARLIEST = Date.UTC(1900, 0, 1);
const LATEST = Date.UTC(2200, 0, 1);
/** Clocks disagree: a message may carry a time slightly ahead of ours. */
const CLOCK_SKEW_MS = 24 * 3_600_000;

/**
 * What the refinements below enforce, for the OpenAPI document: JSON Schema cannot
 * bound a date string, so a description for people and ajv-formats' formatMinimum /
 * formatExclusiveMaximum keywords for validators that know them.
 */
const INSTANT_RANGE = {
  formatMinimum: '1900-01-01T00:00:00Z',
  formatExclusiveMaximum: '2200-01-01T00:00:00Z',
};
const INSTANT_TEXT =
  'ISO 8601 date and time with its offset, from 1900-01-01T00:00:00Z up to (not including) 2200-01-01T00:00:00Z';

/** A point in time with its offset ("2026-11-03T09:15:00+01:00"), as a Date. */
export const Instant = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 date and time' })
  .transform((value) => new Date(value))
  .refine((date) => date.getTime() >= EARLIEST && date.getTime() < LATEST, 'must be between 1900 and 2200')
  .meta({ description: INSTANT_TEXT, ...INSTANT_RANGE });

/** Something that already happened (an email sent, a call held). */
export const PastInstant = Instant.refine(
  (date) => date.getTime() <= Date.now() + CLOCK_SKEW_MS,
  'must not be in the future',
).meta({
  description: `${INSTANT_TEXT}; not in the future (up to ${CLOCK_SKEW_MS / 3_600_000} hours ahead of the server's clock is accepted, for clock skew)`,
  ...INSTANT_RANGE,
});

/** A calendar date, "2027-01-31". */
export const CalendarDate = z.iso
  .date({ error: 'must be a date (YYYY-MM-DD)' })
  .refine((value) => value >= '1900-01-01' && value < '2200-01-01', 'must be between 1900 and 2200')
  .meta({
    description: 'A calendar date (YYYY-MM-DD), from 1900-01-01 up to (not including) 2200-01-01',
    formatMinimum: '1900-01-01',
    formatExclusiveMaximum: '2200-01-01',
  });

export const Name = z.string().trim().min(1, 'must not be empty').max(200);
export const OptionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const IdParams = z.object({ id: Id });

export const PageQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const Page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: 'Pass as `cursor` for the next page; null on the last page' }),
  });

export const UserRef = z.object({ id: Id, displayName: z.string(), email: z.string() }).meta({ id: 'UserRef' });

/** The Prisma selection that produces a UserRef. */
export const USER_REF = { select: { id: true, displayName: true, email: true } } as const;

/** Opaque cursors: the sort key of the last item, base64url-encoded JSON. */
export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor<T extends z.ZodTuple>(cursor: string | undefined, shape: T): z.infer<T> | undefined {
  if (cursor === undefined) return undefined;
  try {
    return shape.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new AppError('INVALID_CURSOR', 400, 'The cursor is not valid', {
      fields: [{ path: 'cursor', message: 'is not a cursor this endpoint returned' }],
    });
  }
}

/** Given limit+1 rows, returns the page and the cursor of its last row. */
export function paginate<T>(rows: T[], limit: number, keyOf: (row: T) => (string | number)[]) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}

export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}
