// Classifies what Graph or Entra answered into the few kinds the sync acts on.
// Table-tested in graph-errors.test.ts; the sync's policy (sync/sync-policy.ts)
// decides what each kind does to a mailbox.

/** What went wrong with a Graph or token request, as far as the sync cares. */
export type GraphFailureKind =
  /** 429, or 503/509 with Retry-After: wait, then try again. */
  | 'THROTTLED'
  /** 5xx, an HTML error page, a dropped connection: back off and retry. */
  | 'TEMPORARY'
  /** The access token expired or was refused: get a new one and retry once. */
  | 'TOKEN_EXPIRED'
  /** Consent revoked, app disabled, secret refused: an admin must act. */
  | 'AUTH_REVOKED'
  /** An access policy keeps the app out of this mailbox. */
  | 'MAILBOX_NOT_PERMITTED'
  /** The mailbox is gone, unlicensed, soft-deleted or on-premises. */
  | 'MAILBOX_INACTIVE'
  /** 410 on a delta or next link: restart the round or resync the folder. */
  | 'SYNC_STATE_EXPIRED'
  /** The item or folder does not exist (any more). */
  | 'NOT_FOUND'
  /** Anything else: our request is wrong; retrying will not help. */
  | 'PERMANENT';

export class GraphFailure extends Error {
  override readonly name = 'GraphFailure';
  constructor(
    readonly kind: GraphFailureKind,
    /** HTTP status, or 0 when no response came. */
    readonly status: number,
    /** Graph's or Entra's error code, when there was one. */
    readonly code: string | null,
    message: string,
    /** How long the server asked us to wait, in milliseconds. */
    readonly retryAfterMs: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The parts of a failed response the classifier looks at. */
export type FailedResponse = {
  status: number;
  /** Graph's `error.code`, or Entra's `error` (invalid_client…). */
  code?: string | null;
  message?: string | null;
  retryAfter?: string | null;
  /** The body was not JSON (an HTML error page from a proxy or gateway). */
  html?: boolean;
};

/**
 * Retry-After in milliseconds from its two forms (RFC 9110 §10.2.3): delay-seconds
 * or an HTTP-date. Nothing caps it: the SDK's 180 s cap is not Graph's.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | null {
  if (!value) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at) || !/[a-z]/i.test(text)) return null;
  return Math.max(0, at - now.getTime());
}

/** Entra's answers that mean the app may no longer act for this tenant. */
const AUTH_REVOKED_CODES = new Set([
  'invalid_client',
  'unauthorized_client',
  'invalid_grant',
  'consent_required',
  'interaction_required',
  'AuthorizationFailed',
]);
const INACTIVE_MAILBOX = /inactive, soft-deleted, or is hosted on-premise/i;

export function classifyFailure(failure: FailedResponse, now: Date): GraphFailure {
  const { status } = failure;
  const code = failure.code ?? null;
  const message = failure.message ?? `Graph answered ${status}`;
  const retryAfterMs = parseRetryAfter(failure.retryAfter, now);
  const make = (kind: GraphFailureKind) => new GraphFailure(kind, status, code, message, retryAfterMs);
  if (status === 0) return make('TEMPORARY');
  if (status === 429 || ((status === 503 || status === 509) && retryAfterMs !== null)) return make('THROTTLED');
  if (status >= 500 || failure.html) return make('TEMPORARY');
  if (code && AUTH_REVOKED_CODES.has(code)) return make('AUTH_REVOKED');
  if (status === 410 || code === 'SyncStateNotFound' || code === 'syncStateNotFound' || code === 'resyncRequired') {
    return make('SYNC_STATE_EXPIRED');
  }
  if (status === 401) {
    return code === 'InvalidAuthenticationToken' || code === null ? make('TOKEN_EXPIRED') : make('AUTH_REVOKED');
  }
  // ErrorInvalidUser: the directory has no such user (any more).
  if (
    code === 'MailboxNotEnabledForRESTAPI' ||
    code === 'MailboxNotSupportedForRESTAPI' ||
    code === 'ErrorInvalidUser'
  ) {
    return make('MAILBOX_INACTIVE');
  }
  if (status === 404 && INACTIVE_MAILBOX.test(message)) return make('MAILBOX_INACTIVE');
  if (code === 'ErrorAccessDenied' || status === 403) return make('MAILBOX_NOT_PERMITTED');
  if (status === 404) return make('NOT_FOUND');
  if (status === 408) return make('TEMPORARY');
  return make('PERMANENT');
}
