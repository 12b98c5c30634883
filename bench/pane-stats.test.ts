import { describe, expect, it } from 'vitest';
import { quantile, summarize, transfersBeforePaint } from './pane-stats.ts';

describe('summarize', () => {
  it('gives the nearest-rank median and p95 whatever the order the loads came in', () => {
    expect(summarize([40, 10, 30, 20, 50])).toEqual({ n: 5, median: 30, p95: 50, min: 10, max: 50 });
  });

  it.each([
    // 30 loads: the 15th is the median, the 29th the p95 (28.5 rounds up), so one slow load is not the p95.
    [30, 15, 29],
    [15, 8, 15],
    [1, 1, 1],
  ])('of %i loads 1…n takes the %ith as median and the %ith as p95', (n, median, p95) => {
    const samples = Array.from({ length: n }, (_, i) => n - i);
    expect(summarize(samples)).toMatchObject({ n, median, p95, min: 1, max: n });
  });

  it('refuses no samples, and a sample that is not a number (a load whose timing never came)', () => {
    expect(() => summarize([])).toThrow(/no samples/);
    expect(() => summarize([12, NaN])).toThrow(/finite/);
    expect(() => summarize([12, Infinity])).toThrow(/finite/);
  });

  it.each([0, -0.5, 1.5, NaN])('refuses the quantile %s', (q) => {
    expect(() => quantile([1, 2, 3], q)).toThrow(/not in/);
  });
});

describe('transfersBeforePaint', () => {
  const at = (path: string) => `http://127.0.0.1:4000${path}`;

  it('counts the responses that ended by first paint, the one ending at the paint included', () => {
    const counted = transfersBeforePaint(
      [
        { url: at('/taskpane.html'), bytes: 2000 },
        { url: at('/pane/app.js'), bytes: 50_000 },
        { url: at('/api/v1/contacts/lookup'), bytes: 2500 },
      ],
      [
        { url: at('/taskpane.html'), responseEnd: 20 },
        { url: at('/pane/app.js'), responseEnd: 120 },
        { url: at('/api/v1/contacts/lookup'), responseEnd: 300.5 },
      ],
      120,
    );
    expect(counted).toEqual({
      beforePaint: { bytes: 52_000, requests: 2 },
      total: { bytes: 54_500, requests: 3 },
      untimed: 0,
    });
  });

  it('pairs a URL fetched twice first with first, whatever order the page lists timings of other URLs in', () => {
    const counted = transfersBeforePaint(
      [
        { url: at('/dev/sign-in'), bytes: 1400 },
        { url: at('/pane/app.js'), bytes: 50_000 },
        { url: at('/dev/sign-in'), bytes: 1500 },
      ],
      [
        { url: at('/pane/app.js'), responseEnd: 90 },
        { url: at('/dev/sign-in'), responseEnd: 100 },
        { url: at('/dev/sign-in'), responseEnd: 400 },
      ],
      200,
    );
    expect(counted.beforePaint).toEqual({ bytes: 51_400, requests: 2 });
    expect(counted.total).toEqual({ bytes: 52_900, requests: 3 });
  });

  it('counts a response the page has no timing for in the total and as untimed, never before the paint', () => {
    const counted = transfersBeforePaint(
      [
        { url: at('/taskpane.html'), bytes: 2000 },
        { url: at('/api/v1/pipelines'), bytes: 1700 },
      ],
      [{ url: at('/taskpane.html'), responseEnd: 20 }],
      500,
    );
    expect(counted).toEqual({
      beforePaint: { bytes: 2000, requests: 1 },
      total: { bytes: 3700, requests: 2 },
      untimed: 1,
    });
  });

  it('counts nothing before a paint that came before every response', () => {
    const counted = transfersBeforePaint(
      [{ url: at('/taskpane.html'), bytes: 2000 }],
      [{ url: at('/taskpane.html'), responseEnd: 20 }],
      5,
    );
    expect(counted.beforePaint).toEqual({ bytes: 0, requests: 0 });
  });
});
