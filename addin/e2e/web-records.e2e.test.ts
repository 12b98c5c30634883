// The record pages and My tasks, built, in headless Chromium against the real server on
// the demo tenant: a contact opened by its address shows its timeline and open deals;
// its title is edited and stays saved; a bad address is refused on its own line; the
// company's page lists its contacts; on My tasks a task is completed and another
// rescheduled. axe-core on each page and screenshots of each, in English and Persian
// (right to left); no script error or CSP refusal on the way.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../server/test/harness.ts';
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

/** The browser runs in this process's time zone (TZ, UTC in the tests): "today" is the same day for both. */
function localDay(offsetDays: number, hours: number) {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + offsetDays, hours);
}
const dateInput = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

describe.skipIf(!available)('record pages and My tasks in Chromium', () => {
  let started: WebApp | undefined;
  const web = () => started!;
  let api: ApiClient;
  let nino: { id: string; name: string; company: { id: string; name: string } };
  type Task = { id: string; dueAt: string | null };
  let dueToday: { id: string };
  let overdue: { id: string };

  beforeAll(async () => {
    started = await startWebApp();
    api = await demoApi(web());
    const found = await api.get<{ items: (typeof nino)[] }>('/api/v1/contacts?q=Nino');
    nino = found.body.items[0]!;
    const add = async (title: string, dueAt: Date) => {
      const res = await api.post('/api/v1/tasks', { title, dueAt: dueAt.toISOString(), contactId: nino.id });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body as { id: string };
    };
    dueToday = await add('Confirm the workshop date', localDay(0, 16));
    overdue = await add('Chase the signed order form', localDay(-3, 10));
    // Upcoming whatever the tests before the Persian one did to the two above.
    await add('Send the price list', localDay(5, 9));
  }, BUILD_TIMEOUT_MS);
  afterAll(async () => {
    await started?.close();
  });

  const open = (hash: string, locale?: string) =>
    openWebApp(web().browser, web().base, { hash, ...(locale ? { locale } : {}) });
  const section = (page: Page, name: string) => page.getByTestId(`tasks-${name}`);

  it('opens a contact by its address with its timeline, open deals and tasks, and passes axe', async () => {
    const page = await open(`#/contacts/${nino.id}`);
    const problems = watchProblems(page);
    await page.getByTestId('record-name').filter({ hasText: 'Nino Kapanadze' }).waitFor();
    await page.getByTestId('timeline-item').first().waitFor();
    expect(await page.getByTestId('timeline-item').filter({ hasText: 'Renewal terms for next year' }).count()).toBe(2);
    await page.getByTestId('open-deals').getByText('Fabrikam annual licence renewal').waitFor();
    await page.getByTestId('record-tasks').getByText('Confirm the workshop date').waitFor();
    expect(await page.getByTestId('company-link').getAttribute('href')).toBe(`#/companies/${nino.company.id}`);
    await expectNoSeriousAxe(page, 'the contact record');
    await screenshot(page, 'contact-record-en');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('saves an edited title, which is still there after a reload', async () => {
    const page = await open(`#/contacts/${nino.id}`);
    const problems = watchProblems(page);
    const title = page.getByLabel('Job title');
    await title.fill('Chief Procurement Officer');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect((await api.get<{ title: string }>(`/api/v1/contacts/${nino.id}`)).body.title).toBe(
      'Chief Procurement Officer',
    );
    await page.reload();
    await page.getByTestId('record-name').waitFor();
    expect(await page.getByLabel('Job title').inputValue()).toBe('Chief Procurement Officer');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('shows the server’s refusal of an address on the emails field, naming its line', async () => {
    const page = await open(`#/contacts/${nino.id}`);
    const emails = page.getByLabel('Email addresses');
    await emails.fill('nino@fabrikam.example\nnot an address');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Line 2: must be an email address').waitFor();
    expect(await emails.getAttribute('aria-invalid')).toBe('true');
    expect((await api.get<{ emails: string[] }>(`/api/v1/contacts/${nino.id}`)).body.emails).toEqual([
      'nino@fabrikam.example',
    ]);
    await expectNoSeriousAxe(page, 'the contact record with a field error');
    await page.context().close();
  });

  it('goes from the contact to its company, which lists its contacts', async () => {
    const page = await open(`#/contacts/${nino.id}`);
    const problems = watchProblems(page);
    await page.getByTestId('company-link').click();
    await page.getByTestId('record-name').filter({ hasText: 'Fabrikam' }).waitFor();
    const contacts = page.getByTestId('company-contacts');
    await contacts.getByRole('link', { name: 'Nino Kapanadze' }).waitFor();
    await contacts.getByRole('link', { name: 'Darius Rahimi' }).waitFor();
    await page.getByTestId('timeline-item').first().waitFor();
    await expectNoSeriousAxe(page, 'the company record');
    await screenshot(page, 'company-record-en');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('completes a task and reschedules another on My tasks', async () => {
    const page = await open('#/tasks');
    const problems = watchProblems(page);
    await section(page, 'today').getByText('Confirm the workshop date').waitFor();
    await section(page, 'overdue').getByText('Chase the signed order form').waitFor();
    await expectNoSeriousAxe(page, 'My tasks');
    await screenshot(page, 'tasks-en');

    await page.getByRole('checkbox', { name: 'Confirm the workshop date' }).check();
    await section(page, 'today').getByText('Confirm the workshop date').waitFor({ state: 'detached' });
    const all = await api.get<{ items: Task[] }>(`/api/v1/tasks?view=all&status=done&contactId=${nino.id}`);
    expect(all.body.items.map((t) => t.id)).toContain(dueToday.id);

    await page.getByRole('button', { name: 'Reschedule “Chase the signed order form”' }).click();
    const twoDaysOn = localDay(2, 10);
    await page.getByLabel('New due date for “Chase the signed order form”').fill(dateInput(twoDaysOn));
    await page.getByTestId('reschedule-form').getByRole('button', { name: 'Save' }).click();
    await section(page, 'upcoming').getByText('Chase the signed order form').waitFor();
    expect(await section(page, 'overdue').getByText('Chase the signed order form').count()).toBe(0);
    const moved = await api.get<{ items: Task[] }>(`/api/v1/tasks?view=all&contactId=${nino.id}&limit=100`);
    expect(moved.body.items.find((t) => t.id === overdue.id)?.dueAt).toBe(twoDaysOn.toISOString());
    await expectNoSeriousAxe(page, 'My tasks after the changes');
    expect(problems).toEqual([]);
    await page.context().close();
    // Two axe runs and two round trips: 54 s on a loaded machine, near the project's 60 s.
  }, 120_000);

  // One page per test: on a loaded machine three pages with axe outrun one test's timeout.
  it('lays the contact record out right to left in Persian, and passes axe', async () => {
    const page = await open(`#/contacts/${nino.id}`, 'fa-IR');
    const problems = watchProblems(page);
    await page.getByTestId('record-name').waitFor();
    await page.getByTestId('timeline-item').first().waitFor();
    expect(await page.evaluate('document.documentElement.dir')).toBe('rtl');
    await page.getByRole('button', { name: 'ذخیره' }).waitFor();
    await expectNoSeriousAxe(page, 'the contact record in Persian');
    await screenshot(page, 'contact-record-fa');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('lays My tasks out right to left in Persian, and passes axe', async () => {
    const page = await open('#/tasks', 'fa-IR');
    const problems = watchProblems(page);
    await page.getByRole('heading', { name: 'کارهای من' }).waitFor();
    expect(await page.evaluate('document.documentElement.dir')).toBe('rtl');
    await section(page, 'upcoming').getByText('Send the price list').waitFor();
    await expectNoSeriousAxe(page, 'My tasks in Persian');
    await screenshot(page, 'tasks-fa');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('lays the company record out right to left in Persian, and passes axe', async () => {
    const page = await open(`#/companies/${nino.company.id}`, 'fa-IR');
    const problems = watchProblems(page);
    await page.getByTestId('record-name').filter({ hasText: 'Fabrikam' }).waitFor();
    await page.getByTestId('company-contacts').getByRole('link', { name: 'Nino Kapanadze' }).waitFor();
    await page.getByTestId('timeline-item').first().waitFor();
    expect(await page.evaluate('document.documentElement.dir')).toBe('rtl');
    await expectNoSeriousAxe(page, 'the company record in Persian');
    await screenshot(page, 'company-record-fa');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
