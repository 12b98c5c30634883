// Shared by the end-to-end tests and the pane benchmark: build addin/ as npm start
// serves it (the pane, the console and the web app), start Debian's Chromium, and open
// the pane with the Office stand-in in place of office.js, or the console as an admin's
// browser would.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { OFFICE_JS_ORIGIN } from '../../server/src/http/pane.ts';
import { demoSamples } from '../src/office/samples.ts';
import { buildAddin } from '../vite.config.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = () => existsSync(CHROMIUM_PATH);

/** As the machine notes advise: no GPU, no sandbox (root), and no calls home on a closed network. */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Builds addin/ as npm start serves it (its pages, their files under pane/): with React's
 * production build, what the size budgets are measured on. Under vitest NODE_ENV is
 * `test`, which would give React's development build.
 */
export async function buildPane(outDir: string) {
  // Vite and its React plugin read NODE_ENV itself (the JSX runtime and React's build must agree).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await buildAddin(build, outDir);
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS, headless: true });

/** An item as the Office stand-in takes it (see office-stand-in.js). */
export type OutlookItem = Record<string, unknown> & { itemType: string };

/** The stand-in mailbox's sample emails (demo tenant people), as Outlook items. */
export function demoItems(): { label: string; item: OutlookItem }[] {
  return demoSamples().map(({ label, item, body }) => ({
    label,
    item: item.kind === 'message' ? { itemType: 'message', ...item, body } : { itemType: 'appointment' },
  }));
}

export type OutlookConfig = {
  displayLanguage: string;
  user: { email: string; name: string };
  items: OutlookItem[];
  selected: number | null;
  /** Requirement sets the host supports besides Mailbox 1.8, e.g. { NestedAppAuth: '1.1' }. */
  sets?: Record<string, string>;
};

export type PaneOptions = {
  /** Origins besides the server's that the browser may reach (the simulated Entra ID). */
  allow?: string[];
  /** office.js: the Outlook stand-in, or an empty script (the pane outside Office, on its stand-in mailbox). */
  office?: 'outlook' | 'none';
  /** Accept self-signed certificates (the Graph simulator's). */
  ignoreHTTPSErrors?: boolean;
};

const STAND_IN = readFile(path.join(import.meta.dirname, 'office-stand-in.js'), 'utf8');

/** The stand-in's source, for a page that serves it without openPane (the pane benchmark's cold loads). */
export const officeStandIn = (): Promise<string> => STAND_IN;

/**
 * Opens the pane as Outlook would: office.js is the stand-in, nothing but the server
 * (and the origins allowed) is reachable. Windows the pane opens (sign-in pop-ups,
 * Office's dialog) get the same stand-in and the same limits.
 */
export async function openPane(browser: Browser, base: string, config: OutlookConfig, options: PaneOptions = {}) {
  const context = await browser.newContext({
    viewport: { width: 360, height: 900 },
    locale: 'en-US',
    ignoreHTTPSErrors: options.ignoreHTTPSErrors ?? false,
  });
  await context.addInitScript((settings) => {
    (globalThis as unknown as { __outlookConfig: unknown }).__outlookConfig = settings;
  }, config);
  const page = await context.newPage();
  const officeJs = options.office === 'none' ? '' : await STAND_IN;
  const allowed = [base, ...(options.allow ?? [])];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${OFFICE_JS_ORIGIN}/`)) {
      return route.fulfill({ contentType: 'text/javascript', body: officeJs });
    }
    return allowed.some((origin) => url === origin || url.startsWith(`${origin}/`))
      ? route.fallback()
      : route.abort('blockedbyclient');
  });
  return page;
}

/** Outlook's ItemChanged: another item (or none, between two selections) in the pinned pane. */
export const selectItem = (page: Page, index: number | null) =>
  page.evaluate(
    (i) => (globalThis as unknown as { __outlook: { select(i: number | null): void } }).__outlook.select(i),
    index,
  );

/** Opens a tab for the admin console: nothing but the server is reachable. */
export async function openConsole(browser: Browser, base: string, options: { locale?: string } = {}) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: options.locale ?? 'en-US',
  });
  await context.route('**/*', (route) =>
    route.request().url().startsWith(base) ? route.fallback() : route.abort('blockedbyclient'),
  );
  return context.newPage();
}
