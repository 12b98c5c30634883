// The audit log: filters sent as the API takes them, actions in the admin's language
// (raw when unknown), pages loaded on demand, the CSV export with the same filters.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { auditEvent, fakeBrowser, fakeConsoleApi, HOSTILE, problem, renderConsole } from '../../test/console-fakes.tsx';
import { filtersOf } from './AuditPage.tsx';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

describe('the audit log', () => {
  it('names known actions in the admin’s language and shows others as they are', async () => {
    const { api } = fakeConsoleApi({
      audit: async () => ({
        items: [
          auditEvent(1, { action: 'settings.sync.updated', summary: 'Stored bodies: preview → full' }),
          auditEvent(2, { action: 'crm.somethingNew', summary: 'A new kind of event' }),
          auditEvent(3, { action: 'consent.granted', actor: { userId: null, label: 'admin@contoso.example' } }),
        ],
        nextCursor: null,
      }),
    });
    await renderConsole({ api, route: 'audit' });
    const rows = await screen.findAllByTestId('audit-row');
    expect(rows[0]!.textContent).toContain('Mail sync settings changed');
    expect(rows[0]!.textContent).toContain('Stored bodies: preview → full');
    expect(rows[0]!.textContent).toContain('Alice Larsson');
    expect(within(rows[1]!).getByText('crm.somethingNew')).toBeTruthy();
    expect(rows[2]!.textContent).toContain('Consent granted');
    expect(rows[2]!.textContent).toContain('admin@contoso.example');
  });

  it('sends the filters, and loads the next page with the cursor', async () => {
    const { api, callsOf } = fakeConsoleApi({
      audit: async (_filters, cursor) =>
        cursor === null
          ? { items: [auditEvent(1), auditEvent(2)], nextCursor: 'c-2' }
          : { items: [auditEvent(3)], nextCursor: null },
    });
    await renderConsole({ api, route: 'audit' });
    await screen.findAllByTestId('audit-row');
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(3));
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(callsOf('audit').map(([filters, cursor]) => [filters, cursor])).toEqual([
      [{}, null],
      [{}, 'c-2'],
    ]);

    const form = screen.getByRole('form', { name: 'Filter the audit log' });
    await userEvent.selectOptions(within(form).getByTestId('filter-action'), 'deal.deleted');
    await waitFor(() => expect(within(form).getByRole('option', { name: 'Bob Beridze' })).toBeTruthy());
    await userEvent.selectOptions(within(form).getByTestId('filter-user'), 'u-bob');
    await userEvent.type(within(form).getByLabelText('From'), '2026-11-01');
    await userEvent.type(within(form).getByLabelText('To'), '2026-11-19');
    await userEvent.type(within(form).getByRole('searchbox', { name: 'Text' }), '  renewal ');
    await userEvent.click(within(form).getByRole('button', { name: 'Filter' }));
    await waitFor(() =>
      expect(callsOf('audit').at(-1)!.slice(0, 2)).toEqual([
        {
          action: 'deal.deleted',
          actorUserId: 'u-bob',
          from: new Date(2026, 10, 1).toISOString(),
          to: new Date(2026, 10, 20).toISOString(),
          q: 'renewal',
        },
        null,
      ]),
    );
  });

  it('exports the CSV with the filters applied', async () => {
    const { api, callsOf } = fakeConsoleApi();
    const { browser, saved } = fakeBrowser();
    await renderConsole({ api, browser, route: 'audit' });
    const form = await screen.findByRole('form', { name: 'Filter the audit log' });
    await userEvent.selectOptions(within(form).getByTestId('filter-action'), 'email.unlogged');
    await userEvent.click(within(form).getByRole('button', { name: 'Filter' }));
    await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]!.fileName).toBe('audit-2026-11-20.csv');
    expect(await saved[0]!.blob.text()).toBe('at,actor\n');
    expect(callsOf('auditExport')).toEqual([[{ action: 'email.unlogged' }]]);
  });

  it('shows why the export failed', async () => {
    const { api } = fakeConsoleApi({
      auditExport: async () => {
        throw problem(429, 'RATE_LIMITED', 'Too many exports; try again in a minute');
      },
    });
    await renderConsole({ api, route: 'audit' });
    await userEvent.click(await screen.findByRole('button', { name: 'Export CSV' }));
    expect((await screen.findByTestId('export-problem')).textContent).toContain(
      'Too many exports; try again in a minute',
    );
  });

  it('says when nothing matches, and shows a failed read', async () => {
    let fail = false;
    const { api } = fakeConsoleApi({
      audit: async () => {
        if (fail) throw problem(400, 'VALIDATION_FAILED', 'from must be before to');
        return { items: [], nextCursor: null };
      },
    });
    await renderConsole({ api, route: 'audit' });
    expect((await screen.findByTestId('audit-empty')).textContent).toBe('Nothing in the audit log matches.');
    fail = true;
    await userEvent.type(screen.getByRole('searchbox', { name: 'Text' }), 'x');
    await userEvent.click(screen.getByRole('button', { name: 'Filter' }));
    expect((await screen.findByTestId('problem')).textContent).toContain('from must be before to');
  });

  it('renders summaries, actors and details as text', async () => {
    const { api } = fakeConsoleApi({
      audit: async () => ({
        items: [
          auditEvent(1, {
            summary: `Deleted deal ${HOSTILE}`,
            actor: { userId: null, label: '<script>alert(1)</script>' },
            details: { name: HOSTILE },
          }),
        ],
        nextCursor: null,
      }),
    });
    await renderConsole({ api, route: 'audit' });
    const row = await screen.findByTestId('audit-row');
    expect(row.textContent).toContain(`Deleted deal ${HOSTILE}`);
    expect(row.textContent).toContain('<script>alert(1)</script>');
    expect(within(row).getByText(/"name": "<img src=x onerror=alert\(1\)>"/)).toBeTruthy();
    expect(document.querySelector('img')).toBeNull();
    expect(document.querySelector('main script')).toBeNull();
  });

  it('shows actions in Persian, right to left', async () => {
    await renderConsole({ route: 'audit', language: 'fa' });
    const row = (await screen.findAllByTestId('audit-row'))[0]!;
    expect(row.textContent).toContain('معامله حذف شد');
    expect(row.closest('[dir]')?.getAttribute('dir')).toBe('rtl');
  });
});

describe('the filters', () => {
  it('leave out what is empty and take whole days in the admin’s time zone', () => {
    expect(filtersOf({ action: '', actorUserId: '', from: '', to: '', q: '   ' })).toEqual({});
    expect(filtersOf({ action: '', actorUserId: '', from: '2026-02-28', to: '2026-02-28', q: '' })).toEqual({
      from: new Date(2026, 1, 28).toISOString(),
      to: new Date(2026, 2, 1).toISOString(),
    });
    expect(filtersOf({ action: '', actorUserId: '', from: 'garbage', to: '', q: '' })).toEqual({});
  });
});
