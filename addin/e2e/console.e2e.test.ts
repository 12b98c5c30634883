// The built admin console in headless Chromium, against the real server on a test
// database seeded with the demo tenant: dev sign-in as the demo admin, each page, the
// tabs walked with the keyboard, axe-core on every page in English and Persian, text
// from the server shown as text, both manifests downloaded for a host, settings
// changed and found in the audit log and its CSV export. Also: the pane's first paint
// carries none of the console and stays within its budget. Nothing is stubbed.
import { readFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DOMParser } from '@xmldom/xmldom';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SLUG, seedDemoTenant } from '../../prisma/seed.ts';
import { startTestServer, type TestServer } from '../../server/test/harness.ts';
import { CHROMIUM_PATH, hasChromium, launchChromium, openConsole } from './pane-harness.ts';
import { BUILD_TIMEOUT_MS, builtApp, firstPaintScripts, seriousViolations, watchProblems } from './web-harness.ts';

const available = hasChromium();
if (!available && process.env.REQUIRE_E2E === '1') {
  throw new Error(`REQUIRE_E2E=1 but there is no Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium`);
}

const SCREENSHOTS = path.resolve(import.meta.dirname, 'screenshots');
const HOSTILE = '<img src=x onerror="window.__xss=1">';
/** The pane's first-paint JavaScript budget (bench/pane.bench.ts). */
const PANE_FIRST_PAINT_GZIP_LIMIT = 170 * 1024;

let paneDir: string;
let server: TestServer | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  // The production build this run's e2e files share (web-harness.ts).
  paneDir = await builtApp();
  if (!available) return;
  await mkdir(SCREENSHOTS, { recursive: true });
  server = await startTestServer({ paneDir });
  await seedDemoTenant(server.db.system);
  await seedConsoleData(server);
  browser = await launchChromium();
}, BUILD_TIMEOUT_MS);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the build', () => {
  const firstPaint = (html: string) => firstPaintScripts(paneDir, html);

  it('puts the console beside the pane, and none of its code in the pane’s first paint', async () => {
    const pane = await firstPaint('taskpane.html');
    const console = await firstPaint('console.html');
    const consoleOnly = console.filter((file) => !pane.includes(file));
    expect(consoleOnly.some((file) => file.startsWith('console-'))).toBe(true);
    for (const file of pane) {
      const code = await readFile(path.join(paneDir, 'pane', file), 'utf8');
      // The console's own marks: where it keeps the sign-in's address and the language.
      expect(code, file).not.toContain('crm-console-email');
      expect(code, file).not.toContain('crm-console-language');
    }
    let gzip = 0;
    for (const file of pane) gzip += gzipSync(await readFile(path.join(paneDir, 'pane', file)), { level: 9 }).length;
    expect(gzip).toBeLessThan(PANE_FIRST_PAINT_GZIP_LIMIT);
  });
});

/** A pipeline whose name carries HTML: its audit event and its settings row must show it as text. */
const HOSTILE_PIPELINE = `Partners ${HOSTILE}`;

/**
 * What the demo seed lacks for these pages: a pipeline with a hostile name (written to
 * the audit log by the real route), a third user whose role and sync the settings test
 * changes (so Bob stays the member the last test signs in as), and Bob's mailbox kept
 * out by the sync's RBAC scope (NOT_PERMITTED; there is no Graph in this test).
 */
async function seedConsoleData(test: TestServer) {
  const alice = await test.as(DEMO_SLUG, 'alice@contoso.example', 'admin');
  expect(
    (
      await alice.post('/api/v1/pipelines', {
        name: HOSTILE_PIPELINE,
        stages: [
          { name: 'Talk', probability: 20 },
          { name: 'Signed', probability: 100, isWon: true },
          { name: 'Gone', probability: 0, isLost: true },
        ],
      })
    ).status,
  ).toBe(201);
  const carol = await test.as(DEMO_SLUG, 'carol@contoso.example');
  expect((await carol.get('/api/v1/me')).status).toBe(200);
  const tenant = await test.db.system.tenant.findUniqueOrThrow({ where: { slug: DEMO_SLUG } });
  const bob = await test.db.system.user.findFirstOrThrow({
    where: { tenantId: tenant.id, email: 'bob@contoso.example' },
  });
  await test.db.system.mailbox.create({
    data: {
      tenantId: tenant.id,
      userId: bob.id,
      graphUserId: bob.email,
      address: bob.email,
      state: 'NOT_PERMITTED',
      stateReason: 'ErrorAccessDenied',
      lastErrorAt: new Date(),
    },
  });
}

/** Every API request the page made, with the Authorization header it carried. */
type Asked = { method: string; url: string; authorization: string | null };
function recordApiCalls(page: Page, base: string): Asked[] {
  const asked: Asked[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(`${base}/api/v1/`)) return;
    asked.push({
      method: request.method(),
      url: request.url(),
      authorization: request.headers().authorization ?? null,
    });
  });
  return asked;
}
const carriedTheToken = (asked: Asked[]) =>
  asked
    .filter((call) => !call.url.endsWith('/auth/config'))
    .every((call) => /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/.test(call.authorization ?? ''));

/** A file the page downloaded, as text. */
const textOf = async (download: Download) => readFile(await download.path(), 'utf8');

const PAGES = [
  { tab: 'Overview', hash: '#/overview', heading: 'Overview', ready: 'users' },
  { tab: 'Deployment', hash: '#/deployment', heading: 'Deployment', ready: 'manifest-xml' },
  { tab: 'Settings', hash: '#/settings', heading: 'Settings', ready: 'pipeline' },
  { tab: 'Audit log', hash: '#/audit', heading: 'Audit log', ready: 'audit-table' },
];
const PERSIAN_TABS = ['نمای کلی', 'استقرار', 'تنظیمات', 'گزارش ممیزی'];

describe.skipIf(!available)('the admin console in Chromium', () => {
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SCREENSHOTS, `console-${name}.png`), fullPage: true });

  async function signIn(page: Page, email?: string) {
    await page.goto(`${server!.base}/console`);
    const field = page.getByLabel('Email address');
    await field.waitFor();
    expect(await field.inputValue()).toBe('alice@contoso.example');
    if (email) await field.fill(email);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  /** A page signed in as the demo admin, its problems and API calls recorded. */
  async function openAsAdmin() {
    const page = await openConsole(browser!, server!.base);
    const problems = watchProblems(page);
    const asked = recordApiCalls(page, server!.base);
    await signIn(page);
    await page.getByTestId('users').waitFor();
    return { page, problems, asked };
  }

  it('signs the demo admin in, walks the pages with the keyboard, passes axe on each, and shows server text as text', async () => {
    const { page, problems, asked } = await openAsAdmin();
    expect(await page.getByTestId('signed-in-as').textContent()).toBe(
      'Signed in as Alice Larsson (alice@contoso.example), Contoso (demo)',
    );
    // The real overview: Bob's mailbox is outside the RBAC scope, which is not an error.
    expect(await page.getByTestId('not-permitted').textContent()).toContain('1 mailbox is not permitted');
    expect(await page.getByTestId('problem-row').textContent()).toContain('bob@contoso.example');
    expect(await page.getByTestId('users').textContent()).toMatch(/^Users3/);

    // The keyboard: Tab reaches the selected tab, arrows move between tabs, Enter opens one.
    await page.getByRole('tab', { name: 'Overview' }).focus();
    for (const [i, target] of PAGES.entries()) {
      if (i > 0) {
        await page.keyboard.press('ArrowRight');
        expect(await page.evaluate('document.activeElement.dataset.testid')).toBe(`tab-${target.hash.slice(2)}`);
        await page.keyboard.press('Enter');
      }
      await page.getByRole('heading', { name: target.heading, level: 2 }).waitFor();
      await page.getByTestId(target.ready).first().waitFor();
      // The first page is the console's default: /console without a hash.
      expect(new URL(page.url()).hash).toBe(i === 0 ? '' : target.hash);
      expect(await page.getByRole('tab', { name: target.tab }).getAttribute('aria-selected')).toBe('true');
      expect(await seriousViolations(page), `axe on ${target.tab}`).toEqual([]);
      await shot(page, `en-${i + 1}-${target.hash.slice(2)}`);
      await page.getByRole('tab', { name: target.tab }).focus();
    }

    // Audit log (now showing): the hostile pipeline name is text in its event; nothing ran.
    const created = page.getByTestId('audit-row').filter({ hasText: 'Pipeline created' });
    expect(await created.first().textContent()).toContain(`Created pipeline “${HOSTILE_PIPELINE}”`);
    expect(await page.locator('main img').count()).toBe(0);
    // Settings: the same name in the pipeline list is text too.
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByTestId('pipeline').first().waitFor();
    expect(await page.locator('main').textContent()).toContain(HOSTILE_PIPELINE);
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.evaluate('window.__xss')).toBeUndefined();

    expect(asked.length).toBeGreaterThan(5);
    expect(carriedTheToken(asked)).toBe(true);
    // No script error, no refusal by the Content-Security-Policy, no alert.
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('downloads both manifests for a host the admin types, each made for that host', async () => {
    const { page, problems, asked } = await openAsAdmin();
    await page.getByRole('tab', { name: 'Deployment' }).click();
    // This server's public URL first (the test server's default), with its stable URL.
    const host = page.getByTestId('host-input');
    await page.getByTestId('manifest-xml').waitFor();
    expect(await host.inputValue()).toBe('https://localhost:3000');
    expect(await page.getByTestId('manifest-xml').getByRole('textbox').inputValue()).toBe(
      'https://localhost:3000/manifest.xml',
    );

    await host.fill('https://crm.contoso.example');
    await page.getByRole('button', { name: 'Make the manifests' }).click();
    await page.getByRole('heading', { name: /crm\.contoso\.example/, level: 3 }).waitFor();
    for (const card of ['manifest-xml', 'manifest-json']) {
      expect(await page.getByTestId(card).getByTestId('check').textContent(), card).toBe('Checked: valid');
      // Microsoft 365 admin center fetches only this server's own public URL.
      expect(await page.getByTestId(card).getByRole('textbox').count(), card).toBe(0);
    }

    const xmlDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download manifest.crm.contoso.example.xml' }).click();
    const xmlFile = await xmlDownload;
    expect(xmlFile.suggestedFilename()).toBe('manifest.crm.contoso.example.xml');
    const xml = new DOMParser().parseFromString(await textOf(xmlFile), 'application/xml');
    expect(xml.documentElement?.localName).toBe('OfficeApp');
    const source = xml.getElementsByTagName('SourceLocation')[0]?.getAttribute('DefaultValue');
    expect(source).toMatch(/^https:\/\/crm\.contoso\.example\//);

    const jsonDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download manifest.crm.contoso.example.json' }).click();
    const jsonFile = await jsonDownload;
    expect(jsonFile.suggestedFilename()).toBe('manifest.crm.contoso.example.json');
    const unified = JSON.parse(await textOf(jsonFile)) as { validDomains: string[]; extensions: unknown[] };
    expect(unified.validDomains).toEqual(['crm.contoso.example']);
    expect(unified.extensions.length).toBeGreaterThan(0);

    // Both fetched from this server with the token, for the host asked.
    const downloads = asked.filter((call) => /\/admin\/manifest\.(xml|json)\?/.test(call.url));
    expect(downloads.map((call) => new URL(call.url).searchParams.get('host'))).toEqual([
      'https://crm.contoso.example',
      'https://crm.contoso.example',
    ]);
    expect(carriedTheToken(asked)).toBe(true);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('saves the organisation’s domains, a user’s role and sync, and the sync settings; the audit log and its CSV show them', async () => {
    const { page, problems, asked } = await openAsAdmin();
    await page.getByRole('tab', { name: 'Settings' }).click();
    const stages = page.getByTestId('pipeline').first().getByTestId('stage-row');
    await stages.first().waitFor();
    expect(await stages.count()).toBeGreaterThan(2);

    // The organisation's own domains.
    const tenant = page.getByTestId('tenant-settings');
    await tenant.getByLabel('Your own domains').fill('contoso.example\nContoso.TEST');
    await tenant.getByRole('button', { name: 'Save' }).click();
    expect(await tenant.getByRole('status').textContent()).toBe('Saved.');
    expect(await tenant.getByLabel('Your own domains').inputValue()).toBe('contoso.example\ncontoso.test');

    // Carol: admin, then her mail sync off.
    const carol = page.getByTestId('user-row').filter({ hasText: 'carol@contoso.example' });
    await carol.getByRole('combobox', { name: /^Role of / }).selectOption('admin');
    await expect.poll(() => carol.getByRole('combobox', { name: /^Role of / }).inputValue()).toBe('admin');
    const carolSync = carol.getByRole('switch', { name: /^Mail sync for / });
    await expect.poll(() => carolSync.isEnabled()).toBe(true);
    expect(await carolSync.isChecked()).toBe(true);
    await carolSync.click();
    await expect.poll(() => carolSync.isChecked()).toBe(false);

    // The sync settings: whole bodies kept (saved although the sync does not run here).
    const sync = page.getByTestId('sync-settings');
    await sync.getByRole('radio', { name: /^The whole body/ }).check();
    await sync.getByRole('button', { name: 'Save' }).click();
    expect(await sync.getByRole('status').textContent()).toBe('Saved.');
    await shot(page, 'en-5-settings-saved');

    // The audit log names each change in English, with who made it.
    await page.getByRole('tab', { name: 'Audit log' }).click();
    await page.getByTestId('audit-table').waitFor();
    const rows = page.getByTestId('audit-row');
    for (const label of [
      'Organisation changed',
      'Role changed',
      "User's mail sync turned off",
      'Mail sync settings changed',
    ]) {
      const row = rows.filter({ hasText: label });
      await row.first().waitFor();
      expect(await row.first().textContent(), label).toContain('alice@contoso.example');
    }
    expect(await rows.filter({ hasText: 'Role changed' }).first().textContent()).toContain(
      'Changed the role of carol@contoso.example from member to admin',
    );

    // Filtered to one action, then exported as CSV with that filter.
    await page.getByTestId('filter-action').selectOption('user.role.changed');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    const csvDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const csvFile = await csvDownload;
    expect(csvFile.suggestedFilename()).toMatch(/\.csv$/);
    const csv = (await textOf(csvFile)).trim().split(/\r?\n/);
    expect(csv).toHaveLength(2); // the header and the one event
    expect(csv[1]).toContain('user.role.changed');
    expect(csv[1]).toContain('carol@contoso.example');
    const exported = asked.find((call) => call.url.includes('/audit/export'))!;
    expect(new URL(exported.url).searchParams.get('action')).toBe('user.role.changed');

    expect(carriedTheToken(asked)).toBe(true);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('lays every page out right to left in Persian, and passes axe there too', async () => {
    const { page, problems } = await openAsAdmin();
    await page.getByTestId('language-picker').selectOption('fa');
    await page.getByRole('tab', { name: PERSIAN_TABS[0] }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('fa');
    for (const [i, tab] of PERSIAN_TABS.entries()) {
      await page.getByRole('tab', { name: tab }).click();
      await page.getByTestId(PAGES[i]!.ready).first().waitFor();
      type Window = { getComputedStyle(element: unknown): { direction: string } };
      const direction = await page
        .getByRole('tabpanel')
        .evaluate((element) => (globalThis as unknown as Window).getComputedStyle(element).direction);
      expect(direction).toBe('rtl');
      expect(await seriousViolations(page), `axe on ${tab}`).toEqual([]);
      await shot(page, `fa-${i + 1}-${PAGES[i]!.hash.slice(2)}`);
    }
    // The audit log names the server's actions in Persian.
    expect(await page.getByTestId('audit-table').textContent()).toContain('قیف فروش ساخته شد');
    // The tabs run right to left: the first is right of the second.
    const first = await page.getByRole('tab', { name: PERSIAN_TABS[0] }).boundingBox();
    const second = await page.getByRole('tab', { name: PERSIAN_TABS[1] }).boundingBox();
    expect(first!.x).toBeGreaterThan(second!.x);
    // The choice is kept for the next visit.
    await page.reload();
    await page.getByRole('tab', { name: PERSIAN_TABS[0] }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('shows the connect page before any sign-in, with the result of the last step, in English and Persian', async () => {
    for (const { locale, title, result, dir } of [
      {
        locale: 'en-US',
        title: 'Connect your organisation',
        result: 'the sign-in took more than 10 minutes',
        dir: 'ltr',
      },
      { locale: 'fa-IR', title: 'سازمان خود را متصل کنید', result: 'ورود بیش از ۱۰ دقیقه طول کشید', dir: 'rtl' },
    ]) {
      const page = await openConsole(browser!, server!.base, { locale });
      const problems = watchProblems(page);
      await page.goto(`${server!.base}/console#/connect?result=state-expired`);
      await page.getByRole('heading', { name: title, level: 1 }).waitFor();
      expect(await page.getByTestId('connect-result').textContent()).toContain(result);
      // A development server: onboarding needs Entra, and the buttons lead nowhere.
      await page.getByTestId('connect-unavailable').waitFor();
      expect(await page.getByRole('link', { name: title }).count()).toBe(0);
      expect(await page.getByTestId('connect-page').getAttribute('dir')).toBe(dir);
      expect(await page.getByTestId('admin-link').inputValue()).toBe(`${server!.base}/console#/connect`);
      // The keyboard reaches the link to send and its copy button.
      await page.getByTestId('admin-link').focus();
      await page.keyboard.press('Tab');
      expect(await page.evaluate('document.activeElement?.textContent')).toBe(
        locale === 'en-US' ? 'Copy link' : 'رونوشت پیوند',
      );
      expect(await seriousViolations(page), `axe on the connect page (${locale})`).toEqual([]);
      await shot(page, `${locale.slice(0, 2)}-connect`);
      expect(problems).toEqual([]);
      await page.context().close();
    }
  });

  it('tells a member they need to be an admin', async () => {
    const page = await openConsole(browser!, server!.base);
    await signIn(page, 'bob@contoso.example');
    const notice = page.getByTestId('not-admin');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('You need to be an admin');
    expect(await page.getByRole('tablist').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'en-member');
    await page.context().close();
  });
});
