// The import page in Chromium against the real server (demo tenant): a CSV with bad
// rows uploaded through the file input, the suggested mapping, a dry run that writes
// nothing, the import, the rejected rows downloaded and read back; an export
// downloaded; axe-core; the page in English and in Persian (right to left).
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUILD_TIMEOUT_MS,
  builtApp,
  DEMO_SLUG,
  e2eAvailable,
  expectNoSeriousAxe,
  openWebApp,
  screenshot,
  startWebApp,
  watchProblems,
  type WebApp,
} from './web-harness.ts';

const available = e2eAvailable();
beforeAll(() => builtApp(), BUILD_TIMEOUT_MS);

const CSV = [
  'Name,Email,Company,Tags',
  'Ivan Import,ivan@import-e2e.example,Import Co,e2e',
  'No Address,not-an-email,,',
  'Jana Import,jana@import-e2e.example,Import Co,e2e',
  'Twice,ivan@import-e2e.example,,',
].join('\r\n');

async function chooseFile(page: Page, label: string | RegExp) {
  await page.getByLabel(label).setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
}

describe.skipIf(!available)('importing and exporting in the web app', () => {
  let started: WebApp | undefined;
  const web = () => started!;
  beforeAll(async () => {
    started = await startWebApp();
  }, BUILD_TIMEOUT_MS);
  afterAll(async () => {
    await started?.close();
  });
  const contacts = () =>
    web().server.db.system.contact.count({
      where: { tenant: { slug: DEMO_SLUG }, emails: { some: { email: { endsWith: '@import-e2e.example' } } } },
    });

  it('uploads a CSV with bad rows, dry-runs it, imports it and downloads the rejected rows', async () => {
    const page = await openWebApp(web().browser, web().base, { hash: '#/import' });
    const problems = watchProblems(page);
    await page.getByRole('heading', { name: 'Import', level: 2 }).waitFor();
    await chooseFile(page, 'CSV file (UTF-8, up to 10 MB)');
    await page.getByText('4 rows, 4 columns').waitFor();
    expect(await page.getByRole('combobox', { name: 'Import column Email as' }).inputValue()).toBe('email');
    expect(await page.getByRole('combobox', { name: 'Import column Company as' }).inputValue()).toBe('companyName');
    await expectNoSeriousAxe(page, 'the import page with a mapping');

    await page.getByRole('button', { name: 'Check the file (nothing is saved)' }).click();
    await page.getByRole('heading', { name: 'What the import would do' }).waitFor();
    const rejected = page.getByRole('table', { name: 'Rejected rows' });
    const rowNumbers = await rejected.locator('tbody > tr > td:first-child').allTextContents();
    expect(rowNumbers).toEqual(['3', '5']);
    expect(await contacts()).toBe(0);
    await screenshot(page, 'import-en');

    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('heading', { name: 'Imported' }).waitFor();
    expect(await contacts()).toBe(2);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download rejected rows (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^contacts-rejected-rows-.*\.csv$/);
    const report: string[][] = parse(await readFile(await download.path()), { bom: true });
    expect(report.map((row) => [row[0], row[4], row[5]])).toEqual([
      ['Name', 'Row', 'Error code'],
      ['No Address', '3', 'INVALID_EMAIL'],
      ['Twice', '5', 'DUPLICATE_IN_FILE'],
    ]);
    await expectNoSeriousAxe(page, 'the import result');

    const [exported] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export contacts (CSV)' }).click(),
    ]);
    const rows: string[][] = parse(await readFile(await exported.path()), { bom: true });
    expect(rows[0]?.slice(0, 2)).toEqual(['Name', 'Email']);
    expect(rows.map((row) => row[1])).toContain('ivan@import-e2e.example');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('lays the page out right to left in Persian', async () => {
    const page = await openWebApp(web().browser, web().base, { hash: '#/import', locale: 'fa-IR' });
    const problems = watchProblems(page);
    await page.getByRole('heading', { name: 'درون‌ریزی', level: 2 }).waitFor();
    expect(await page.evaluate('document.documentElement.dir')).toBe('rtl');
    await chooseFile(page, 'فایل CSV (UTF-8، حداکثر ۱۰ مگابایت)');
    await page.getByRole('button', { name: 'بررسی فایل (چیزی ذخیره نمی‌شود)' }).click();
    await page.getByRole('heading', { name: 'کاری که درون‌ریزی انجام خواهد داد' }).waitFor();
    await expectNoSeriousAxe(page, 'the import page in Persian');
    await screenshot(page, 'import-fa');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
