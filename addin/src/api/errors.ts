// What went wrong, in the terms the pane shows to people. Raw server text and
// stacks stay out of the interface; the problem code is kept for the log.

export type ApiErrorKind = 'offline' | 'signedOut' | 'forbidden' | 'notFound' | 'invalid' | 'conflict' | 'server';

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    readonly status: number | null,
    readonly code: string | null = null,
  ) {
    super(`${kind}${status ? ` (${status})` : ''}${code ? ` ${code}` : ''}`);
    this.name = 'ApiError';
  }

  /** Worth trying again by itself: the network or the server, not the request. */
  get retryable(): boolean {
    return this.kind === 'offline' || (this.kind === 'server' && this.status !== 501);
  }
}

export function errorFromStatus(status: number, code: string | null): ApiError {
  if (status === 401) return new ApiError('signedOut', status, code);
  if (status === 403) return new ApiError('forbidden', status, code);
  if (status === 404) return new ApiError('notFound', status, code);
  if (status === 409) return new ApiError('conflict', status, code);
  if (status >= 400 && status < 500) return new ApiError('invalid', status, code);
  return new ApiError('server', status, code);
}

export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  // fetch rejects with a TypeError when the server cannot be reached.
  return new ApiError(error instanceof TypeError ? 'offline' : 'server', null);
}

/** An RFC 9457 problem as the server sends it. */
export type Problem = { title: string; detail?: string; code?: string; errors?: { path: string; message: string }[] };

/** An ApiError that keeps the server's problem (title, detail, fields) for the user to read. */
export class ProblemError extends ApiError {
  constructor(
    status: number,
    readonly problem: Problem,
  ) {
    const base = errorFromStatus(status, problem.code ?? null);
    super(base.kind, status, base.code);
    this.name = 'ProblemError';
  }
}

/** The problem in an error answer's body (or what its status says when it has none). */
export function problemFrom(status: number, statusText: string, body: unknown): ProblemError {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Partial<Record<keyof Problem, unknown>>;
  const problem: Problem = {
    title: typeof fields.title === 'string' ? fields.title : statusText || `HTTP ${status}`,
    ...(typeof fields.detail === 'string' ? { detail: fields.detail } : {}),
    ...(typeof fields.code === 'string' ? { code: fields.code } : {}),
    ...(Array.isArray(fields.errors) ? { errors: fields.errors as NonNullable<Problem['errors']> } : {}),
  };
  return new ProblemError(status, problem);
}

/** The problem of an error response. */
export async function problemOf(res: Response): Promise<ProblemError> {
  return problemFrom(res.status, res.statusText, await res.json().catch(() => null));
}
