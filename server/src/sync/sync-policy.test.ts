import { describe, expect, it } from 'vitest';
import { backoffMs, decideAfterFailure, MAX_TEMPORARY_FAILURES } from './sync-policy.ts';

const now = new Date('2026-11-29T12:00:00Z');
const half = () => 0.5;
const inSeconds = (date: Date | null) => (date ? (date.getTime() - now.getTime()) / 1000 : null);

describe('decideAfterFailure', () => {
  it.each([
    // kind, failures before, Retry-After ms → state, retry in seconds, failures after, tenant needs admin
    ['THROTTLED', 0, 900_000, 'THROTTLED', 900, 0, false], // 15 min: honoured, not capped at 180 s
    ['THROTTLED', 3, null, 'THROTTLED', 360, 3, false],
    ['THROTTLED', 0, 0, 'THROTTLED', 1, 0, false], // never a hot loop
    ['TEMPORARY', 0, null, 'ACTIVE', 45, 1, false],
    ['TEMPORARY', 1, null, 'ACTIVE', 90, 2, false],
    ['TEMPORARY', MAX_TEMPORARY_FAILURES - 1, null, 'FAILED', 6 * 3600, MAX_TEMPORARY_FAILURES, false],
    ['TOKEN_EXPIRED', 0, null, 'ACTIVE', 45, 1, false],
    ['AUTH_REVOKED', 0, null, 'NEEDS_ADMIN', null, 1, true],
    ['MAILBOX_NOT_PERMITTED', 0, null, 'NOT_PERMITTED', 3600, 1, false],
    ['MAILBOX_INACTIVE', 0, null, 'INACTIVE', 24 * 3600, 1, false],
    ['PERMANENT', 0, null, 'FAILED', 6 * 3600, 1, false],
  ] as const)(
    '%s after %d failures (Retry-After %s) → %s',
    (kind, failures, retryAfterMs, state, retryIn, after, admin) => {
      const decision = decideAfterFailure({ kind, failures, retryAfterMs, now, random: half });
      expect(decision.state).toBe(state);
      expect(inSeconds(decision.retryAt)).toBe(retryIn);
      expect(decision.failures).toBe(after);
      expect(decision.tenantNeedsAdmin).toBe(admin);
    },
  );
});

describe('backoffMs', () => {
  it('doubles from one minute, stays within [step/2, step], and stops at an hour', () => {
    expect(backoffMs(1, () => 0)).toBe(30_000);
    expect(backoffMs(1, () => 1)).toBe(60_000);
    expect(backoffMs(3, () => 1)).toBe(240_000);
    expect(backoffMs(20, () => 1)).toBe(3_600_000);
    expect(backoffMs(20, () => 0)).toBe(1_800_000);
  });
});
