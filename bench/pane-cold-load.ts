// One cold load of the pane, as Outlook opens it on a selected email: a new browser
// context (empty HTTP cache, no sessionStorage, no sockets), office.js the e2e
// harness's stand-in with the item already selected, then navigation to taskpane.html.
// Measured: first contentful paint, the time to the sender's card (development sign-in
// included), and what crossed the wire before the paint and in all.
//
// Only office.js is intercepted (CDP Fetch for its origin alone): Playwright's
// context.route would pause every request of the page, the pane's own included.
import type { Browser } from 'playwright-core';
import { officeStandIn, type OutlookConfig } from '../addin/e2e/pane-harness.ts';
import { OFFICE_JS_ORIGIN } from '../server/src/http/pane.ts';
import { transfersBeforePaint, type ResponseTiming, type Transfer } from './pane-stats.ts';

export type ColdLoad = {
  /** PerformancePaintTiming 'first-contentful-paint', ms from the navigation's start. */
  firstPaint: number;
  /** The sender's card in the DOM, at the next animation frame, ms from the navigation's start. */
  card: number;
  beforePaint: { bytes: number; requests: number };
  total: { bytes: number; requests: number };
  /** Each response (the office.js stand-in's too), ms from the navigation's start: where the time goes. */
  responses: { name: string; start: number; end: number }[];
};

/** A response's name the same in every load: its path, without the query or a build hash. */
export const responseName = (url: string) => {
  const { origin, pathname } = new URL(url);
  const file = pathname.replace(/-[\w-]{8}\.js$/, '.js');
  return origin === OFFICE_JS_ORIGIN ? 'office.js (stand-in)' : file;
};

/**
 * Runs in the page before any of its scripts (a string: tsx would add helpers to a
 * compiled function that the page does not have). Resolves window.__benchCard with
 * performance.now() at the first animation frame after the card is in the DOM.
 */
const cardWatcher = (email: string) => `(() => {
  const selector = '[data-testid="contact-card"][data-contact-email=' + ${JSON.stringify(JSON.stringify(email))} + ']';
  let resolve;
  window.__benchCard = new Promise((r) => (resolve = r));
  const observer = new MutationObserver(() => {
    if (!document.querySelector(selector)) return;
    observer.disconnect();
    requestAnimationFrame(() => resolve(performance.now()));
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-testid', 'data-contact-email'] });
})()`;

/** In the page, once the card is there: the card's time and FCP, on the page's clock. */
const READ_PAINTS = `(async () => {
  const card = await window.__benchCard;
  const paint = await new Promise((resolve) => {
    new PerformanceObserver((list, observer) => {
      const entry = list.getEntriesByName('first-contentful-paint')[0];
      if (entry) { observer.disconnect(); resolve(entry.startTime); }
    }).observe({ type: 'paint', buffered: true });
  });
  return { card, paint };
})()`;

/** Every response's end, on the page's clock. */
const READ_RESPONSES = `[...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
  .map((entry) => ({ url: entry.name, startTime: entry.startTime, responseEnd: entry.responseEnd }))`;

export async function measureColdLoad(
  browser: Browser,
  base: string,
  config: OutlookConfig & { selected: number },
  email: string,
  options: { timeoutMs?: number } = {},
): Promise<ColdLoad> {
  const context = await browser.newContext({ viewport: { width: 360, height: 900 }, locale: 'en-US' });
  try {
    await context.addInitScript((settings) => {
      (globalThis as unknown as { __outlookConfig: unknown }).__outlookConfig = settings;
    }, config);
    await context.addInitScript({ content: cardWatcher(email) });
    const page = await context.newPage();
    page.setDefaultTimeout(options.timeoutMs ?? 30_000);
    const cdp = await context.newCDPSession(page);

    const officeJs = Buffer.from(await officeStandIn()).toString('base64');
    cdp.on('Fetch.requestPaused', ({ requestId }) => {
      void cdp.send('Fetch.fulfillRequest', {
        requestId,
        responseCode: 200,
        responseHeaders: [{ name: 'content-type', value: 'text/javascript' }],
        body: officeJs,
      });
    });
    await cdp.send('Fetch.enable', { patterns: [{ urlPattern: `${OFFICE_JS_ORIGIN}/*`, requestStage: 'Request' }] });

    // Requests in the order they started; their bytes once finished.
    const started = new Map<string, string>();
    const order: string[] = [];
    const bytes = new Map<string, number>();
    const failed: string[] = [];
    cdp.on('Network.requestWillBeSent', ({ requestId, request }) => {
      if (started.has(requestId)) return; // a redirect: the same request goes on
      started.set(requestId, request.url);
      order.push(requestId);
    });
    cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => bytes.set(requestId, encodedDataLength));
    cdp.on('Network.loadingFailed', ({ requestId }) => failed.push(started.get(requestId) ?? requestId));
    await cdp.send('Network.enable');

    await page.goto(`${base}/taskpane.html`, { waitUntil: 'commit' });
    const paints = await page.evaluate<{ card: number; paint: number }>(READ_PAINTS);
    // What the pane fetches after the card counts in the total.
    await page.waitForLoadState('networkidle');
    const responses = await page.evaluate<(ResponseTiming & { startTime: number })[]>(READ_RESPONSES);

    const onWire = (url: string) => url.startsWith(`${base}/`);
    const foreign = [...started.values()].filter((url) => !onWire(url) && !url.startsWith(`${OFFICE_JS_ORIGIN}/`));
    if (foreign.length > 0) throw new Error(`the pane reached beyond the server: ${foreign.join(', ')}`);
    if (failed.length > 0) throw new Error(`requests failed: ${failed.join(', ')}`);
    const transfers: Transfer[] = order
      .map((id) => ({ url: started.get(id)!, bytes: bytes.get(id) }))
      .filter((t): t is Transfer => t.bytes !== undefined && onWire(t.url));
    const counted = transfersBeforePaint(
      transfers,
      responses.filter((r) => onWire(r.url)),
      paints.paint,
    );
    if (counted.untimed > 0) throw new Error(`${counted.untimed} responses have no timing in the page`);
    return {
      firstPaint: paints.paint,
      card: paints.card,
      beforePaint: counted.beforePaint,
      total: counted.total,
      responses: responses.map(({ url, startTime, responseEnd }) => ({
        name: responseName(url),
        start: startTime,
        end: responseEnd,
      })),
    };
  } finally {
    await context.close();
  }
}
