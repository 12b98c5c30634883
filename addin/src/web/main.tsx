// Starts the web app (/app): the language chosen before or the browser's, how this
// server signs people in, then the CRM. No Office.js here: a page in a browser tab.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { fetchAuthConfig } from '../api/auth-config.ts';
import { createTabTokenSource } from '../shell/index.ts';
import { browserStorage, showLocale } from '../shell/page.ts';
import { createWebSession } from './context.tsx';
import { initialWebLocale, startWebI18n } from './i18n.ts';
import { WebRoot } from './WebApp.tsx';

async function start() {
  const origin = location.origin;
  const locale = initialWebLocale(browserStorage('localStorage'), navigator.language);
  const i18n = await startWebI18n(locale);
  const root = document.getElementById('root');
  if (!root) throw new Error('app.html has no #root');
  createRoot(root).render(
    <StrictMode>
      <WebRoot
        locale={locale}
        i18n={i18n}
        loadAuthConfig={() => fetchAuthConfig(origin)}
        openSession={(config, email) =>
          createWebSession(origin, createTabTokenSource(config, { origin, ...(email ? { email } : {}) }))
        }
        session={browserStorage('sessionStorage')}
        onLocale={showLocale}
      />
    </StrictMode>,
  );
}

start().catch((error: unknown) => {
  // Before React and i18n are up there is nothing better than a plain line; it holds no error text.
  console.error('web app failed to start', error instanceof Error ? error.name : typeof error);
  const root = document.getElementById('root');
  if (root) root.textContent = 'The CRM could not start. Reload the page.';
});
