// The import and export API's shapes. A file is sent as its bytes (text/csv); what
// to do with it goes in the query: the entity in the path, the delimiter, the
// column mapping (one field per column, by position), dry run or not, and what to
// do with a row that matches an existing record.
import { z } from 'zod';
import { CompanyListQuery } from '../companies/companies.schemas.ts';
import { ContactListQuery } from '../contacts/contacts.schemas.ts';
import { DELIMITERS, MAX_LISTED_REJECTIONS } from './csv-file.ts';

export const IMPORT_ENTITIES = ['contacts', 'companies'] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];

export const CONTACT_FIELDS = [
  'name',
  'email',
  'title',
  'phone',
  'companyName',
  'companyDomain',
  'ownerEmail',
  'tags',
] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

export const COMPANY_FIELDS = ['name', 'domain', 'ownerEmail'] as const;
export type CompanyField = (typeof COMPANY_FIELDS)[number];

export const ImportField = z.enum([...new Set([...CONTACT_FIELDS, ...COMPANY_FIELDS])]).meta({ id: 'ImportField' });
export type ImportField = z.infer<typeof ImportField>;

export const ImportEntityParams = z.object({ entity: z.enum(IMPORT_ENTITIES) });

const Delimiter = z
  .enum(Object.keys(DELIMITERS) as [keyof typeof DELIMITERS, ...(keyof typeof DELIMITERS)[]])
  .meta({ description: 'The delimiter between cells; omit to detect it from the header row' });

export const PreviewQuery = z.object({ delimiter: Delimiter.optional() });

export const ImportQuery = z.object({
  delimiter: Delimiter.optional(),
  mapping: z
    .string()
    .max(4000)
    .transform((value) => value.split(',').map((entry) => entry.trim()))
    .pipe(z.array(z.union([ImportField, z.literal('')])).max(100))
    .optional()
    .meta({
      description:
        'The field each column goes to, by position, comma-separated; an empty entry skips its column ' +
        '(`name,email,,title`). `email`, `tags` and `domain` may take several columns. Omit for the suggested mapping.',
    }),
  dryRun: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('false')
    .transform((value) => value === 'true')
    .meta({ description: 'true: check every row and report what would happen, writing nothing' }),
  existing: z.enum(['update', 'skip']).default('update').meta({
    description:
      'A row that matches an existing record (a contact by email, a company by domain or name): update it, or leave it as it is',
  }),
});
export type ImportQuery = z.infer<typeof ImportQuery>;

export const ImportPreviewResponse = z
  .object({
    delimiter: Delimiter,
    headers: z.array(z.string()),
    /** The first rows, cells as read. */
    sample: z.array(z.object({ row: z.int(), cells: z.array(z.string()) })),
    rowCount: z.int().meta({ description: 'Rows below the header that are not blank' }),
    suggestedMapping: z.array(ImportField.nullable()).meta({ description: 'One field (or null) per column' }),
    fields: z.array(ImportField).meta({ description: "The fields this entity's columns may be mapped to" }),
  })
  .meta({ id: 'ImportPreview' });

export const REJECT_CODES = [
  'MISSING_NAME',
  'INVALID_EMAIL',
  'INVALID_DOMAIN',
  'VALUE_TOO_LONG',
  'TOO_MANY_VALUES',
  'TOO_MANY_CELLS',
  'UNKNOWN_OWNER',
  'DUPLICATE_IN_FILE',
  'AMBIGUOUS_MATCH',
  'AMBIGUOUS_COMPANY',
  'OWNER_CHANGE_FORBIDDEN',
] as const;
export type RejectCode = (typeof REJECT_CODES)[number];

export const RejectedRow = z
  .object({
    row: z.int().meta({ description: 'Its row in the file; the header is row 1' }),
    code: z.enum(REJECT_CODES),
    message: z.string(),
    /** The row's cells as read, one per column of the header. */
    values: z.array(z.string()),
  })
  .meta({ id: 'ImportRejectedRow' });
export type RejectedRow = z.infer<typeof RejectedRow>;

export const ImportResultResponse = z
  .object({
    entity: z.enum(IMPORT_ENTITIES),
    dryRun: z.boolean(),
    rows: z.int().meta({ description: 'Rows read (blank rows aside)' }),
    created: z.int(),
    updated: z.int(),
    skipped: z.int().meta({ description: 'Rows matching an existing record, left alone (`existing=skip`)' }),
    rejected: z.int(),
    companiesCreated: z
      .int()
      .meta({ description: "Companies created for contacts' company columns (counted apart from `created`)" }),
    rejectedRows: z
      .array(RejectedRow)
      .meta({ description: `The first ${MAX_LISTED_REJECTIONS} rejected rows; the report holds them all` }),
    report: z.object({ filename: z.string(), csv: z.string() }).nullable().meta({
      description:
        'The rejected rows as CSV (their cells, their row number and the reason), to download; null when none was rejected',
    }),
  })
  .meta({ id: 'ImportResult' });
export type ImportResultResponse = z.infer<typeof ImportResultResponse>;

/** An export takes the list's own filters, segment and sort: it is the list, every page of it. */
export const ContactExportQuery = ContactListQuery.omit({ cursor: true, limit: true });
export type ContactExportQuery = z.infer<typeof ContactExportQuery>;

export const CompanyExportQuery = CompanyListQuery.omit({ cursor: true, limit: true });
export type CompanyExportQuery = z.infer<typeof CompanyExportQuery>;
