// Every error leaves as application/problem+json (RFC 9457) with a stable `code`.
import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, Response } from 'express';
import { z, ZodError } from 'zod';
import { isForeignKeyViolation, isRecordNotFound, isUniqueViolation, isWriteConflict } from '../db/index.ts';
import { AppError, type FieldError } from '../shared/errors.ts';
import type { Logger } from '../shared/log.ts';

export const ProblemResponse = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().meta({ description: 'Stable machine-readable error code' }),
    detail: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
};

/** Returns the response, so a handler can `return sendProblem(…)` to stop there. */
export function sendProblem(
  res: Response,
  status: number,
  code: string,
  detail?: string,
  errors?: FieldError[],
): Response {
  return res
    .status(status)
    .type('application/problem+json')
    .json({
      type: 'about:blank',
      title: TITLES[status] ?? STATUS_CODES[status] ?? 'Error',
      status,
      code,
      detail,
      errors,
    });
}

export function fieldErrors(error: ZodError, prefix?: string): FieldError[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
}

/** body-parser (http-errors) errors carry a `type`, a status and `expose` when the client is at fault. */
type ParserError = { type?: string; status?: number; expose?: boolean };

/** A client error the body parser found and the types above do not name: a corrupt Content-Encoding, an aborted or short body. */
function isClientHttpError(error: ParserError | null | undefined): error is ParserError & { status: number } {
  return typeof error?.status === 'number' && error.status >= 400 && error.status < 500 && error.expose === true;
}

export function createErrorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (res.headersSent) return;
    if (error instanceof AppError) {
      if (error.status >= 500) log.error({ err: loggable(error.cause ?? error), code: error.code }, 'request failed');
      return sendProblem(res, error.status, error.code, error.message, error.fields);
    }
    if (error instanceof ZodError) {
      return sendProblem(res, 400, 'VALIDATION_FAILED', 'The request is not valid', fieldErrors(error));
    }
    if (isUniqueViolation(error)) {
      return sendProblem(res, 409, 'CONFLICT', 'This conflicts with an existing record');
    }
    if (isRecordNotFound(error)) {
      return sendProblem(res, 404, 'NOT_FOUND', 'Not found');
    }
    if (isForeignKeyViolation(error) || isWriteConflict(error)) {
      // A referenced row vanished, or a concurrent write conflicted: nothing was written.
      return sendProblem(res, 409, 'CONFLICT', 'The data changed while this request ran; try again');
    }
    const parser = error as ParserError | null | undefined;
    if (parser?.type === 'entity.too.large') {
      return sendProblem(res, 413, 'BODY_TOO_LARGE', 'The request body is too large');
    }
    if (parser?.type === 'entity.parse.failed') {
      return sendProblem(res, 400, 'INVALID_JSON', 'The request body is not valid JSON');
    }
    if (parser?.type === 'encoding.unsupported' || parser?.type === 'charset.unsupported') {
      return sendProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'The request body encoding is not supported');
    }
    if (isClientHttpError(parser)) {
      // The parser's own message may quote the body: say what kind of fault it is, not what it read.
      if (parser.status === 400) {
        return sendProblem(
          res,
          400,
          'INVALID_BODY',
          'The request body could not be read (does it match its Content-Encoding and Content-Length?)',
        );
      }
      const code = parser.status === 403 ? 'FORBIDDEN' : parser.status === 413 ? 'BODY_TOO_LARGE' : 'BAD_REQUEST';
      return sendProblem(res, parser.status, code, 'The request could not be processed');
    }
    log.error({ err: loggable(error), method: req.method, path: req.path }, 'unhandled error');
    return sendProblem(res, 500, 'INTERNAL', 'Something went wrong on our side');
  };
}

/**
 * Prisma's messages quote the query arguments, which may be mail content or
 * addresses: for those, log what identifies the failure and not the message.
 */
export function loggable(error: unknown): unknown {
  const e = error as { name?: string; code?: string; meta?: unknown; clientVersion?: string } | null | undefined;
  if (typeof e?.name === 'string' && e.name.startsWith('PrismaClient')) {
    return { type: e.name, code: e.code, meta: e.meta, clientVersion: e.clientVersion };
  }
  return error;
}
