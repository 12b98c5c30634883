// What a failed statement means, asked in one place instead of comparing Prisma's
// error codes wherever a write can fail. Prisma reports constraint failures as
// PrismaClientKnownRequestError with a stable code (P2xxx); nothing else here
// should need to know those codes.
import { AppError } from '../shared/errors.ts';

const codeOf = (error: unknown): unknown => (error as { code?: unknown } | null | undefined)?.code;

/** A unique constraint refused the row: a concurrent request (or an earlier one) wrote it first. */
export const isUniqueViolation = (error: unknown): boolean => codeOf(error) === 'P2002';

/** A foreign key refused the row: what it points at is gone (or belongs to another tenant). */
export const isForeignKeyViolation = (error: unknown): boolean => codeOf(error) === 'P2003';

/** An update or delete of exactly one row found none. */
export const isRecordNotFound = (error: unknown): boolean => codeOf(error) === 'P2025';

/** A serialization failure or deadlock: the transaction lost to a concurrent one and may be retried. */
export const isWriteConflict = (error: unknown): boolean => codeOf(error) === 'P2034';

/** For .catch(): a unique-constraint violation (a concurrent request won) becomes this error. */
export const rethrowUniqueAs =
  (replacement: AppError) =>
  (error: unknown): never => {
    if (isUniqueViolation(error)) throw replacement;
    throw error;
  };
