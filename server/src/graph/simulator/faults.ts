// Injected faults: each rule matches requests (method, path, mailbox, kind) and changes
// the answer a given number of times. See index.ts for the rule shapes.

export type RequestKind =
  'token' | 'users' | 'folders' | 'delta' | 'message' | 'batch' | 'batch-item' | 'subscriptions' | 'other';

export type FaultMatch = {
  method?: string;
  /** Tested against the path below `/v1.0` (or the token path), without the query. */
  path?: RegExp;
  userId?: string;
  kind?: Exclude<RequestKind, 'other'>;
};

export type FaultEffect =
  | {
      status: number;
      code?: string;
      message?: string;
      /** Seconds, or an HTTP-date string. */
      retryAfter?: number | string;
      /** An HTML error page instead of Graph's JSON error body. */
      html?: boolean;
    }
  | { delayMs: number }
  | { replay: true }
  | { emptyPage: true }
  | { deleteBeforeFetch: true };

export type FaultRule = {
  when?: FaultMatch;
  respond: FaultEffect;
  times?: number;
  /** Matching requests to let through untouched before the rule applies (default 0): `after: 1` hits the 2nd page. */
  after?: number;
};

/** `kind` is the endpoint's kind; `inBatch` marks a $batch sub-request (matched by kind 'batch-item' too). */
export type FaultTarget = { method: string; path: string; userId: string | null; kind: RequestKind; inBatch: boolean };

const DEFAULT_CODES: Record<number, [string, string]> = {
  400: ['BadRequest', 'The request is malformed or incorrect.'],
  401: ['InvalidAuthenticationToken', 'Access token validation failure.'],
  403: ['ErrorAccessDenied', 'Access is denied. Check credentials and try again.'],
  404: ['ErrorItemNotFound', 'The specified object was not found in the store.'],
  410: ['SyncStateNotFound', 'The sync state generation is not found.'],
  429: ['ApplicationThrottled', 'Application is over its MailboxConcurrency limit.'],
  500: ['ErrorInternalServerError', 'An internal server error occurred. The operation failed.'],
  502: ['BadGateway', 'The service is temporarily unavailable.'],
  503: ['ServiceUnavailable', 'The service is temporarily unavailable. Please retry later.'],
  504: ['GatewayTimeout', 'The gateway did not receive a response in time.'],
  509: ['BandwidthLimitExceeded', 'Bandwidth limit exceeded.'],
};

export function defaultErrorFor(status: number): [string, string] {
  return DEFAULT_CODES[status] ?? ['UnknownError', 'An error occurred.'];
}

export function createFaults() {
  let rules: { rule: FaultRule; left: number; skip: number }[] = [];

  function matches(match: FaultMatch | undefined, target: FaultTarget): boolean {
    if (!match) return true;
    if (match.method !== undefined && match.method.toUpperCase() !== target.method.toUpperCase()) return false;
    if (match.kind === 'batch-item' && !target.inBatch) return false;
    if (match.kind !== undefined && match.kind !== 'batch-item' && match.kind !== target.kind) return false;
    if (match.userId !== undefined && match.userId !== target.userId) return false;
    if (match.path !== undefined) {
      match.path.lastIndex = 0;
      if (!match.path.test(target.path)) return false;
    }
    return true;
  }

  return {
    add(rule: FaultRule): void {
      rules.push({ rule, left: rule.times ?? 1, skip: rule.after ?? 0 });
    },
    clear(): void {
      rules = [];
    },
    /** Every effect matching this request, each rule used once (and spent when its times run out). */
    take(target: FaultTarget): FaultEffect[] {
      const effects: FaultEffect[] = [];
      for (const entry of rules) {
        if (entry.left <= 0 || !matches(entry.rule.when, target)) continue;
        if (entry.skip > 0) {
          entry.skip -= 1;
          continue;
        }
        entry.left -= 1;
        effects.push(entry.rule.respond);
      }
      rules = rules.filter((e) => e.left > 0);
      return effects;
    },
  };
}

export type Faults = ReturnType<typeof createFaults>;

/** The Retry-After header value of an effect, if any. */
export function retryAfterHeader(retryAfter: number | string | undefined): Record<string, string> {
  return retryAfter === undefined ? {} : { 'Retry-After': String(retryAfter) };
}
