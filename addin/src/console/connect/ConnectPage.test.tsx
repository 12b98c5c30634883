// The connect page as an admin (or a user sent to their admin) sees it: the result of
// the last step in their language, the two steps, what is asked and why, the link.
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { i18n } from 'i18next';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pickLocale, startI18n, type Language } from '../../i18n/index.ts';
import { ConnectPage, parseConnectQuery, type OnboardingInfo } from './ConnectPage.tsx';
import { addConnectStrings, CONNECT_RESULTS, CONNECT_STRINGS, type ConnectResult } from './connect-strings.ts';

const API_SCOPE = 'api://crm.example.com/11111111-2222-3333-4444-555555555555/access_as_user';
const ENTRA: OnboardingInfo = {
  available: true,
  organisation: null,
  needs: { delegated: ['openid', 'profile', 'offline_access', 'User.Read', API_SCOPE], application: ['Mail.Read'] },
  startUrl: '/onboarding/start',
  syncStartUrl: '/onboarding/sync/start',
  syncAvailable: true,
};
const DEV: OnboardingInfo = { ...ENTRA, available: false, syncAvailable: false };

async function i18nFor(language: Language): Promise<i18n> {
  const instance = await startI18n(pickLocale(language));
  addConnectStrings(instance);
  return instance;
}

async function renderPage(
  options: {
    language?: Language;
    result?: ConnectResult | null;
    step?: 'sync' | null;
    loadInfo?: () => Promise<OnboardingInfo>;
    copyText?: (text: string) => Promise<void>;
  } = {},
) {
  const instance = await i18nFor(options.language ?? 'en');
  render(
    <I18nextProvider i18n={instance}>
      <FluentProvider theme={webLightTheme}>
        <ConnectPage
          loadInfo={options.loadInfo ?? (() => Promise.resolve(ENTRA))}
          result={options.result ?? null}
          step={options.step ?? null}
          origin="https://crm.example.com"
          copyText={options.copyText}
        />
      </FluentProvider>
    </I18nextProvider>,
  );
  return instance;
}

afterEach(cleanup);

describe('the connect page', () => {
  it.each(CONNECT_RESULTS)('explains the result %s in words', async (result) => {
    await renderPage({ result });
    const message = await screen.findByTestId('connect-result');
    expect(message.textContent).toBe(CONNECT_STRINGS.en.result[result]);
  });

  it('shows no result before any step, and none for a code it does not know', async () => {
    expect(parseConnectQuery('result=<img src=x onerror=alert(1)>')).toEqual({ result: null, step: null });
    expect(parseConnectQuery('?result=connected&step=sync')).toEqual({ result: 'connected', step: 'sync' });
    await renderPage({ result: null });
    await screen.findByRole('link', { name: 'Connect your organisation' });
    expect(screen.queryByTestId('connect-result')).toBeNull();
  });

  it('links both steps to the server’s redirects, the sync second', async () => {
    await renderPage();
    expect((await screen.findByRole('link', { name: 'Connect your organisation' })).getAttribute('href')).toBe(
      '/onboarding/start',
    );
    expect(screen.getByRole('link', { name: 'Allow the mail sync' }).getAttribute('href')).toBe(
      '/onboarding/sync/start',
    );
  });

  it('says what is asked and why, for every permission the server lists', async () => {
    const strange = '<script>alert(1)</script>';
    await renderPage({
      loadInfo: () =>
        Promise.resolve({ ...ENTRA, needs: { ...ENTRA.needs, delegated: [...ENTRA.needs.delegated, strange] } }),
    });
    const delegated = await screen.findByTestId('needs-delegated');
    const items = within(delegated)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    const scope = CONNECT_STRINGS.en.needs.scope;
    expect(items).toEqual([
      `openid: ${scope.openid}`,
      `profile: ${scope.profile}`,
      `offline_access: ${scope.offline_access}`,
      `User.Read: ${scope.User_Read}`,
      `${API_SCOPE}: ${scope.access_as_user}`,
      `${strange}: ${scope.other}`,
    ]);
    expect(document.querySelector('script')).toBeNull();
    expect(within(screen.getByTestId('needs-application')).getByRole('listitem').textContent).toBe(
      `Mail.Read: ${scope.Mail_Read}`,
    );
  });

  it('says onboarding needs Entra on a development server, and offers no link that would fail', async () => {
    await renderPage({ loadInfo: () => Promise.resolve(DEV) });
    expect((await screen.findByTestId('connect-unavailable')).textContent).toBe(CONNECT_STRINGS.en.unavailable);
    expect(screen.queryByRole('link')).toBeNull();
    const button = screen.getByRole('button', { name: 'Connect your organisation' });
    expect(button.hasAttribute('disabled')).toBe(true);
  });

  it('says there is no sync to allow when the server runs none', async () => {
    await renderPage({ loadInfo: () => Promise.resolve({ ...ENTRA, syncAvailable: false }) });
    expect(await screen.findByText(CONNECT_STRINGS.en.sync.unavailable)).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Allow the mail sync' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Connect your organisation' })).toBeTruthy();
  });

  it('says when the page could not load, and loads it again on request', async () => {
    const loadInfo = vi.fn<() => Promise<OnboardingInfo>>().mockRejectedValueOnce(new Error('offline'));
    loadInfo.mockResolvedValueOnce(ENTRA);
    await renderPage({ loadInfo });
    expect(await screen.findByText(CONNECT_STRINGS.en.loadFailed)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('link', { name: 'Connect your organisation' })).toBeTruthy();
    expect(loadInfo).toHaveBeenCalledTimes(2);
  });

  it('gives a user the link to send their admin, and copies it', async () => {
    const copyText = vi.fn(() => Promise.resolve());
    await renderPage({ copyText });
    const link = await screen.findByLabelText(CONNECT_STRINGS.en.forUsers.body);
    expect((link as HTMLInputElement).value).toBe('https://crm.example.com/console#/connect');
    await userEvent.click(screen.getByRole('button', { name: 'Copy link' }));
    expect(copyText).toHaveBeenCalledWith('https://crm.example.com/console#/connect');
    expect(await screen.findByRole('button', { name: 'Link copied' })).toBeTruthy();
  });

  it('reads right to left in Persian, in Persian, with the link left to right', async () => {
    await renderPage({ language: 'fa', result: 'connected', step: 'sync' });
    const page = await screen.findByTestId('connect-page');
    expect(page.getAttribute('dir')).toBe('rtl');
    expect(page.getAttribute('lang')).toBe('fa');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(CONNECT_STRINGS.fa.title);
    expect(screen.getByTestId('connect-result').textContent).toBe(CONNECT_STRINGS.fa.result.connected);
    expect(await screen.findByRole('link', { name: CONNECT_STRINGS.fa.sync.button })).toBeTruthy();
    expect(screen.getByTestId('admin-link').getAttribute('dir')).toBe('ltr');
  });

  it.each(['ka', 'sv', 'ta'] as const)('reads left to right in %s, in that language', async (language) => {
    await renderPage({ language, result: 'cancelled' });
    const page = await screen.findByTestId('connect-page');
    expect(page.getAttribute('dir')).toBe('ltr');
    expect(screen.getByTestId('connect-result').textContent).toBe(CONNECT_STRINGS[language].result.cancelled);
  });
});
