// The contact and company lists of the built web app in headless Chromium against the
// real server on the demo tenant (two tagged contacts added through the API): search by a
// fragment of a name, sort by a column (order and aria-sort), filter by a tag, save the
// filter as a view, clear it and reapply the view, open a contact with the keyboard; the
// companies list; Persian right to left; axe-core on both lists in both languages;
// screenshots; no script error or CSP refusal on the way.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUILD_TIMEOUT_MS,
  demoApi,
  e2eAvailable,
  expectNoSeriousAxe,
  openWebApp,
  screenshot,
  startWebApp,
  watchProblems,
  type WebApp,
} from './web-harness.ts';

const available = e2eAvailable();

/** The demo tenant's contacts (prisma/seed.ts) and the two this file adds. */
const DEMO_CONTACTS = ['Darius Rahimi', 'Erik Nilsson', 'Karin Lindqvist', 'Nino Kapanadze', 'Priya Raman'];
const TAG = 'vip-e2e';
const TAGGED = ['Beatrix Okafor', 'Yusuf Okafor'];
const ALL = [...DEMO_CONTACTS, ...TAGGED].sort((a, b) => a.localeCompare(b, 'en'));
const DEMO_COMPANIES = ['Fabrikam', 'Northwind Traders', 'Tailspin Toys'];

describe.skipIf(!available)('the contact and company lists in Chromium', () => {
  let started: WebApp | undefined;
  const web = () => started!;
  beforeAll(async () => {
    started = await startWebApp();
    const api = await demoApi(web());
    for (const name of TAGGED) {
      const res = await api.post('/api/v1/contacts', { name, tags: [TAG] });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
  }, BUILD_TIMEOUT_MS);
  afterAll(async () => {
    await started?.close();
  });

  /** The names in the list's rows, in order (all rows are in view: a handful of records). */
  const names = (page: Page) => page.getByTestId('record-link').allTextContents();
  const showsRows = async (page: Page, expected: string[]) => {
    await expect.poll(() => names(page), { timeout: 15_000 }).toEqual(expected);
  };
  const header = (page: Page, name: string) => page.getByRole('columnheader', { name, exact: true });

  it('searches, sorts, filters by a tag, saves and reapplies a view, and opens a contact with the keyboard', async () => {
    const page = await openWebApp(web().browser, web().base, { hash: '#/contacts' });
    const problems = watchProblems(page);
    await page.getByRole('heading', { name: 'Contacts', level: 2 }).waitFor();
    await showsRows(page, ALL);
    expect(await header(page, 'Name').getAttribute('aria-sort')).toBe('ascending');
    expect(await header(page, 'Added').getAttribute('aria-sort')).toBe('none');
    expect(await header(page, 'Company').getAttribute('aria-sort')).toBeNull();
    await expectNoSeriousAxe(page, 'the contact list');
    await screenshot(page, 'lists-contacts-en');

    // A fragment of a name, in another case, finds the contact; the hash keeps the search.
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill('lindQ');
    await showsRows(page, ['Karin Lindqvist']);
    expect(decodeURIComponent(new URL(page.url()).hash)).toContain('q=lindQ');
    await search.fill('');
    await showsRows(page, ALL);

    // The Name header turns the order round.
    await header(page, 'Name').getByRole('button').click();
    await showsRows(page, [...ALL].reverse());
    expect(await header(page, 'Name').getAttribute('aria-sort')).toBe('descending');
    await header(page, 'Name').getByRole('button').click();
    await showsRows(page, ALL);
    expect(await header(page, 'Name').getAttribute('aria-sort')).toBe('ascending');

    // A tag, typed and entered, filters the list.
    // The box offers the tags in use (a combobox with its list of suggestions).
    const tagBox = page.getByRole('combobox', { name: 'Tag', exact: true });
    await tagBox.fill(TAG.slice(0, 4));
    const offered = () =>
      page.evaluate<string[]>(
        `[...document.querySelectorAll('[data-testid="tag-suggestions"] option')].map((option) => option.value)`,
      );
    await expect.poll(offered).toContain(TAG);
    await tagBox.fill(TAG);
    await tagBox.press('Enter');
    await showsRows(page, TAGGED);
    expect(await page.getByTestId('applied-tag').allTextContents()).toEqual([TAG]);

    // Saved as a view, which becomes the chosen one.
    await page.getByRole('button', { name: 'Save view' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save these filters as a view' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Okafors (e2e)');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    const views = page.getByRole('combobox', { name: 'Saved view' });
    await expect.poll(() => views.locator('option:checked').textContent()).toBe('Okafors (e2e)');

    // Cleared: everyone again, no tag, no view.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await showsRows(page, ALL);
    expect(await page.getByTestId('applied-tag').count()).toBe(0);
    expect(await views.inputValue()).toBe('');

    // The view, chosen again, brings the same rows back.
    await views.selectOption({ label: 'Okafors (e2e)' });
    await showsRows(page, TAGGED);
    expect(await page.getByTestId('applied-tag').allTextContents()).toEqual([TAG]);

    // Enter on a focused row's link opens the contact.
    const id = (await web().server.db.system.contact.findFirstOrThrow({ where: { name: TAGGED[0] } })).id;
    await page.getByRole('link', { name: TAGGED[0] }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/contacts/${id}`);
    expect(await page.getByTestId('record-name').textContent()).toBe(TAGGED[0]);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('shows the company list', async () => {
    const page = await openWebApp(web().browser, web().base, { hash: '#/companies' });
    const problems = watchProblems(page);
    await page.getByRole('heading', { name: 'Companies', level: 2 }).waitFor();
    await showsRows(page, DEMO_COMPANIES);
    expect(await header(page, 'Name').getAttribute('aria-sort')).toBe('ascending');
    await page.getByRole('searchbox', { name: 'Search' }).fill('north');
    await showsRows(page, ['Northwind Traders']);
    await page.getByRole('searchbox', { name: 'Search' }).fill('');
    await showsRows(page, DEMO_COMPANIES);
    await expectNoSeriousAxe(page, 'the company list');
    await screenshot(page, 'lists-companies-en');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  for (const list of [
    { page: 'contacts', heading: 'مخاطبان', rows: ALL },
    { page: 'companies', heading: 'شرکت‌ها', rows: DEMO_COMPANIES },
  ]) {
    it(`lays the ${list.page} list out right to left in Persian, and passes axe`, async () => {
      const page = await openWebApp(web().browser, web().base, { locale: 'fa-IR', hash: `#/${list.page}` });
      const problems = watchProblems(page);
      await page.getByRole('heading', { name: list.heading, level: 2 }).waitFor();
      expect(await page.evaluate('document.documentElement.dir')).toBe('rtl');
      await expect.poll(async () => (await names(page)).length, { timeout: 15_000 }).toBe(list.rows.length);
      // The first column starts at the right edge: its header and its cells are right of the last's.
      const headers = page.getByRole('columnheader');
      const [first, last] = await Promise.all([headers.first().boundingBox(), headers.last().boundingBox()]);
      expect(first!.x).toBeGreaterThan(last!.x);
      const cells = page.getByTestId('record-row').first().getByRole('cell');
      const [firstCell, lastCell] = await Promise.all([cells.first().boundingBox(), cells.last().boundingBox()]);
      expect(firstCell!.x).toBeGreaterThan(lastCell!.x);
      await expectNoSeriousAxe(page, `the ${list.page} list in Persian`);
      await screenshot(page, `lists-${list.page}-fa`);
      expect(problems).toEqual([]);
      await page.context().close();
    });
  }
});
