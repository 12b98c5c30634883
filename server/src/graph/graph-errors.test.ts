import { describe, expect, it } from 'vitest';
import { classifyFailure, parseRetryAfter } from './graph-errors.ts';

const now = new Date('2026-11-29T12:00:00Z');

describe('parseRetryAfter', () => {
  it.each([
    ['30', 30_000],
    ['0', 0],
    ['900', 900_000], // beyond the SDK's 180 s cap: honoured
    ['Sun, 29 Nov 2026 12:05:00 GMT', 300_000],
    ['Sun, 29 Nov 2026 11:00:00 GMT', 0], // a date in the past: go now
    ['soon', null],
    ['-5', null],
    ['', null],
    [null, null],
  ])('%s → %s ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe('classifyFailure', () => {
  it.each([
    [{ status: 429, code: 'ApplicationThrottled', retryAfter: '2' }, 'THROTTLED', 2000],
    [{ status: 429 }, 'THROTTLED', null],
    [{ status: 503, retryAfter: '10' }, 'THROTTLED', 10_000],
    [{ status: 503 }, 'TEMPORARY', null],
    [{ status: 504 }, 'TEMPORARY', null],
    [{ status: 509 }, 'TEMPORARY', null],
    [{ status: 502, html: true }, 'TEMPORARY', null],
    [{ status: 400, html: true }, 'TEMPORARY', null],
    [{ status: 0, message: 'ECONNRESET' }, 'TEMPORARY', null],
    [{ status: 410, code: 'SyncStateNotFound' }, 'SYNC_STATE_EXPIRED', null],
    [{ status: 400, code: 'resyncRequired' }, 'SYNC_STATE_EXPIRED', null],
    [{ status: 401, code: 'InvalidAuthenticationToken' }, 'TOKEN_EXPIRED', null],
    [{ status: 401, code: 'invalid_client' }, 'AUTH_REVOKED', null],
    [{ status: 400, code: 'unauthorized_client' }, 'AUTH_REVOKED', null],
    [
      { status: 403, code: 'ErrorAccessDenied', message: 'Access to OData is disabled.' },
      'MAILBOX_NOT_PERMITTED',
      null,
    ],
    [{ status: 404, code: 'MailboxNotEnabledForRESTAPI' }, 'MAILBOX_INACTIVE', null],
    [{ status: 404, code: 'ErrorInvalidUser' }, 'MAILBOX_INACTIVE', null],
    [
      {
        status: 404,
        code: 'ResourceNotFound',
        message: 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
      },
      'MAILBOX_INACTIVE',
      null,
    ],
    [{ status: 404, code: 'ErrorItemNotFound' }, 'NOT_FOUND', null],
    [{ status: 400, code: 'BadRequest' }, 'PERMANENT', null],
  ] as const)('%j → %s', (failure, kind, retryAfterMs) => {
    const classified = classifyFailure(failure, now);
    expect(classified.kind).toBe(kind);
    expect(classified.retryAfterMs).toBe(retryAfterMs);
    expect(classified.status).toBe(failure.status);
  });
});
