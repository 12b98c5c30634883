// What a failed round does to its mailbox: the second half of the error pipeline
// (graph/graph-errors.ts classifies, this decides). Pure; table-tested in
// sync-policy.test.ts. No outcome retries at once, none stops without a state
// that says why, and every wait is bounded.
import type { GraphFailureKind } from '../graph/index.ts';

export type MailboxState = 'ACTIVE' | 'THROTTLED' | 'NEEDS_ADMIN' | 'NOT_PERMITTED' | 'INACTIVE' | 'FAILED';

/** Consecutive temporary failures before a mailbox is marked FAILED. */
export const MAX_TEMPORARY_FAILURES = 5;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** First wait after a temporary failure, doubled each time (Twenty's 1 min), capped. */
export const BACKOFF_BASE_MS = MINUTE;
export const BACKOFF_CAP_MS = HOUR;

export type PolicyDecision = {
  state: MailboxState;
  /** When to try this mailbox again (null: only when someone acts). */
  retryAt: Date | null;
  /** The consecutive failure count to store. */
  failures: number;
  /** The whole tenant needs an admin: every mailbox of it stops. */
  tenantNeedsAdmin: boolean;
};

/** Full jitter: a random wait between half and all of the exponential step. */
export function backoffMs(failures: number, random: () => number): number {
  const step = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}

export function decideAfterFailure(input: {
  kind: GraphFailureKind;
  /** Consecutive failures before this one. */
  failures: number;
  retryAfterMs: number | null;
  now: Date;
  random?: () => number;
}): PolicyDecision {
  const random = input.random ?? Math.random;
  const at = (ms: number) => new Date(input.now.getTime() + ms);
  const failures = input.failures + 1;
  switch (input.kind) {
    case 'THROTTLED': {
      // Graph said when: wait exactly that (no 180 s cap), or back off. Throttling is
      // not a failure of the mailbox: it never ends in FAILED.
      const wait = input.retryAfterMs ?? backoffMs(failures, random);
      return {
        state: 'THROTTLED',
        retryAt: at(Math.max(wait, 1000)),
        failures: input.failures,
        tenantNeedsAdmin: false,
      };
    }
    case 'AUTH_REVOKED':
      return { state: 'NEEDS_ADMIN', retryAt: null, failures, tenantNeedsAdmin: true };
    case 'MAILBOX_NOT_PERMITTED':
      // Access policies take an hour or more to change: look again then.
      return { state: 'NOT_PERMITTED', retryAt: at(HOUR), failures, tenantNeedsAdmin: false };
    case 'MAILBOX_INACTIVE':
      return { state: 'INACTIVE', retryAt: at(24 * HOUR), failures, tenantNeedsAdmin: false };
    case 'PERMANENT':
      return { state: 'FAILED', retryAt: at(6 * HOUR), failures, tenantNeedsAdmin: false };
    case 'TEMPORARY':
    case 'TOKEN_EXPIRED':
    case 'NOT_FOUND':
    case 'SYNC_STATE_EXPIRED':
      if (failures >= MAX_TEMPORARY_FAILURES) {
        return { state: 'FAILED', retryAt: at(6 * HOUR), failures, tenantNeedsAdmin: false };
      }
      return { state: 'ACTIVE', retryAt: at(backoffMs(failures, random)), failures, tenantNeedsAdmin: false };
  }
}
