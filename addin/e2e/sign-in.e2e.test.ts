// Sign-in with Microsoft, end to end: the built pane in headless Chromium, the real
// server in Entra mode, and the Graph simulator playing Entra ID (its own pages, real
// signed tokens, over HTTPS with its self-signed certificate). The product app is
// registered there with the demo's redirect URIs (demoRedirectUris), so the pages the
// pane signs in through are the ones `npm run start:entra` registers.
// - Outside Office (a browser): Sign in → MSAL's pop-up → the user picks an account on the
//   simulator's page → the pop-up hands the answer back through /auth/redirect.html → the card.
// - Outlook without nested app authentication: Office's dialog (the stand-in's window)
//   runs auth/dialog.html, MSAL's redirect flow, and messageParent; closing it is a cancel.
// - A directory that is not onboarded: its admin consents for it but the server knows no
//   such tenant; its member is refused by Entra (AADSTS65001). Both see the connect link.
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoTenant } from '../../prisma/seed.ts';
import { clientAuthConfig, createApp } from '../../server/src/app.ts';
import { createEntraTokenVerifier } from '../../server/src/auth/index.ts';
import type { Config } from '../../server/src/config.ts';
import type { Database } from '../../server/src/db/index.ts';
import { trustCertificate } from '../../server/src/graph/index.ts';
import { demoRedirectUris } from '../../server/src/graph/simulator/demo.ts';
import { startGraphSimulator, type GraphSimulator, type SimUser } from '../../server/src/graph/simulator/index.ts';
import { createLogger } from '../../server/src/shared/log.ts';
import { openTestDatabase } from '../../server/test/harness.ts';
import { DEMO_USER } from '../src/office/samples.ts';
import {
  CHROMIUM_PATH,
  demoItems,
  hasChromium,
  launchChromium,
  openPane,
  type OutlookConfig,
  type PaneOptions,
} from './pane-harness.ts';
import { BUILD_TIMEOUT_MS, builtApp } from './web-harness.ts';

const available = hasChromium();
if (!available && process.env.REQUIRE_E2E === '1') {
  throw new Error(`REQUIRE_E2E=1 but there is no Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium`);
}

const SCREENSHOTS = path.resolve(import.meta.dirname, 'screenshots');
const CLIENT_ID = randomUUID();
const CONTOSO = randomUUID();
const TAILSPIN = randomUUID();

const items = demoItems();
const NINO = items.findIndex((sample) => sample.label.startsWith('Nino'));
const outlook = (sets: Record<string, string> = {}): OutlookConfig => ({
  displayLanguage: 'en-US',
  user: { email: DEMO_USER.email, name: DEMO_USER.name! },
  items: items.map((sample) => sample.item),
  selected: NINO,
  sets,
});

describe.skipIf(!available)('sign-in with Microsoft in Chromium', () => {
  let sim: GraphSimulator | undefined;
  let db: Database | undefined;
  let server: Server | undefined;
  let browser: Browser | undefined;
  let paneDir: string;
  let base: string;
  const people: Record<'contoso' | 'contosoToo' | 'tailspinAdmin' | 'tailspinMember', SimUser> = {} as never;

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    // The run's one production build (what npm start serves), shared with the other e2e files.
    paneDir = await builtApp();
    sim = await startGraphSimulator();
    // The server fetches Entra's keys from the simulator, whose certificate is its own.
    trustCertificate(sim.ca);

    // Contoso's directory is the demo tenant's: onboarded. Tailspin Toys' is not.
    sim.addDirectory({ directoryTenantId: CONTOSO, displayName: 'Contoso', domains: ['contoso.example'] });
    people.contoso = sim.addUser(CONTOSO, { mail: 'sigrid@contoso.example', displayName: 'Sigrid Nilsson' });
    people.contosoToo = sim.addUser(CONTOSO, { mail: 'tomas@contoso.example', displayName: 'Tomas Berg' });
    sim.addDirectory({ directoryTenantId: TAILSPIN, displayName: 'Tailspin Toys', domains: ['tailspin.example'] });
    people.tailspinAdmin = sim.addUser(TAILSPIN, {
      mail: 'ingrid@tailspin.example',
      displayName: 'Ingrid Holm',
      admin: true,
    });
    people.tailspinMember = sim.addUser(TAILSPIN, { mail: 'mats@tailspin.example', displayName: 'Mats Ek' });

    db = await openTestDatabase();
    await seedDemoTenant(db.system);
    await db.system.tenant.update({ where: { slug: 'demo' }, data: { entraTenantId: CONTOSO } });

    const auth: Extract<Config['auth'], { mode: 'entra' }> = {
      mode: 'entra',
      clientId: CLIENT_ID,
      clientSecret: undefined,
      audience: CLIENT_ID,
      apiScope: `api://127.0.0.1/${CLIENT_ID}/access_as_user`,
      authorityHost: sim.url,
      jwksUrl: `${sim.url}/common/discovery/v2.0/keys`,
    };
    const app = createApp({
      system: db.system,
      verifyToken: createEntraTokenVerifier(auth),
      authMode: 'entra',
      authConfig: clientAuthConfig(auth),
      log: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
      paneDir,
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server!.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    // The product app, registered as the demo registers it for this server's address.
    sim.registerApp({
      clientId: CLIENT_ID,
      displayName: 'CRM for Outlook',
      redirectUris: [],
      spaRedirectUris: demoRedirectUris(base).spa,
      apiScopes: [auth.apiScope],
    });
    sim.grantConsent(CONTOSO, CLIENT_ID, ['delegated']);
    browser = await launchChromium();
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(null)));
    await db?.close();
    await sim?.close();
  });

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SCREENSHOTS, `sign-in-${name}.png`), fullPage: true });

  const open = async (config: OutlookConfig, office: PaneOptions['office']) => {
    const page = await openPane(browser!, base, config, { office, allow: [sim!.url], ignoreHTTPSErrors: true });
    await page.goto(`${base}/taskpane.html`);
    return page;
  };

  /** Clicks Sign in and returns the window that opens (MSAL's pop-up, or Office's dialog). */
  const signInWindow = async (page: Page) => {
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByTestId('sign-in').getByRole('button', { name: 'Sign in' }).click(),
    ]);
    return popup;
  };

  /** The simulator's account picker: this user, Next. */
  const pick = async (popup: Page, user: SimUser) => {
    await popup.locator(`input[name="user"][value="${user.id}"]`).check();
    await popup.getByRole('button', { name: 'Next' }).click();
  };

  const userRow = (user: SimUser) =>
    db!.system.user.findFirst({ where: { entraObjectId: user.id }, select: { role: true, email: true } });

  it('outside Office: Sign in opens Microsoft’s sign-in in a pop-up, and the card shows after it', async () => {
    const page = await open(outlook(), 'none');
    await page.getByTestId('sign-in').waitFor();
    expect(await page.getByTestId('contact-card').count()).toBe(0);
    await shot(page, '1-signed-out');

    const popup = await signInWindow(page);
    await popup.waitForURL((url) => url.href.startsWith(`${sim!.url}/organizations/oauth2/v2.0/authorize`));
    await pick(popup, people.contoso);
    await popup.waitForEvent('close');

    await page.getByTestId('contact-card').getByRole('heading', { name: 'Nino Kapanadze' }).waitFor();
    await shot(page, '2-signed-in');
    // The first sign-in made the user a member of the onboarded tenant, known by object id.
    expect(await userRow(people.contoso)).toEqual({ role: 'member', email: 'sigrid@contoso.example' });
    await page.context().close();
  });

  it('in Outlook without nested app authentication: Office’s dialog signs in, and closing it is a cancel', async () => {
    const page = await open(outlook(), 'outlook');
    await page.getByTestId('sign-in').waitFor();

    // The user closes the dialog before signing in.
    const first = await signInWindow(page);
    await first.waitForURL((url) => url.href.startsWith(sim!.url));
    expect(new URL(first.url()).searchParams.get('login_hint')).toBe(DEMO_USER.email);
    await first.close();
    await page.getByTestId('sign-in-failed').getByText("Sign-in didn't finish.", { exact: false }).waitFor();
    await shot(page, '3-dialog-closed');

    const dialog = await signInWindow(page);
    expect(new URL(dialog.url()).pathname).toBe('/auth/dialog.html');
    await dialog.waitForURL((url) => url.href.startsWith(sim!.url));
    await pick(dialog, people.contosoToo);
    // Back through the redirect page to the dialog page, which hands the token to the pane.
    await dialog.waitForEvent('close');
    await page.getByTestId('contact-card').getByRole('heading', { name: 'Nino Kapanadze' }).waitFor();
    expect(await userRow(people.contosoToo)).toEqual({ role: 'member', email: 'tomas@contoso.example' });
    await page.context().close();
  });

  it('the admin of a directory that is not onboarded consents, and is told to connect the organisation', async () => {
    const page = await open(outlook(), 'none');
    const popup = await signInWindow(page);
    await pick(popup, people.tailspinAdmin);
    // Entra asks the admin to consent for the organisation; the server still knows no such tenant.
    await popup.getByRole('button', { name: 'Accept' }).click();
    await popup.waitForEvent('close');

    const box = page.getByTestId('not-connected');
    await box.getByText('Your organisation is not connected yet. Ask your admin to connect it:').waitFor();
    expect(await box.getByTestId('connect-link').textContent()).toBe(`${base}/console#/connect`);
    expect(await page.getByTestId('contact-card').count()).toBe(0);
    await shot(page, '4-not-connected');
    expect(await userRow(people.tailspinAdmin)).toBeNull();
    await page.context().close();
  });

  it('a member of a directory that is not onboarded is refused by Entra and sees the same link', async () => {
    const page = await open(outlook(), 'none');
    const popup = await signInWindow(page);
    await pick(popup, people.tailspinMember);
    await popup.waitForEvent('close');
    await page.getByTestId('not-connected').getByTestId('connect-link').waitFor();
    expect(await userRow(people.tailspinMember)).toBeNull();
    await page.context().close();
  });
});
