// What the web app's end-to-end tests share: the production build of addin/ (built once
// per run), a test server on a database seeded with the demo tenant, Debian's Chromium,
// a page signed in with the development sign-in, axe-core, and screenshots. The console's
// e2e uses the build and the axe check too.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { DEMO_SLUG, seedDemoTenant } from '../../prisma/seed.ts';
import { createPanePage } from '../../server/src/http/pane-page.ts';
import { startTestServer, type TestServer } from '../../server/test/harness.ts';
import { pickLocale } from '../src/i18n/locale.ts';
import { buildPane, CHROMIUM_PATH, hasChromium, launchChromium } from './pane-harness.ts';

export { DEMO_SLUG, hasChromium };

/** The demo tenant's admin (prisma/seed.ts), who openWebApp signs in by default. */
export const DEMO_ADMIN = 'alice@contoso.example';
/** The demo tenant's member. */
export const DEMO_MEMBER = 'bob@contoso.example';

export const SCREENSHOTS = path.resolve(import.meta.dirname, 'screenshots');

/** True when the e2e tests can run; with REQUIRE_E2E=1 a missing Chromium is an error, not a skip. */
export function e2eAvailable(): boolean {
  const available = hasChromium();
  if (!available && process.env.REQUIRE_E2E === '1') {
    throw new Error(`REQUIRE_E2E=1 but there is no Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium`);
  }
  return available;
}

/** How long a beforeAll that may build (builtApp, startWebApp) should wait: a build on a busy machine takes minutes. */
export const BUILD_TIMEOUT_MS = 300_000;

let building: Promise<string> | null = null;

/**
 * The production build of addin/ (what npm start serves: pane, console, web app), made
 * once per run into the directory web-build.setup.ts provides: the first test file to
 * ask builds it (files run one after another), the others find its mark. Call it (or
 * startWebApp) from a beforeAll given BUILD_TIMEOUT_MS.
 */
export function builtApp(): Promise<string> {
  building ??= (async () => {
    const dir = inject('appBuildDir');
    const mark = path.join(dir, '.built');
    if (!existsSync(mark)) {
      await buildPane(dir);
      await writeFile(mark, new Date().toISOString());
    }
    return dir;
  })();
  return building;
}

/**
 * The JavaScript files (under pane/) a page of the build names, as the server sends it:
 * for the pane that includes the UI chunks the server preloads beside the entry
 * (http/pane-page.ts), code the card waits for even though the skeleton paints without it.
 */
export async function firstPaintScripts(dir: string, html: string): Promise<string[]> {
  const page =
    html === 'taskpane.html'
      ? (createPanePage(dir)(pickLocale('en-US')) ?? '')
      : await readFile(path.join(dir, html), 'utf8');
  return [...page.matchAll(/(?:src|href)="\/pane\/([^"]+\.js)"/g)].map((m) => m[1]!);
}

export type WebApp = {
  /** The server's origin, e.g. http://127.0.0.1:54321 */
  base: string;
  server: TestServer;
  browser: Browser;
  close(): Promise<void>;
};

/** The built app on a test server whose database holds the demo tenant, and Chromium. */
export async function startWebApp(): Promise<WebApp> {
  const paneDir = await builtApp();
  const server = await startTestServer({ paneDir });
  try {
    await seedDemoTenant(server.db.system);
    const browser = await launchChromium();
    return {
      base: server.base,
      server,
      browser,
      async close() {
        await browser.close();
        await server.close();
      },
    };
  } catch (error) {
    await server.close();
    throw error;
  }
}

export type OpenOptions = {
  /** The browser's language (the app's language unless one was chosen before), default en-US. */
  locale?: string;
  /** The route to open, e.g. '#/contacts' (default: none, the first page). */
  hash?: string;
  /** Who signs in (development sign-in), default the demo admin. */
  email?: string;
};

/**
 * A page of the web app, signed in: a fresh browser context (nothing remembered) that
 * reaches this server only, the development sign-in form filled in and sent, and the
 * signed-in header shown. Close it with `page.context().close()`.
 */
export async function openWebApp(browser: Browser, base: string, options: OpenOptions = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: options.locale ?? 'en-US',
  });
  await context.route('**/*', (route) =>
    route.request().url().startsWith(base) ? route.fallback() : route.abort('blockedbyclient'),
  );
  const page = await context.newPage();
  await page.goto(`${base}/app${options.hash ?? ''}`);
  // The form's field is the one email input before sign-in, whatever the language.
  const field = page.locator('form input[type="email"]');
  await field.waitFor();
  await field.fill(options.email ?? DEMO_ADMIN);
  await page.locator('form button[type="submit"]').click();
  await page.getByTestId('signed-in-as').waitFor();
  return page;
}

/** A signed-in client of the API for the demo tenant, to make data a test needs. */
export const demoApi = (app: WebApp, email = DEMO_ADMIN, role: 'admin' | 'member' = 'admin') =>
  app.server.as(DEMO_SLUG, email, role);

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `web-${name}.png`), fullPage: true });
}

/** Problems the page reports: script errors, CSP refusals, console errors, dialogs. Expect [] at the end. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return problems;
}

const AXE_SOURCE = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type AxeNode = { target: string[]; html: string };
type AxeViolation = { id: string; impact: string | null; help: string; nodes: AxeNode[] };

/**
 * Fluent UI's keyboard navigation (tabster) puts focusable, aria-hidden <i data-tabster-dummy>
 * guards around a tab list: they pass focus on and must stay hidden from screen readers. Fluent
 * calls the aria-hidden-focus finding on them by design (microsoft/fluentui#27517,
 * microsoft/tabster#288), and Accessibility Insights leaves them out; so does this check, for
 * those guards only.
 */
const isTabsterGuard = (rule: string, node: AxeNode) =>
  rule === 'aria-hidden-focus' && /^<i [^>]*data-tabster-dummy/.test(node.html);

/** axe-core in the page (evaluated, as the app's CSP admits no injected script tag): serious and critical violations. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const loaded = await page.evaluate('typeof axe !== "undefined"');
  if (!loaded) await page.evaluate(await AXE_SOURCE);
  // The page as it settles: animations that end (a message bar fading in, not a spinner's
  // turn) finished first, or a colour half faded in fails color-contrast on a slow machine.
  await page.evaluate(`Promise.all(document.getAnimations()
    .filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
    .map((a) => a.finished.catch(() => undefined)))`);
  const violations = await page.evaluate<AxeViolation[]>(
    'axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations)',
  );
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ ...v, nodes: v.nodes.filter((node) => !isTabsterGuard(v.id, node)) }))
    .filter((v) => v.nodes.length > 0)
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** No serious or critical axe-core violation on the page as it is now. */
export async function expectNoSeriousAxe(page: Page, what = 'the page'): Promise<void> {
  const violations = await seriousViolations(page);
  // Each violation in the message: a failure in CI must say which rule and where.
  expect(violations, `axe on ${what}:\n${violations.join('\n')}`).toEqual([]);
}
