// The console's shell: sign-in, who may use it, the pages as tabs a keyboard can
// walk, the language picker (Persian right to left).
import { act, cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/errors.ts';
import {
  DEV_ONBOARDING,
  fakeBrowser,
  fakeConsoleApi,
  HOSTILE,
  ME,
  memoryStorage,
  problem,
  renderConsole,
} from '../test/console-fakes.tsx';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

describe('signing in', () => {
  it('offers the demo admin in dev mode, signs in with the address typed and remembers it for the tab', async () => {
    const { api, callsOf } = fakeConsoleApi();
    const session = memoryStorage();
    const { openApi } = await renderConsole({ api, session, signedIn: false });
    const email = await screen.findByLabelText(/Email address/);
    expect((email as HTMLInputElement).value).toBe('alice@contoso.example');
    await userEvent.clear(email);
    await userEvent.type(email, 'alice@contoso.example');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { name: 'Overview', level: 2 })).toBeTruthy();
    expect(openApi).toHaveBeenCalledWith({ mode: 'dev' }, 'alice@contoso.example');
    expect(callsOf('me')).toHaveLength(1); // the form's check, kept for the console
    expect(session.values.get('crm-console-email')).toBe('alice@contoso.example');
    expect(screen.getByTestId('signed-in-as').textContent).toBe(
      'Signed in as Alice Larsson (alice@contoso.example), Contoso',
    );

    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(session.values.has('crm-console-email')).toBe(false);
  });

  it('says so on the form when the address belongs to no organisation, and lets the admin try another', async () => {
    let attempt = 0;
    const { api } = fakeConsoleApi({
      me: async () => {
        attempt++;
        if (attempt === 1) throw new ApiError('forbidden', 403, 'TENANT_NOT_FOUND');
        return ME;
      },
    });
    await renderConsole({ api, signedIn: false });
    await userEvent.click(await screen.findByRole('button', { name: 'Sign in' }));
    const bar = await screen.findByTestId('problem');
    expect(bar.textContent).toContain('No organisation in this CRM uses that address.');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'Overview', level: 2 })).toBeTruthy();
  });

  it('tells a member they need to be an admin, and loads no admin data', async () => {
    const { api, callsOf } = fakeConsoleApi({
      me: async () => ({ ...ME, role: 'member', displayName: 'Bob Beridze' }),
    });
    await renderConsole({ api });
    const page = await screen.findByTestId('not-admin');
    expect(page.textContent).toContain('You need to be an admin');
    expect(page.textContent).toContain('Bob Beridze, the admin console is for the admins of Contoso.');
    expect(screen.queryByRole('tablist')).toBeNull();
    expect(callsOf('overview')).toHaveLength(0);
  });

  it('sends the users of an organisation not connected yet to the connect page', async () => {
    const { api } = fakeConsoleApi({
      me: async () => {
        throw problem(401, 'TENANT_NOT_ONBOARDED', 'Your organisation has not been connected');
      },
    });
    await renderConsole({ api });
    const notice = await screen.findByTestId('not-onboarded');
    expect(notice.textContent).toContain('Connect your organisation first');
    const link = within(notice).getByRole('link', { name: 'Connect your organisation' });
    expect(link.getAttribute('href')).toBe('/console#/connect');
  });

  it('shows the connect page without signing in, with the result the server sent the browser back with', async () => {
    const onboarding = vi.fn(() => Promise.resolve({ ...DEV_ONBOARDING, available: true, syncAvailable: true }));
    const { openApi } = await renderConsole({ route: 'connect', signedIn: false, onboarding });
    expect((await screen.findByTestId('connect-page')).textContent).toContain('Connect your organisation');
    expect((await screen.findByRole('link', { name: 'Connect your organisation' })).getAttribute('href')).toBe(
      '/onboarding/start',
    );
    expect(screen.queryByTestId('connect-result')).toBeNull();
    // Back from Entra: /console#/connect?result=…
    act(() => {
      window.location.hash = '#/connect?result=connected&step=sync';
    });
    expect((await screen.findByTestId('connect-result')).textContent).toBe(
      'Your organisation is connected, and you are its first CRM admin. Now allow the mail sync (step 2).',
    );
    expect(screen.getByTestId<HTMLInputElement>('admin-link').value).toBe('https://crm.example.com/console#/connect');
    expect(openApi).not.toHaveBeenCalled();
    expect(onboarding).toHaveBeenCalledTimes(1);
  });

  it('shows the server’s problem when the session cannot be read', async () => {
    const { api } = fakeConsoleApi({
      me: async () => {
        throw problem(500, 'INTERNAL', 'Something broke; request id 42');
      },
    });
    await renderConsole({ api });
    const bar = await screen.findByTestId('problem');
    expect(bar.textContent).toContain('The CRM server had a problem.');
    expect(bar.textContent).toContain('Something broke; request id 42');
    expect(within(bar).getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});

describe('the console', () => {
  // Arrow keys between tabs need layout (tabster): the end-to-end test walks them in Chromium.
  it('opens a page from its tab with the keyboard, and the address follows', async () => {
    await renderConsole();
    const overviewTab = await screen.findByRole('tab', { name: 'Overview' });
    expect(overviewTab.getAttribute('aria-selected')).toBe('true');
    screen.getByRole('tab', { name: 'Deployment' }).focus();
    await userEvent.keyboard('{Enter}');
    expect(await screen.findByRole('heading', { name: 'Deployment', level: 2 })).toBeTruthy();
    expect(window.location.hash).toBe('#/deployment');
    expect(screen.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe(
      screen.getByRole('tab', { name: 'Deployment' }).id,
    );
    screen.getByRole('tab', { name: 'Audit log' }).focus();
    await userEvent.keyboard(' ');
    expect(await screen.findByRole('heading', { name: 'Audit log', level: 2 })).toBeTruthy();
    expect(window.location.hash).toBe('#/audit');
  });

  it('opens the page the address names', async () => {
    await renderConsole({ route: 'settings' });
    expect(await screen.findByRole('heading', { name: 'Settings', level: 2 })).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Settings' }).getAttribute('aria-selected')).toBe('true');
  });

  it('changes language in place, right to left in Persian, and remembers the choice', async () => {
    const { browser, languages } = fakeBrowser();
    await renderConsole({ browser });
    await screen.findByRole('heading', { name: 'Overview', level: 2 });
    await userEvent.selectOptions(screen.getByTestId('language-picker'), 'fa');
    expect(await screen.findByRole('tab', { name: 'نمای کلی' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'گزارش ممیزی' })).toBeTruthy();
    expect(screen.getByRole('banner').closest('[dir]')?.getAttribute('dir')).toBe('rtl');
    expect(languages).toEqual(['fa']);
    // Counts in Persian digits.
    expect((await screen.findByTestId('users')).textContent).toMatch(/۱۲/);
  });

  it('renders names from the server as text, never as markup', async () => {
    const { api } = fakeConsoleApi({
      me: async () => ({ ...ME, displayName: HOSTILE, tenant: { ...ME.tenant, name: '<script>alert(1)</script>' } }),
    });
    await renderConsole({ api });
    const who = await screen.findByTestId('signed-in-as');
    expect(who.textContent).toContain(HOSTILE);
    expect(who.textContent).toContain('<script>alert(1)</script>');
    expect(document.querySelector('img')).toBeNull();
    expect(document.querySelector('main script')).toBeNull();
  });
});
