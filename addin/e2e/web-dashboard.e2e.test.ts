// The dashboard in Chromium on the demo tenant: its figures as tables with numbers,
// another period asked for and shown, axe-core, and the page in Persian laid out right
// to left with Persian digits, with screenshots in English and Persian.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUILD_TIMEOUT_MS,
  e2eAvailable,
  expectNoSeriousAxe,
  openWebApp,
  screenshot,
  startWebApp,
  watchProblems,
  type WebApp,
} from './web-harness.ts';

/** The text of a table's total row (its last row). */
const totalRow = (page: Page, name: string) =>
  page.getByRole('table', { name, exact: true }).getByRole('row').last().innerText();

describe.skipIf(!e2eAvailable())('the dashboard in Chromium', () => {
  let started: WebApp | undefined;
  const web = () => started!;
  beforeAll(async () => {
    started = await startWebApp();
  }, BUILD_TIMEOUT_MS);
  afterAll(async () => {
    await started?.close();
  });

  it('shows the demo tenant’s figures, follows the period picked and passes axe', async () => {
    const page = await openWebApp(web().browser, web().base, { hash: '#/dashboard' });
    const problems = watchProblems(page);
    const tables = [
      'Open pipeline by stage',
      'Deals won and lost',
      'Emails per salesperson',
      'Contacts without contact per owner',
      'Longest without contact',
    ];
    for (const name of tables) await page.getByRole('table', { name, exact: true }).waitFor();
    // The open pipeline's total counts the demo tenant's open deals in digits.
    expect(await totalRow(page, 'Open pipeline by stage')).toMatch(/^Total\s+[1-9][\d,]*\s/);

    const outcomes = page.waitForResponse((r) => r.url().includes('/dashboard/outcomes') && r.ok());
    await page.getByRole('combobox', { name: 'Period' }).selectOption({ label: 'This year' });
    const answer = (await (await outcomes).json()) as { period: { from: string } };
    expect(new Date(answer.period.from).getMonth()).toBe(0);
    expect(new Date(answer.period.from).getDate()).toBe(1);
    // The figure shows the period asked for: from the first of January.
    await page.getByText(/^Jan 1(, \d{4})? – /).waitFor();
    expect(await totalRow(page, 'Deals won and lost')).toMatch(/^Total\s+\d/);
    await expectNoSeriousAxe(page, 'the dashboard');
    await screenshot(page, 'dashboard-en');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('lays the dashboard out right to left in Persian, with Persian digits, and passes axe', async () => {
    const page = await openWebApp(web().browser, web().base, { hash: '#/dashboard', locale: 'fa-IR' });
    const problems = watchProblems(page);
    const name = 'معامله‌های باز بر پایهٔ مرحله';
    await page.getByRole('table', { name, exact: true }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    const total = await totalRow(page, name);
    expect(total).toMatch(/[۱-۹]/);
    expect(total).not.toMatch(/[0-9]/);
    // The charts' axes and bar labels too (what the library draws as SVG text).
    const chartText = await page.evaluate<string>(
      `[...document.querySelectorAll('svg text')].map((node) => node.textContent).join(' ')`,
    );
    expect(chartText).toMatch(/[۰-۹]/);
    expect(chartText).not.toMatch(/[0-9]/);
    await expectNoSeriousAxe(page, 'the dashboard in Persian');
    await screenshot(page, 'dashboard-fa');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
