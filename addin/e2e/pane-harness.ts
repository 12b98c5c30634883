// Shared by the end-to-end test and the pane benchmark: build the pane, start
// Debian's Chromium, and open the pane with the Office stand-in in place of office.js.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { OFFICE_JS_ORIGIN } from '../../server/src/http/pane.ts';
import { demoSamples } from '../src/office/samples.ts';

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

export async function buildPane(outDir: string) {
  await build({
    configFile: path.resolve(import.meta.dirname, '../vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
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
};

const STAND_IN = readFile(path.join(import.meta.dirname, 'office-stand-in.js'), 'utf8');

/** Opens the pane as Outlook would: office.js is the stand-in, nothing but the server is reachable. */
export async function openPane(browser: Browser, base: string, config: OutlookConfig) {
  const context = await browser.newContext({ viewport: { width: 360, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  await page.addInitScript((settings) => {
    (globalThis as unknown as { __outlookConfig: unknown }).__outlookConfig = settings;
  }, config);
  const standIn = await STAND_IN;
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${OFFICE_JS_ORIGIN}/`)) {
      return route.fulfill({ contentType: 'text/javascript', body: standIn });
    }
    return url.startsWith(base) ? route.fallback() : route.abort('blockedbyclient');
  });
  return page;
}

/** Outlook's ItemChanged: another item (or none, between two selections) in the pinned pane. */
export const selectItem = (page: Page, index: number | null) =>
  page.evaluate(
    (i) => (globalThis as unknown as { __outlook: { select(i: number | null): void } }).__outlook.select(i),
    index,
  );
