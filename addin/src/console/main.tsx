// Starts the admin console (/console): the language chosen before or the browser's,
// how this server signs people in, then the console. No Office.js here: it is a web
// page for admins, not a pane in Outlook.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createTabTokenSource } from '../shell/index.ts';
import { browserStorage, showLocale } from '../shell/page.ts';
import { createConsoleApi, fetchAuthConfig, type AuthConfig } from './api.ts';
import { fetchOnboardingInfo } from './connect/index.ts';
import { ConsoleRoot } from './ConsoleApp.tsx';
import { initialLocale, startConsoleI18n } from './i18n.ts';

async function start() {
  const origin = location.origin;
  const locale = initialLocale(browserStorage('localStorage'), navigator.language);
  const i18n = await startConsoleI18n(locale);
  const root = document.getElementById('root');
  if (!root) throw new Error('console.html has no #root');
  createRoot(root).render(
    <StrictMode>
      <ConsoleRoot
        locale={locale}
        i18n={i18n}
        loadAuthConfig={() => fetchAuthConfig(origin)}
        openApi={(config: AuthConfig, email?: string) =>
          createConsoleApi(origin, createTabTokenSource(config, { origin, ...(email ? { email } : {}) }))
        }
        session={browserStorage('sessionStorage')}
        loadOnboarding={() => fetchOnboardingInfo(origin)}
        origin={origin}
        onLocale={showLocale}
      />
    </StrictMode>,
  );
}

start().catch((error: unknown) => {
  // Before React and i18n are up there is nothing better than a plain line; it holds no error text.
  console.error('console failed to start', error instanceof Error ? error.name : typeof error);
  const root = document.getElementById('root');
  if (root) root.textContent = 'The admin console could not start. Reload the page.';
});
