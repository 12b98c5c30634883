// Reading an uploaded CSV file: its bytes decoded as UTF-8 (a byte order mark
// dropped, anything else refused with a message that says how to save the file),
// its delimiter found (comma, semicolon as Excel writes it where the decimal
// separator is a comma, or tab), then parsed by csv-parse: quoted fields holding
// delimiters, quotes and line breaks, CRLF or LF. A file that cannot be read as
// a whole is refused (400) before any row is looked at; rows are judged later.
import { CsvError, parse } from 'csv-parse/sync';
import { AppError } from '../../shared/errors.ts';

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 50_000;
export const MAX_COLUMNS = 100;
/** How many rejected rows an import's JSON answer lists; its CSV report holds every one. */
export const MAX_LISTED_REJECTIONS = 1000;
/** A record longer than this is an unclosed quote swallowing the file, not data. */
const MAX_RECORD_CHARS = 100_000;

export const DELIMITERS = { comma: ',', semicolon: ';', tab: '\t' } as const;
export type Delimiter = keyof typeof DELIMITERS;

export type CsvRow = {
  /** The row's number in the file as a spreadsheet shows it: the header is row 1. */
  row: number;
  cells: string[];
};

export type CsvFile = {
  delimiter: Delimiter;
  headers: string[];
  /** Rows with at least one non-empty cell (blank rows are passed over, their numbers kept). */
  rows: CsvRow[];
};

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const UTF8_BOM = [0xef, 0xbb, 0xbf];

function startsWith(bytes: Buffer, prefix: number[]) {
  return prefix.every((byte, i) => bytes[i] === byte);
}

/** The file's text, or a 400 that says what the file is instead. */
export function decodeCsv(bytes: Buffer): string {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    throw new AppError(
      'CSV_MALFORMED',
      400,
      'This is a spreadsheet workbook (.xlsx), not a CSV file: save it as "CSV UTF-8" and import that',
    );
  }
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    throw new AppError('CSV_NOT_UTF8', 400, 'The file is UTF-16 text: save it as "CSV UTF-8" and import that');
  }
  const body = startsWith(bytes, UTF8_BOM) ? bytes.subarray(3) : bytes;
  let text: string;
  try {
    text = UTF8.decode(body);
  } catch {
    throw new AppError(
      'CSV_NOT_UTF8',
      400,
      'The file is not UTF-8 text (an older spreadsheet encoding?): save it as "CSV UTF-8" and import that',
    );
  }
  if (text.includes('\u0000')) {
    throw new AppError('CSV_MALFORMED', 400, 'The file holds binary data, not CSV text');
  }
  return text;
}

/** The candidate that occurs most often outside quotes on the first line (comma on a tie). */
export function detectDelimiter(text: string): Delimiter {
  const counts: Record<Delimiter, number> = { comma: 0, semicolon: 0, tab: 0 };
  const byChar = new Map<string, Delimiter>(
    Object.entries(DELIMITERS).map(([name, char]) => [char, name as Delimiter]),
  );
  let quoted = false;
  for (const char of text.slice(0, 64 * 1024)) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted) {
      const name = byChar.get(char);
      if (name) counts[name]++;
    }
  }
  const best = (Object.keys(counts) as Delimiter[]).reduce((a, b) => (counts[b] > counts[a] ? b : a));
  return best;
}

const isBlank = (cells: string[]) => cells.every((cell) => cell.trim() === '');

/** Reads the whole file; `delimiter` undefined: detected. */
export function readCsv(bytes: Buffer, delimiter?: Delimiter): CsvFile {
  const text = decodeCsv(bytes);
  if (text.trim() === '') throw new AppError('CSV_EMPTY', 400, 'The file is empty');
  const chosen = delimiter ?? detectDelimiter(text);
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: DELIMITERS[chosen],
      relax_column_count: true,
      // A stray quote inside an unquoted cell (Bob "the builder") is kept as text.
      relax_quotes: true,
      max_record_size: MAX_RECORD_CHARS,
      // Header plus one more than allowed: enough to know the file is over the limit.
      to: MAX_IMPORT_ROWS + 2,
    });
  } catch (error) {
    if (error instanceof CsvError) throw malformed(error);
    throw error;
  }
  const [header, ...data] = records;
  if (!header || isBlank(header)) throw new AppError('CSV_EMPTY', 400, 'The file has no header row');
  if (header.length > MAX_COLUMNS) {
    throw new AppError('CSV_MALFORMED', 400, `The file has ${header.length} columns; at most ${MAX_COLUMNS} are read`);
  }
  if (data.length > MAX_IMPORT_ROWS) {
    throw new AppError(
      'CSV_TOO_MANY_ROWS',
      413,
      `The file has more than ${MAX_IMPORT_ROWS} rows: split it into smaller files`,
    );
  }
  const rows = data.flatMap((cells, i) => (isBlank(cells) ? [] : [{ row: i + 2, cells }]));
  if (!rows.length) throw new AppError('CSV_NO_ROWS', 400, 'The file has a header row but no rows below it');
  return { delimiter: chosen, headers: header.map((cell) => cell.trim()), rows };
}

/** csv-parse's error as a 400 naming the line, without quoting the file's content. */
function malformed(error: CsvError): AppError {
  const line = (error as CsvError & { lines?: number }).lines;
  const where = line ? ` near line ${line}` : '';
  const what: Record<string, string> = {
    CSV_QUOTE_NOT_CLOSED: `A quoted cell is never closed${where}`,
    CSV_MAX_RECORD_SIZE: `A row${where} is longer than ${MAX_RECORD_CHARS} characters (a quote left open?)`,
    CSV_INVALID_CLOSING_QUOTE: `A quoted cell${where} has text after its closing quote`,
  };
  return new AppError('CSV_MALFORMED', 400, what[error.code] ?? `The file is not valid CSV${where}`);
}
