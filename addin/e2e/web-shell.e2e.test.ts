// The built web app (/app) in headless Chromium against the real server on a test
// database seeded with the demo tenant: the dev sign-in, every page reached from the
// nav with the keyboard, a record opened from its address, a member let in, Persian
// right to left, axe-core on the shell, screenshots in English and Persian. Also: the
// pane's first paint carries none of the web app's code and stays within its budget.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUILD_TIMEOUT_MS,
  builtApp,
  DEMO_MEMBER,
  DEMO_SLUG,
  e2eAvailable,
  expectNoSeriousAxe,
  firstPaintScripts,
  openWebApp,
  screenshot,
  startWebApp,
  watchProblems,
  type WebApp,
} from './web-harness.ts';

const available = e2eAvailable();
/** The pane's first-paint JavaScript budget (bench/pane.bench.ts). */
const PANE_FIRST_PAINT_GZIP_LIMIT = 170 * 1024;

const PAGES = [
  { page: 'contacts', en: 'Contacts', fa: 'مخاطبان' },
  { page: 'companies', en: 'Companies', fa: 'شرکت‌ها' },
  { page: 'deals', en: 'Deals', fa: 'معامله‌ها' },
  { page: 'tasks', en: 'Tasks', fa: 'کارها' },
  { page: 'import', en: 'Import', fa: 'درون‌ریزی' },
  { page: 'dashboard', en: 'Dashboard', fa: 'داشبورد' },
];

// The one build of this run (made here if this file runs first).
beforeAll(() => builtApp(), BUILD_TIMEOUT_MS);

describe('the build', () => {
  it('puts the web app beside the pane, and none of its code in the pane’s first paint', async () => {
    const dir = await builtApp();
    const pane = await firstPaintScripts(dir, 'taskpane.html');
    const app = await firstPaintScripts(dir, 'app.html');
    expect(app.filter((file) => !pane.includes(file)).some((file) => file.startsWith('app-'))).toBe(true);
    for (const file of pane) {
      const code = await readFile(path.join(dir, 'pane', file), 'utf8');
      // The web app's own marks: where it keeps the sign-in's address and the language.
      expect(code, file).not.toContain('crm-web-email');
      expect(code, file).not.toContain('crm-web-language');
    }
    let gzip = 0;
    for (const file of pane) gzip += gzipSync(await readFile(path.join(dir, 'pane', file)), { level: 9 }).length;
    expect(gzip).toBeLessThan(PANE_FIRST_PAINT_GZIP_LIMIT);
  });
});

describe.skipIf(!available)('the web app in Chromium', () => {
  let started: WebApp | undefined;
  /** The app beforeAll started. */
  const web = () => started!;
  beforeAll(async () => {
    started = await startWebApp();
  }, BUILD_TIMEOUT_MS);
  afterAll(async () => {
    await started?.close();
  });

  const heading = (page: Page, name: string) => page.getByRole('heading', { name, level: 2 });

  it('signs the demo admin in and walks every page from the nav with the keyboard, passing axe', async () => {
    const page = await openWebApp(web().browser, web().base);
    const problems = watchProblems(page);
    expect(await page.getByTestId('signed-in-as').textContent()).toBe(
      'Signed in as Alice Larsson (alice@contoso.example), Contoso (demo)',
    );
    expect(await page.getByRole('navigation', { name: 'CRM sections' }).count()).toBe(1);
    await heading(page, 'Contacts').waitFor();
    await expectNoSeriousAxe(page, 'the shell');
    await screenshot(page, 'shell-en');

    // Tab reaches the selected tab, arrows move between tabs, Enter opens one.
    await page.getByRole('tab', { name: 'Contacts' }).focus();
    for (const [i, target] of PAGES.entries()) {
      if (i > 0) {
        await page.keyboard.press('ArrowRight');
        expect(await page.evaluate('document.activeElement.dataset.testid')).toBe(`tab-${target.page}`);
        await page.keyboard.press('Enter');
      }
      await heading(page, target.en).waitFor();
      expect(new URL(page.url()).hash).toBe(i === 0 ? '' : `#/${target.page}`);
      expect(await page.getByRole('tab', { name: target.en }).getAttribute('aria-selected')).toBe('true');
      expect(await page.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe(`web-tab-${target.page}`);
    }
    // The browser's back button goes back a page.
    await page.goBack();
    await heading(page, 'Import').waitFor();
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('opens the record its address names', async () => {
    const contact = await web().server.db.system.contact.findFirstOrThrow({
      where: { tenant: { slug: DEMO_SLUG } },
      orderBy: { name: 'asc' },
    });
    const page = await openWebApp(web().browser, web().base, { hash: `#/contacts/${contact.id}` });
    expect(await page.getByTestId('record-name').textContent()).toBe(contact.name);
    expect(await page.getByRole('tab', { name: 'Contacts' }).getAttribute('aria-selected')).toBe('true');
    await page.context().close();
  });

  it('lets a member in: the web app is for everyone in the organisation', async () => {
    const page = await openWebApp(web().browser, web().base, { email: DEMO_MEMBER, hash: '#/deals' });
    expect(await page.getByTestId('signed-in-as').textContent()).toContain(DEMO_MEMBER);
    await heading(page, 'Deals').waitFor();
    expect(await page.getByRole('navigation').getByRole('tab').count()).toBe(PAGES.length);
    await page.context().close();
  });

  it('reads right to left in Persian, with Persian names for every page, and passes axe', async () => {
    const page = await openWebApp(web().browser, web().base, { locale: 'fa-IR', hash: '#/dashboard' });
    const problems = watchProblems(page);
    await heading(page, 'داشبورد').waitFor();
    expect(await page.evaluate('document.documentElement.dir')).toBe('rtl');
    expect(await page.evaluate('document.documentElement.lang')).toBe('fa');
    expect(await page.evaluate('document.title')).toBe('CRM برای Outlook');
    for (const { fa } of PAGES) expect(await page.getByRole('tab', { name: fa, exact: true }).count(), fa).toBe(1);
    // The nav starts at the right edge: the first tab is right of the second.
    const [first, second] = await Promise.all(
      PAGES.slice(0, 2).map((p) => page.getByRole('tab', { name: p.fa }).boundingBox()),
    );
    expect(first!.x).toBeGreaterThan(second!.x);
    await expectNoSeriousAxe(page, 'the shell in Persian');
    await screenshot(page, 'shell-fa');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
