import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors.ts';
import {
  isForeignKeyViolation,
  isRecordNotFound,
  isUniqueViolation,
  isWriteConflict,
  rethrowUniqueAs,
} from './errors.ts';

const prismaError = (code: string) => Object.assign(new Error(`prisma ${code}`), { code });

describe('database error predicates', () => {
  it.each([
    ['P2002', isUniqueViolation],
    ['P2003', isForeignKeyViolation],
    ['P2025', isRecordNotFound],
    ['P2034', isWriteConflict],
  ] as const)('recognise %s and nothing else', (code, predicate) => {
    expect(predicate(prismaError(code))).toBe(true);
    for (const other of ['P2002', 'P2003', 'P2025', 'P2034', 'P1001'].filter((c) => c !== code)) {
      expect(predicate(prismaError(other))).toBe(false);
    }
  });

  it.each([null, undefined, 'P2002', 42, {}, new Error('plain')])('answer false for %s, not a crash', (value) => {
    expect(isUniqueViolation(value)).toBe(false);
  });

  it('turn a unique violation into the given error and pass anything else through', () => {
    const taken = new AppError('EMAIL_TAKEN', 409, 'taken');
    expect(() => rethrowUniqueAs(taken)(prismaError('P2002'))).toThrow(taken);
    const other = prismaError('P2003');
    expect(() => rethrowUniqueAs(taken)(other)).toThrow(other);
  });
});
