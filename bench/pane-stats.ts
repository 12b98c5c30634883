// The pane benchmark's arithmetic, apart from the browser so it can be tested: the
// summary of a metric's samples, and which of a load's responses reached the browser
// before its first contentful paint.

export type Summary = { n: number; median: number; p95: number; min: number; max: number };

/** Nearest rank: the smallest sample with at least a fraction `q` of the samples at or below it. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error('quantile of no samples');
  if (!(q > 0 && q <= 1)) throw new Error(`quantile ${q} is not in (0, 1]`);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.some((sample) => !Number.isFinite(sample))) throw new Error('a sample is not a finite number');
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    min: sorted[0] ?? NaN,
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

/** A response as the browser's network layer counted it (CDP Network.loadingFinished): bytes read, headers included. */
export type Transfer = { url: string; bytes: number };
/** The same response as the page timed it (Resource or Navigation Timing): ms from the navigation's start. */
export type ResponseTiming = { url: string; responseEnd: number };

export type WireCount = { bytes: number; requests: number };

/**
 * The bytes and responses that had arrived by first contentful paint, and in all.
 * Transfers and timings are paired by URL in the order each list has them (a URL
 * fetched twice pairs first with first); a transfer the page has no timing for
 * cannot be placed before or after the paint and is counted in `untimed`.
 */
export function transfersBeforePaint(
  transfers: readonly Transfer[],
  timings: readonly ResponseTiming[],
  firstPaint: number,
): { beforePaint: WireCount; total: WireCount; untimed: number } {
  const byUrl = new Map<string, number[]>();
  for (const { url, responseEnd } of timings) byUrl.set(url, [...(byUrl.get(url) ?? []), responseEnd]);
  const beforePaint = { bytes: 0, requests: 0 };
  const total = { bytes: 0, requests: 0 };
  let untimed = 0;
  for (const { url, bytes } of transfers) {
    total.bytes += bytes;
    total.requests += 1;
    const responseEnd = byUrl.get(url)?.shift();
    if (responseEnd === undefined) untimed += 1;
    else if (responseEnd <= firstPaint) {
      beforePaint.bytes += bytes;
      beforePaint.requests += 1;
    }
  }
  return { beforePaint, total, untimed };
}
