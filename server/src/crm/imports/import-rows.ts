// What the contact and company imports share: the mapping checked against the
// file, each row's values by field, the checks every field's values go through,
// and the rejected rows with their reasons (the response's list and the report).
import { stringify } from 'csv-stringify/sync';
import { AppError } from '../../shared/errors.ts';
import { normalizeDomain, parseMailAddress } from '../shared/email-address.ts';
import type { CsvFile, CsvRow } from './csv-file.ts';
import { MULTI_COLUMN_FIELDS, suggestMapping } from './header-names.ts';
import type { ImportEntity, ImportField, RejectCode, RejectedRow } from './imports.schemas.ts';

/** A row refused for a reason the user can fix in the file. */
export class RowRejection extends Error {
  constructor(
    readonly code: RejectCode,
    message: string,
  ) {
    super(message);
  }
}

export function reject(code: RejectCode, message: string): never {
  throw new RowRejection(code, message);
}

/**
 * The mapping to use: the one given (checked: known fields for this entity, a
 * single-valued field once, no more entries than columns, the fields that identify
 * a record present) or the one suggested by the headers.
 */
export function resolveMapping<F extends ImportField>(
  entity: ImportEntity,
  fields: readonly F[],
  file: CsvFile,
  given: (ImportField | '')[] | undefined,
): (F | null)[] {
  const mapping = given
    ? given.map((field) => (field === '' ? null : field))
    : (suggestMapping(entity, file.headers) as (F | null)[]);
  const problems: { path: string; message: string }[] = [];
  if (mapping.length > file.headers.length) {
    problems.push({
      path: 'query.mapping',
      message: `maps ${mapping.length} columns; the file has ${file.headers.length}`,
    });
  }
  const seen = new Set<string>();
  mapping.forEach((field, i) => {
    if (field === null) return;
    if (!(fields as readonly string[]).includes(field)) {
      problems.push({ path: `query.mapping.${i}`, message: `${entity} have no field ${field}` });
    } else if (seen.has(field) && !MULTI_COLUMN_FIELDS.has(field)) {
      problems.push({ path: `query.mapping.${i}`, message: `${field} is mapped to more than one column` });
    }
    seen.add(field);
  });
  const keys = entity === 'contacts' ? ['name', 'email'] : ['name', 'domain'];
  if (!keys.some((key) => seen.has(key))) {
    problems.push({ path: 'query.mapping', message: `map a column to ${keys.join(' or ')}` });
  }
  if (problems.length) {
    throw new AppError('IMPORT_MAPPING_INVALID', 400, 'The column mapping does not fit this file', {
      fields: problems,
    });
  }
  return mapping as (F | null)[];
}

/**
 * A cell as written, less the quote our export (and other careful exporters) puts
 * before text a spreadsheet would run as a formula: "'+46 8 123" is "+46 8 123".
 */
export function cellValue(cell: string): string {
  const trimmed = cell.trim();
  return /^'[=+\-@\t\r]/.test(trimmed) ? trimmed.slice(1).trim() : trimmed;
}

/** A row's non-empty values by field, in column order. */
export function valuesByField<F extends string>(row: CsvRow, mapping: (F | null)[]): Map<F, string[]> {
  const values = new Map<F, string[]>();
  mapping.forEach((field, i) => {
    if (field === null) return;
    const value = cellValue(row.cells[i] ?? '');
    if (!value) return;
    values.set(field, [...(values.get(field) ?? []), value]);
  });
  return values;
}

/** Cells beyond the header that hold something: the row is shifted, not extended. */
export function assertFitsHeader(row: CsvRow, columns: number) {
  if (row.cells.slice(columns).some((cell) => cell.trim() !== '')) {
    reject(
      'TOO_MANY_CELLS',
      `The row has ${row.cells.length} cells; the header has ${columns} (a delimiter too many?)`,
    );
  }
}

export function text(values: string[] | undefined, label: string, max: number): string | null {
  const value = values?.join(' ') ?? null;
  if (value !== null && value.length > max) reject('VALUE_TOO_LONG', `${label} is longer than ${max} characters`);
  return value;
}

/** Addresses in the cells (several in one cell split on commas, semicolons or spaces), canonical and distinct. */
export function emailsIn(values: string[] | undefined, max: number): string[] {
  const emails: string[] = [];
  for (const value of (values ?? []).flatMap((cell) => cell.split(/[\s,;]+/u)).filter(Boolean)) {
    const parsed = parseMailAddress(value);
    if (!parsed) reject('INVALID_EMAIL', `"${shorten(value)}" is not an email address`);
    else if (!emails.includes(parsed.address)) emails.push(parsed.address);
  }
  if (emails.length > max) reject('TOO_MANY_VALUES', `The row has ${emails.length} addresses; at most ${max}`);
  return emails;
}

/** A domain, or a web address naming one ("https://www.fabrikam.example/about"), in its Unicode form. */
export function domainOf(value: string): string {
  const host = value
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//iu, '')
    .replace(/[/?#].*$/u, '')
    .replace(/^www\./iu, '');
  const domain = normalizeDomain(host);
  if (!domain) reject('INVALID_DOMAIN', `"${shorten(value)}" is not a domain name`);
  return domain.unicode;
}

export function domainsIn(values: string[] | undefined, max: number): string[] {
  const domains = [
    ...new Set(
      (values ?? [])
        .flatMap((cell) => cell.split(/[\s,;]+/u))
        .filter(Boolean)
        .map(domainOf),
    ),
  ];
  if (domains.length > max) reject('TOO_MANY_VALUES', `The row has ${domains.length} domains; at most ${max}`);
  return domains;
}

export function tagsIn(values: string[] | undefined): string[] {
  const tags = [
    ...new Set(
      (values ?? [])
        .flatMap((cell) => cell.split(/[,;|]/u))
        .map((tag) => tag.trim())
        .filter(Boolean),
    ),
  ];
  if (tags.some((tag) => tag.length > 50)) reject('VALUE_TOO_LONG', 'A tag is longer than 50 characters');
  if (tags.length > 50) reject('TOO_MANY_VALUES', `The row has ${tags.length} tags; at most 50`);
  return tags;
}

/** The owner's address as given (checked against the tenant's users later). */
export function ownerEmailIn(values: string[] | undefined): string | null {
  const value = values?.[0];
  if (value === undefined) return null;
  const parsed = parseMailAddress(value);
  if (!parsed) reject('UNKNOWN_OWNER', `"${shorten(value)}" is not the address of a user of this organisation`);
  return parsed.address;
}

export function shorten(value: string, max = 80): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/** Collects rejections in file order. */
export class Rejections {
  readonly rows: (RejectedRow & { row: number })[] = [];
  constructor(private readonly columns: number) {}

  add(row: CsvRow, code: RejectCode, message: string) {
    const values = row.cells.slice(0, Math.max(this.columns, row.cells.length));
    while (values.length < this.columns) values.push('');
    this.rows.push({ row: row.row, code, message, values });
  }

  /** Runs check; a RowRejection it throws is recorded for the row and answers null. */
  try<T>(row: CsvRow, check: () => T): T | null {
    try {
      return check();
    } catch (error) {
      if (error instanceof RowRejection) {
        this.add(row, error.code, error.message);
        return null;
      }
      throw error;
    }
  }

  sorted() {
    return [...this.rows].sort((a, b) => a.row - b.row);
  }
}

/**
 * The rejected rows as CSV: the file's own columns (so the user can fix the
 * cells and import the report itself), then the row number and the reason.
 * Cells a spreadsheet would run as a formula are quoted (escape_formulas), and a
 * BOM makes Excel read the UTF-8 as UTF-8, as in the audit export.
 */
export function rejectedReport(headers: string[], rows: RejectedRow[]): string {
  // A row with cells beyond the header (TOO_MANY_CELLS) keeps them, under blank headers.
  const width = Math.max(headers.length, ...rows.map((r) => r.values.length));
  const pad = (cells: string[]) => [...cells, ...Array<string>(width - cells.length).fill('')];
  return stringify(
    [
      [...pad(headers), 'Row', 'Error code', 'Reason'],
      ...rows.map((r) => [...pad(r.values), String(r.row), r.code, r.message]),
    ],
    {
      bom: true,
      escape_formulas: true,
      record_delimiter: 'windows',
      quote_record_delimiter: true,
    },
  );
}
