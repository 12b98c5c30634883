// The health page as an admin reads it: the counts, relative times, errors apart from
// mailboxes outside the sync's RBAC scope, consent and subscriptions.
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors.ts';
import { fakeConsoleApi, HOSTILE, overview, problem, renderConsole } from '../../test/console-fakes.tsx';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

const card = (testId: string) => screen.findByTestId(testId);

describe('the overview', () => {
  it('shows users, mailboxes syncing, the last sync and subscriptions', async () => {
    await renderConsole({ route: 'overview' });
    expect((await card('users')).textContent).toBe('Users122 admins · 10 with mail sync on');
    expect((await card('mailboxes')).textContent).toContain('7 of 10');
    expect((await card('mailboxes')).textContent).toContain('4,321 emails captured');
    const lastSync = within(await card('last-sync')).getByText('5 minutes ago');
    expect(lastSync.getAttribute('datetime')).toBe('2026-11-20T11:55:00.000Z');
    const subscriptions = (await card('subscriptions')).textContent;
    expect(subscriptions).toContain('1 expires within a day');
    expect(subscriptions).toContain('next renewal in 3 hours');
    expect(screen.getByTestId('tenant').textContent).toBe('Contoso · domains: contoso.example, contoso.test');
  });

  it('counts failures as errors but shows a mailbox outside the RBAC scope as not permitted, with a hint', async () => {
    await renderConsole({ route: 'overview' });
    const errors = await card('errors');
    expect(within(errors).getByText('1')).toBeTruthy(); // FAILED only: NOT_PERMITTED is not a failure
    expect(errors.textContent).toContain('1 mailbox needs attention');
    expect(within(errors).getByTestId('not-permitted').textContent).toContain(
      "2 mailboxes are not permitted (outside the sync's RBAC scope). That is not an error",
    );
    const rows = screen.getAllByTestId('problem-row');
    const failed = rows.find((row) => row.dataset.state === 'FAILED')!;
    const denied = rows.find((row) => row.dataset.state === 'NOT_PERMITTED')!;
    expect(failed.textContent).toContain('Failed');
    expect(failed.textContent).toContain('Graph answered 500 five times');
    expect(denied.textContent).toContain('Not permitted');
    expect(denied.textContent).not.toContain('Failed');
    expect(denied.textContent).toContain('Outside the mailboxes the sync may read');
    expect(within(denied).getByRole('link', { name: 'About the RBAC scope' }).getAttribute('href')).toBe(
      '#/deployment',
    );
  });

  it('shows a mailbox state it has no name for as the server sends it (the server types it as a string)', async () => {
    const { api } = fakeConsoleApi({
      overview: async () =>
        overview({
          problems: [
            { mailboxId: 'm-9', address: 'eve@contoso.example', state: 'QUARANTINED', reason: null, at: null },
          ],
        }),
    });
    await renderConsole({ api, route: 'overview' });
    const row = await screen.findByTestId('problem-row');
    expect(row.textContent).toBe('eve@contoso.exampleQUARANTINED——');
  });

  it('shows consent not yet given, with the way to connect', async () => {
    const { api } = fakeConsoleApi({
      overview: async () =>
        overview({
          consent: { granted: false, at: null, by: null, syncGranted: false, syncAt: null },
          connection: { state: 'NOT_CONNECTED', reason: null },
          mailboxes: { ...overview().mailboxes, lastSyncAt: null },
          problems: [],
        }),
    });
    await renderConsole({ api, route: 'overview' });
    const consent = await card('consent');
    expect(consent.textContent).toContain('Sign-in and the add-in: not granted yet');
    expect(consent.textContent).toContain('Mail sync (Mail.Read): not granted: the sync reads no mail');
    expect(consent.textContent).toContain('The sync is not connected to Microsoft 365.');
    expect(within(consent).getByRole('link', { name: 'Connect your organisation' }).getAttribute('href')).toBe(
      '/console#/connect',
    );
    expect((await card('last-sync')).textContent).toContain('Not yet');
    expect(screen.getByText('None: every mailbox is syncing or turned off by its user.')).toBeTruthy();
  });

  it('shows who consented and when', async () => {
    await renderConsole({ route: 'overview' });
    const consent = await card('consent');
    expect(consent.textContent).toContain('Sign-in and the add-in: granted by Alice Larsson (3 days ago)');
    expect(consent.textContent).toContain('The sync is connected to Microsoft 365.');
  });

  it('shows the problem when the overview cannot be read, and tries again', async () => {
    let calls = 0;
    const { api } = fakeConsoleApi({
      overview: async () => {
        calls++;
        if (calls === 1) throw problem(403, 'FORBIDDEN', 'Only admins may do this');
        return overview();
      },
    });
    await renderConsole({ api, route: 'overview' });
    const bar = await screen.findByTestId('problem');
    expect(bar.textContent).toContain("You aren't allowed to do this.");
    expect(bar.textContent).toContain('Only admins may do this');
    await userEvent.click(within(bar).getByRole('button', { name: 'Try again' }));
    expect(await card('users')).toBeTruthy();
  });

  it('says the server is unreachable when it is', async () => {
    const { api } = fakeConsoleApi({
      overview: async () => {
        throw new ApiError('offline', null);
      },
    });
    await renderConsole({ api, route: 'overview' });
    expect((await screen.findByTestId('problem')).textContent).toContain("Can't reach the CRM server.");
  });

  it('renders names, addresses and reasons from the server as text', async () => {
    const { api } = fakeConsoleApi({
      overview: async () =>
        overview({
          tenant: { name: HOSTILE, slug: 'demo', domains: ['<script>x</script>'], entraTenantId: null },
          problems: [
            { mailboxId: 'm', address: HOSTILE, state: 'FAILED', reason: '<script>alert(1)</script>', at: null },
          ],
          connection: { state: 'NEEDS_ADMIN', reason: HOSTILE },
        }),
    });
    await renderConsole({ api, route: 'overview' });
    expect((await screen.findByTestId('tenant')).textContent).toContain(HOSTILE);
    expect(screen.getByTestId('problem-row').textContent).toContain('<script>alert(1)</script>');
    expect(screen.getByTestId('connection').textContent).toContain(HOSTILE);
    expect(document.querySelector('img')).toBeNull();
    expect(document.querySelector('main script')).toBeNull();
  });

  it('is laid out right to left in Persian, with Persian digits', async () => {
    await renderConsole({ route: 'overview', language: 'fa-IR' });
    const users = await card('users');
    expect(users.closest('[dir]')?.getAttribute('dir')).toBe('rtl');
    expect(users.textContent).toContain('۱۲');
    expect(screen.getByRole('heading', { name: 'نمای کلی', level: 2 })).toBeTruthy();
    // Relative time from Intl in Persian.
    expect((await card('last-sync')).textContent).toMatch(/دقیقه/);
  });
});
