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

/** The body of a route that `consumes` a file: its bytes, undecoded. */
export const FileBody = z.instanceof(Buffer);

export const PageQuery = z.object({
  // Length and content are checked by decodeCursor, so every bad cursor answers INVALID_CURSOR.
  cursor: z.string().optional().meta({ description: 'The `nextCursor` of the previous page of the same list' }),
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

/** The lists that hand out cursors. A cursor names its list, so no list takes another's. */
export type CursorKind =
  | 'contacts'
  | 'companies'
  | 'deals'
  | 'deals-updated'
  | 'tasks'
  | 'contact-timeline'
  | 'company-timeline'
  | 'deal-timeline'
  | 'audit';

/**
 * The longest cursor accepted: a 200-character name in a script of 3-byte UTF-8
 * characters (Georgian, Tamil) and an id encode to about 900 characters.
 */
export const MAX_CURSOR_LENGTH = 2048;

/** What a sort key in a cursor may hold: only values the list's columns can hold. */
export const CursorValue = {
  /** PostgreSQL text holds no NUL, and UTF-8 no lone surrogate (with the u flag, only lone ones match). */
  text: z
    .string()
    .max(1000)
    .refine((s) => !/[\0\uD800-\uDFFF]/u.test(s)),
  /** Any uuid PostgreSQL stores (rows written by imports need not be RFC 9562 variants). */
  id: z.guid(),
  instant: z.iso
    .datetime()
    .transform((s) => new Date(s))
    .refine((d) => !Number.isNaN(d.getTime())),
};

/** A list's cursor: its kind and the zod tuple of its sort key. */
export type ListCursor<K extends z.ZodTuple = z.ZodTuple> = { readonly kind: CursorKind; readonly key: K };

export const defineCursor = <K extends z.ZodTuple>(kind: CursorKind, key: K): ListCursor<K> => ({ kind, key });

/** Opaque cursors: base64url JSON of the list's kind followed by the sort key of the last item. */
export function encodeCursor<K extends z.ZodTuple>(cursor: ListCursor<K>, key: z.input<K>): string {
  return Buffer.from(JSON.stringify([cursor.kind, ...(key as unknown[])])).toString('base64url');
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The one parser of every list's cursor: anything but a cursor this list
 * handed out (another list's, altered, truncated, over-long, holding values its
 * columns cannot hold) answers 400 INVALID_CURSOR before it reaches a query.
 */
export function decodeCursor<K extends z.ZodTuple>(
  raw: string | undefined,
  cursor: ListCursor<K>,
): z.output<K> | undefined {
  if (raw === undefined) return undefined;
  if (raw.length <= MAX_CURSOR_LENGTH && BASE64URL.test(raw)) {
    try {
      const decoded: unknown = JSON.parse(STRICT_UTF8.decode(Buffer.from(raw, 'base64url')));
      if (Array.isArray(decoded) && decoded[0] === cursor.kind) {
        const key = cursor.key.safeParse(decoded.slice(1));
        if (key.success) return key.data;
      }
    } catch {
      // not UTF-8 or not JSON: refused below
    }
  }
  throw new AppError('INVALID_CURSOR', 400, 'The cursor is not valid', {
    fields: [{ path: 'cursor', message: 'is not a cursor this list returned' }],
  });
}

/** Given limit+1 rows, returns the page and the cursor of its last row. */
export function paginate<T, K extends z.ZodTuple>(
  rows: T[],
  limit: number,
  cursor: ListCursor<K>,
  keyOf: (row: T) => z.input<K>,
) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(cursor, keyOf(last)) : null };
}

export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}
