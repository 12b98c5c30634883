// The server's field errors on the form's fields: validation paths ("body.x"), service
// paths ("emails.0"), lines of one-per-line fields, and what no field shows.
import { describe, expect, it } from 'vitest';
import { ProblemError } from '../../api/errors.ts';
import { fieldErrorsOf, linesOf, messageFor, tagsOf, unplaced } from './field-errors.ts';

const problemWith = (errors: { path: string; message: string }[]) =>
  new ProblemError(400, { title: 'Bad request', code: 'VALIDATION_FAILED', errors });

const line = (n: number, message: string) => `Line ${n}: ${message}`;

describe('fieldErrorsOf', () => {
  it('places validation and service paths on the field, with the line of a list', () => {
    const errors = fieldErrorsOf(
      problemWith([
        { path: 'body.name', message: 'must not be empty' },
        { path: 'body.emails.2', message: 'must be an email address' },
        { path: 'emails.0', message: 'belongs to another contact' },
        { path: 'companyId', message: 'no such company' },
      ]),
    );
    expect(messageFor(errors, 'name', line)).toBe('must not be empty');
    expect(messageFor(errors, 'emails', line)).toBe(
      'Line 3: must be an email address Line 1: belongs to another contact',
    );
    expect(messageFor(errors, 'companyId', line)).toBe('no such company');
    expect(messageFor(errors, 'title', line)).toBeUndefined();
    expect(unplaced(errors, ['name', 'emails'])).toEqual([
      { field: 'companyId', index: null, message: 'no such company' },
    ]);
  });

  it('finds nothing in an error that is not the server’s problem', () => {
    expect(fieldErrorsOf(new Error('offline'))).toEqual([]);
    expect(fieldErrorsOf(null)).toEqual([]);
  });
});

describe('reading what was typed', () => {
  it('takes one address per line, trimmed, blank lines dropped, duplicates kept for the server to name', () => {
    expect(linesOf(' a@x.example \r\n\n b@x.example\na@x.example ')).toEqual([
      'a@x.example',
      'b@x.example',
      'a@x.example',
    ]);
  });

  it('takes tags separated by Latin or Persian commas, each once', () => {
    expect(tagsOf('vip, champion،مشتری , vip,,')).toEqual(['vip', 'champion', 'مشتری']);
  });
});
