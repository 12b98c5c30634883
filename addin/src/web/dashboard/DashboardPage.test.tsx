// The dashboard's tables as a user reads them, from a fake API: each figure's numbers
// in the locale, money per currency, people by name, the period the user picked sent
// as instants, and a figure that fails shown as failed while the others still show.
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import createClient from 'openapi-fetch';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { paths } from '../../api/schema.d.ts';
import { createAppFormats, AppFormatsContext } from '../../i18n/app-formats.ts';
import { pickLocale, type Language } from '../../i18n/index.ts';
import { WebProviders, type WebSession } from '../context.tsx';
import { startWebI18n } from '../i18n.ts';
import DashboardPage from './DashboardPage.tsx';
import { periodOf } from './period.ts';

const ALICE = {
  id: '0190a5f0-0000-7000-8000-000000000001',
  displayName: 'Alice Larsson',
  email: 'alice@contoso.example',
};
const BOB = { id: '0190a5f0-0000-7000-8000-000000000002', displayName: 'Bob Berg', email: 'bob@contoso.example' };
const STAGE = (id: number, name: string) => ({
  id: `0190a5f0-0000-7000-8000-0000000001${String(id).padStart(2, '0')}`,
  name,
  position: id,
  probability: 10 * id,
});

const FIGURES: Record<string, unknown> = {
  '/api/v1/pipelines': {
    items: [{ id: '0190a5f0-0000-7000-8000-000000000200', name: 'Sales', isDefault: true, stages: [] }],
  },
  '/api/v1/users': { items: [ALICE, BOB] },
  '/api/v1/dashboard/pipeline': {
    pipeline: { id: '0190a5f0-0000-7000-8000-000000000200', name: 'Sales' },
    total: {
      count: 3,
      value: [
        { currency: 'EUR', amount: '3250.50' },
        { currency: 'USD', amount: '300.00' },
      ],
    },
    stages: [
      {
        stage: STAGE(1, 'Lead'),
        count: 3,
        value: [
          { currency: 'EUR', amount: '3250.50' },
          { currency: 'USD', amount: '300.00' },
        ],
        owners: [
          { owner: ALICE, count: 2, value: [{ currency: 'EUR', amount: '3250.50' }] },
          { owner: null, count: 1, value: [{ currency: 'USD', amount: '300.00' }] },
        ],
      },
      { stage: STAGE(2, 'Qualified'), count: 0, value: [], owners: [] },
    ],
    owners: [],
  },
  '/api/v1/dashboard/outcomes': {
    period: { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' },
    won: { count: 1, value: [{ currency: 'EUR', amount: '1500.00' }] },
    lost: { count: 1, value: [{ currency: 'EUR', amount: '800.00' }] },
    owners: [
      {
        owner: BOB,
        won: { count: 1, value: [{ currency: 'EUR', amount: '1500.00' }] },
        lost: { count: 1, value: [{ currency: 'EUR', amount: '800.00' }] },
      },
    ],
  },
  '/api/v1/dashboard/email-activity': {
    period: { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' },
    total: { manual: 1234, sync: 5 },
    users: [
      { user: ALICE, manual: 1234, sync: 4 },
      { user: null, manual: 0, sync: 1 },
    ],
  },
  '/api/v1/dashboard/stale-contacts': {
    days: 90,
    cutoff: '2026-09-01T00:00:00.000Z',
    total: 2,
    owners: [{ owner: BOB, count: 2 }],
    contacts: [
      { id: '0190a5f0-0000-7000-8000-000000000301', name: 'Nino', owner: BOB, company: null, lastContactedAt: null },
      {
        id: '0190a5f0-0000-7000-8000-000000000302',
        name: 'Giorgi',
        owner: BOB,
        company: { id: '0190a5f0-0000-7000-8000-000000000401', name: 'Fabrikam' },
        lastContactedAt: '2026-03-02T10:00:00.000Z',
      },
    ],
  },
};

async function renderPage(options: { language?: Language; fail?: string } = {}) {
  const requests: URL[] = [];
  const fetch = (input: Request) => {
    const url = new URL(input.url);
    requests.push(url);
    if (url.pathname === options.fail) {
      return Promise.resolve(
        new Response(JSON.stringify({ title: 'Internal Server Error', status: 500, code: 'INTERNAL' }), {
          status: 500,
          headers: { 'content-type': 'application/problem+json' },
        }),
      );
    }
    const body = FIGURES[url.pathname];
    return Promise.resolve(
      body
        ? new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } })
        : new Response('{}', { status: 404, headers: { 'content-type': 'application/json' } }),
    );
  };
  const session = { client: createClient<paths>({ baseUrl: 'http://crm.test', fetch }), api: {} } as WebSession;
  const language = options.language ?? 'en';
  const locale = pickLocale(language);
  const i18n = await startWebI18n(locale);
  const queries = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <I18nextProvider i18n={i18n}>
      <AppFormatsContext.Provider value={createAppFormats(locale.formatLocale, () => new Date())}>
        <QueryClientProvider client={queries}>
          <FluentProvider theme={webLightTheme} dir={locale.dir}>
            <WebProviders session={session} me={{ ...ALICE, role: 'admin' } as never}>
              <DashboardPage id={null} />
            </WebProviders>
          </FluentProvider>
        </QueryClientProvider>
      </AppFormatsContext.Provider>
    </I18nextProvider>,
  );
  return { requests };
}

const rowsOf = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .map((row) =>
      within(row)
        .queryAllByRole('cell')
        .map((cell) => cell.textContent),
    );

afterEach(cleanup);

describe('the dashboard page', () => {
  it('gives each figure as a table, money per currency and people by name', async () => {
    await renderPage();
    const pipeline = await screen.findByRole('table', { name: 'Open pipeline by stage' });
    expect(rowsOf(pipeline).slice(1)).toEqual([
      ['Lead', '', '3', '€3,250.50, $300.00'],
      ['', 'Alice Larsson', '2', '€3,250.50'],
      ['', 'No owner', '1', '$300.00'],
      ['Qualified', '', '0', '–'],
      ['Total', '', '3', '€3,250.50, $300.00'],
    ]);
    const outcomes = await screen.findByRole('table', { name: 'Deals won and lost' });
    expect(rowsOf(outcomes).slice(1)).toEqual([
      ['Bob Berg', '1', '€1,500.00', '1', '€800.00'],
      ['Total', '1', '€1,500.00', '1', '€800.00'],
    ]);
    const emails = await screen.findByRole('table', { name: 'Emails per salesperson' });
    expect(rowsOf(emails).slice(1)).toEqual([
      ['Alice Larsson', '1,234', '4'],
      ['Nobody', '0', '1'],
      ['Total', '1,234', '5'],
    ]);
    expect(screen.getByText('2 contacts without contact for 90 days')).toBeTruthy();
    const longest = await screen.findByRole('table', { name: 'Longest without contact' });
    expect(rowsOf(longest).slice(1)).toEqual([
      ['Nino', '', 'Bob Berg', 'Never'],
      ['Giorgi', 'Fabrikam', 'Bob Berg', 'Mar 2'],
    ]);
  });

  it('asks for the period picked, in the browser’s time zone, and for the owner picked', async () => {
    const { requests } = await renderPage();
    await screen.findByRole('table', { name: 'Deals won and lost' });
    const user = userEvent.setup();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Period' }), 'Last month');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Owner' }), 'Bob Berg');
    const expected = periodOf('lastMonth', new Date());
    await vi.waitFor(() =>
      expect(
        requests.some(
          (u) =>
            u.pathname === '/api/v1/dashboard/outcomes' &&
            u.searchParams.get('from') === expected.from &&
            u.searchParams.get('to') === expected.to &&
            u.searchParams.get('ownerId') === BOB.id,
        ),
      ).toBe(true),
    );
    const stale = requests.filter((u) => u.pathname === '/api/v1/dashboard/stale-contacts').at(-1);
    expect(stale?.searchParams.get('ownerId')).toBe(BOB.id);
    expect(stale?.searchParams.get('days')).toBe('90');
  });

  it('shows a figure that failed as failed, and the others still', async () => {
    await renderPage({ fail: '/api/v1/dashboard/email-activity' });
    expect(await screen.findByText(/This figure could not be loaded/)).toBeTruthy();
    expect(await screen.findByRole('table', { name: 'Deals won and lost' })).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Emails per salesperson' })).toBeNull();
  });

  it('reads in Persian, right to left, with Persian digits', async () => {
    await renderPage({ language: 'fa' });
    const emails = await screen.findByRole('table', { name: 'ایمیل‌های هر فروشنده' });
    expect(rowsOf(emails).at(-1)).toEqual(['جمع', '۱٬۲۳۴', '۵']);
    // Numbers inside sentences too (each value isolated for the bidi algorithm, as every interpolation is).
    expect((await screen.findByText(/مخاطب در/)).textContent).toBe(
      '\u2068۲\u2069 مخاطب در \u2068۹۰\u2069 روز گذشته تماسی نداشته‌اند',
    );
  });
});
