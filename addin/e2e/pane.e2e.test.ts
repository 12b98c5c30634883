// The built pane in headless Chromium, against the real server on a test database
// seeded with the demo tenant, with the Office stand-in in place of office.js.
// Needs Debian's Chromium (apt-get install -y chromium); REQUIRE_E2E=1 (set by
// .ci/run) turns its absence into a failure instead of a skip.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoTenant } from '../../prisma/seed.ts';
import { startTestServer, type TestServer } from '../../server/test/harness.ts';
import { DEMO_USER } from '../src/office/samples.ts';
import {
  CHROMIUM_PATH,
  demoItems,
  hasChromium,
  launchChromium,
  openPane,
  selectItem,
  type OutlookConfig,
} from './pane-harness.ts';
import { BUILD_TIMEOUT_MS, builtApp } from './web-harness.ts';

export const SCREENSHOTS = path.resolve(import.meta.dirname, 'screenshots');

const available = hasChromium();
if (!available && process.env.REQUIRE_E2E === '1') {
  throw new Error(`REQUIRE_E2E=1 but there is no Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium`);
}
if (!available) {
  console.warn(
    `\n  SKIPPED: the pane's end-to-end tests need Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium).\n`,
  );
}

const items = demoItems();
const at = (label: string) => items.findIndex((sample) => sample.label.startsWith(label));
const config = (displayLanguage: string, selected: number | null): OutlookConfig => ({
  displayLanguage,
  user: { email: DEMO_USER.email, name: DEMO_USER.name! },
  items: items.map((sample) => sample.item),
  selected,
});

describe.skipIf(!available)('the pane in Chromium', () => {
  // Unset in afterAll if beforeAll failed part way.
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  let paneDir: string;

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    // The run's one production build (what npm start serves), shared with the other e2e files.
    paneDir = await builtApp();
    server = await startTestServer({ paneDir });
    await seedDemoTenant(server.db.system);
    browser = await launchChromium();
    console.info(`  pane screenshots: ${SCREENSHOTS}`);
  }, BUILD_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const card = (page: Page) => page.getByTestId('contact-card');

  it('shows the sender, logs the email once, follows the selection and creates an unknown sender', async () => {
    // The lookup is held back a moment, to see the loading state.
    let releaseLookup: () => void = () => {};
    const held = new Promise<void>((resolve) => (releaseLookup = resolve));
    const page = await openPane(browser!, server!.base, config('en-US', at('Nino')));
    await page.route('**/api/v1/contacts/lookup**', async (route) => {
      await held;
      await route.fallback();
    });
    await page.goto(`${server!.base}/taskpane.html`);
    await page.getByTestId('card-skeleton').waitFor();
    await shot(page, 'en-1-loading');
    releaseLookup();
    await page.unroute('**/api/v1/contacts/lookup**');

    await expect.poll(() => card(page).getByRole('heading').textContent()).toBe('Nino Kapanadze');
    const deal = page.getByTestId('deal').filter({ hasText: 'Fabrikam annual licence renewal' });
    expect(await deal.getByTestId('stage-track').getAttribute('aria-label')).toMatch(/^Stage 3 of \d+: Proposal$/);
    expect(await deal.textContent()).toContain('€48,000.00');
    expect(await page.getByTestId('timeline-item').count()).toBeGreaterThan(0);
    await shot(page, 'en-2-contact-card');

    // One click logs it; a double click sends one request, not two.
    const logRequests: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/api/v1/timeline/emails'))
        logRequests.push(request.url());
    });
    await page.getByRole('button', { name: 'Log this email' }).dblclick();
    await page.getByText(/^Logged by Alice Larsson, /).waitFor();
    await shot(page, 'en-3-logged');
    const logged = await server!.db.system.timelineItem.count({
      where: { internetMessageId: '<nino-renewal@stand-in.example>' },
    });
    expect(logged).toBe(1);
    expect(logRequests).toHaveLength(1);

    // The server, not the device, knows it is logged.
    await page.reload();
    await page.getByText(/^Logged by Alice Larsson, /).waitFor();

    // The pinned pane follows the selection, with a null item in between.
    await selectItem(page, null);
    await page.getByTestId('no-item').waitFor();
    await selectItem(page, at('Karin'));
    await expect.poll(() => card(page).getByRole('heading').textContent()).toBe('Karin Lindqvist');
    expect(await page.getByRole('button', { name: 'Log this email' }).isVisible()).toBe(true);
    await shot(page, 'en-4-other-contact');

    // Two known people: a list to pick from.
    await selectItem(page, at('Darius'));
    await page.getByText('2 people on this email are in your CRM').waitFor();
    await shot(page, 'en-5-people-list');

    // An unknown sender at a known company: create the contact.
    await selectItem(page, at('Lena'));
    await page.getByText("Lena Berg isn't in your CRM yet").waitFor();
    expect(await page.getByText('Fabrikam is in your CRM (domain fabrikam.example)').isVisible()).toBe(true);
    await shot(page, 'en-6-unknown-sender');
    await page.getByRole('button', { name: 'Create contact' }).click();
    await expect.poll(() => card(page).getByRole('heading').textContent()).toBe('Lena Berg');
    expect(await card(page).textContent()).toContain('Fabrikam');
    await shot(page, 'en-7-created-contact');

    // Not an email.
    await selectItem(page, at('A meeting'));
    await page.getByTestId('not-email').waitFor();
    await shot(page, 'en-8-not-an-email');

    // The server unreachable: a message and a retry, no raw error text.
    await page.route('**/api/v1/**', (route) => route.abort('connectionrefused'));
    await selectItem(page, at('Mateo'));
    const error = page.getByTestId('error').first();
    await error.waitFor({ timeout: 15_000 });
    expect(await error.textContent()).toContain("Can't reach the CRM server");
    await shot(page, 'en-9-offline');
    await page.unroute('**/api/v1/**');
    await error.getByRole('button', { name: 'Try again' }).click();
    await page.getByText("Mateo Díaz isn't in your CRM yet").waitFor();
    await page.context().close();
  });

  /** Office's query parameter: the pane's URL in Outlook, with its display language. */
  const paneUrl = (language: string) => `${server!.base}/taskpane.html?_host_Info=Outlook$Win32$16.02$${language}$$$$0`;
  type Box = { x: number; y: number; width: number; height: number };
  /** Evaluated in the page: the boxes of the skeleton's blocks, in document order. */
  const boxes = (page: Page, selector: string): Promise<Box[]> =>
    page.evaluate(
      `[...document.querySelectorAll(${JSON.stringify(selector)})].map((e) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; })`,
    );
  /** Installed before the page loads: layout shifts and paints, as Chromium reports them. */
  const WATCH_LAYOUT = `window.__shifts = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__shifts.push(e.value); })
      .observe({ type: 'layout-shift', buffered: true });`;

  it.each([
    ['en-US', 'en', 'ltr'],
    ['fa-IR', 'fa', 'rtl'],
  ])(
    'paints the card-shaped skeleton before any of its JavaScript runs (%s, %s, %s), where React then draws its own',
    async (displayLanguage, lang, dir) => {
      const page = await openPane(browser!, server!.base, config(displayLanguage, at('Nino')));
      // The pane's own code held back: only the HTML (and office.js) can have painted.
      let releaseCode: () => void = () => {};
      const held = new Promise<void>((resolve) => (releaseCode = resolve));
      await page.route('**/pane/*.js', async (route) => {
        await held;
        await route.fallback();
      });
      // Never answered: the loading state stays.
      await page.route('**/api/v1/contacts/lookup**', () => undefined);
      await page.route('**/api/v1/timeline/emails/status**', () => undefined);
      await page.goto(paneUrl(displayLanguage), { waitUntil: 'commit' });
      const shell = page.getByTestId('shell');
      await shell.waitFor();
      await expect.poll(() => page.evaluate(`performance.getEntriesByName('first-contentful-paint').length`)).toBe(1);
      expect(
        await page.evaluate('typeof React === "undefined" && !document.querySelector(".fui-FluentProvider")'),
      ).toBe(true);
      expect(await page.locator('html').getAttribute('dir')).toBe(dir);
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      const before = await boxes(page, '[data-testid="shell"] i, [data-testid="shell"] svg');
      expect(before).toHaveLength(9);
      // The avatar sits at the start of the line: the left edge, or the right one in Persian.
      const avatar = before[1]!;
      if (dir === 'rtl') expect(avatar.x + avatar.width).toBeGreaterThan(300);
      else expect(avatar.x).toBeLessThan(60);
      await shot(page, `${lang}-0-skeleton-before-javascript`);

      releaseCode();
      await page.getByTestId('card-skeleton').waitFor();
      const after = await boxes(page, '.fui-SkeletonItem');
      expect(after).toHaveLength(before.length);
      after.forEach((box, i) => {
        for (const side of ['x', 'y', 'width', 'height'] as const) {
          expect(Math.abs(box[side] - before[i]![side]), `block ${i} ${side}`).toBeLessThanOrEqual(1);
        }
      });
      await page.context().close();
    },
  );

  it.each(['en-US', 'fa-IR'])('goes from first paint to the card without a layout shift (%s)', async (language) => {
    const page = await openPane(browser!, server!.base, config(language, at('Nino')));
    await page.addInitScript(WATCH_LAYOUT);
    await page.goto(paneUrl(language));
    await card(page).waitFor();
    await page.waitForTimeout(200); // the shifts of the frame that painted the card are reported after it
    const shifts: number[] = await page.evaluate('window.__shifts');
    expect(shifts.reduce((sum, value) => sum + value, 0)).toBeLessThan(0.001);
    await page.context().close();
  });

  it('mirrors the whole pane in Persian', async () => {
    const page = await openPane(browser!, server!.base, config('fa-IR', at('Karin')));
    await page.goto(`${server!.base}/taskpane.html`);
    await card(page).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('fa');
    // Evaluated in the page: the direction Chromium computed for the card.
    type Window = { getComputedStyle(element: unknown): { direction: string } };
    const direction = await card(page).evaluate(
      (element) => (globalThis as unknown as Window).getComputedStyle(element).direction,
    );
    expect(direction).toBe('rtl');
    // The initials sit at the right edge, the name to their left.
    const initials = await card(page).locator('span[aria-hidden]').first().boundingBox();
    const name = await card(page).getByRole('heading').boundingBox();
    expect(initials!.x).toBeGreaterThan(name!.x);
    expect(await page.getByRole('heading', { name: 'معامله‌های باز' }).isVisible()).toBe(true);
    // Money and percentages in Persian digits.
    expect(await page.getByTestId('deal').first().textContent()).toMatch(/[۰-۹]/);
    await page.getByRole('button', { name: 'ثبت این ایمیل' }).click();
    await page.getByText(/^ثبت‌شده توسط \u2068Alice Larsson\u2069، /).waitFor();
    await shot(page, 'fa-1-contact-card-logged');
    await selectItem(page, at('Darius'));
    await page.getByText(/^\u2068۲\u2069 نفر /).waitFor(); // "2 people…", in Persian digits
    await shot(page, 'fa-2-people-list');
    await selectItem(page, at('Mateo'));
    await page.getByTestId('unknown-person').waitFor();
    await shot(page, 'fa-3-unknown-sender');
    await selectItem(page, at('A meeting'));
    await page.getByTestId('not-email').waitFor();
    await shot(page, 'fa-4-not-an-email');
    await page.route('**/api/v1/**', (route) => route.abort('connectionrefused'));
    await selectItem(page, at('Nino'));
    await page.getByTestId('error').waitFor({ timeout: 15_000 });
    await shot(page, 'fa-5-offline');
    await page.context().close();
  });
});
