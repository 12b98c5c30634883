// The server's field errors (problem+json `errors[]`) placed on the form's fields. A
// path is the body's ("body.emails.2" from validation, "emails.2" or "companyId" from
// a service's 404/409); an index names a line of a one-per-line field.
import { ProblemError } from '../../api/errors.ts';

export type FieldError = { field: string; index: number | null; message: string };

export function fieldErrorsOf(error: unknown): FieldError[] {
  if (!(error instanceof ProblemError)) return [];
  return (error.problem.errors ?? []).map(({ path, message }) => {
    const parts = path.split('.');
    if (parts[0] === 'body') parts.shift();
    const [field = '', index] = parts;
    return { field, index: index !== undefined && /^\d+$/.test(index) ? Number(index) : null, message };
  });
}

/**
 * The message a field shows: its errors joined, a line's prefixed by its number as the
 * user counts (`line(3, "must be an email address")` → "Line 3: …"). Undefined: no error.
 */
export function messageFor(
  errors: FieldError[],
  field: string,
  line: (number: number, message: string) => string,
): string | undefined {
  const mine = errors.filter((error) => error.field === field);
  if (!mine.length) return undefined;
  return mine.map((error) => (error.index === null ? error.message : line(error.index + 1, error.message))).join(' ');
}

/** The errors no field of the form shows (the form reports them above its buttons). */
export const unplaced = (errors: FieldError[], fields: readonly string[]) =>
  errors.filter((error) => !fields.includes(error.field));

/** Lines of a textarea as a list: trimmed, blanks dropped (kept in order, duplicates too: the server names them). */
export const linesOf = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

/** Tags typed with commas: trimmed, blanks dropped, each once. */
export const tagsOf = (text: string) => [
  ...new Set(
    text
      .split(/[,،]/)
      .map((tag) => tag.trim())
      .filter(Boolean),
  ),
];
