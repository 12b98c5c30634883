// A pane component's plain useTranslation() in the web app reads the pane's strings in
// the app's language, while the app around it keeps its own.
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { pickLocale } from '../i18n/index.ts';
import { startWebI18n } from './i18n.ts';
import { PaneStrings } from './PaneStrings.tsx';

function PaneLike() {
  const { t } = useTranslation();
  return <p data-testid="pane">{t('pane.loading')}</p>;
}
function AppLike() {
  const { t } = useTranslation();
  return <p data-testid="app">{t('nav.contacts')}</p>;
}

afterEach(cleanup);

describe('the pane’s strings in the web app', () => {
  it.each([
    ['en-US', 'Loading…', 'Contacts'],
    ['sv-SE', 'Läser in…', 'Kontakter'],
  ])('in %s', async (language, paneText, appText) => {
    const i18n = await startWebI18n(pickLocale(language));
    render(
      <I18nextProvider i18n={i18n}>
        <AppLike />
        <PaneStrings>
          <PaneLike />
        </PaneStrings>
      </I18nextProvider>,
    );
    expect((await screen.findByTestId('pane')).textContent).toBe(paneText);
    expect(screen.getByTestId('app').textContent).toBe(appText);
  });
});
