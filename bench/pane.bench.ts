// npm run bench:pane [-- --contacts 30 --rounds 3]
// Builds the pane and prints its JavaScript and CSS sizes (raw and gzip; first
// paint apart from what loads later), then, in headless Chromium against a seeded
// server (embedded PostgreSQL), the time from an item change to the rendered card:
// cold (a sender not seen yet in the pane) and warm (seen before: painted from
// cache, revalidated behind). Targets: first-paint JS < 170 kB gzip; warm p95 < 150 ms.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { seedDemoTenant } from '../prisma/seed.ts';
import {
  buildPane,
  demoItems,
  hasChromium,
  launchChromium,
  openPane,
  CHROMIUM_PATH,
} from '../addin/e2e/pane-harness.ts';
import { DEMO_USER } from '../addin/src/office/samples.ts';
import { createApp } from '../server/src/app.ts';
import { createDevTokenVerifier, generateEphemeralDevKey } from '../server/src/auth/index.ts';
import { createContact } from '../server/src/crm/contacts/index.ts';
import { applyMigrations, openDatabase, scopeToTenant } from '../server/src/db/index.ts';
import { createCrmContext } from '../server/src/crm/index.ts';
import { createLogger } from '../server/src/shared/log.ts';

const { values } = parseArgs({ options: { contacts: { type: 'string' }, rounds: { type: 'string' } } });
const CONTACTS = Number(values.contacts ?? 30);
const WARM_ROUNDS = Number(values.rounds ?? 3);

const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

async function sizes(dir: string) {
  const referenced = async (page: string) =>
    new Set(
      [...(await readFile(path.join(dir, page), 'utf8')).matchAll(/(?:src|href)="\/pane\/([^"]+)"/g)].map((m) => m[1]!),
    );
  const firstPaint = await referenced('taskpane.html');
  // The admin console's first paint beside the pane's: the pane never loads these.
  const consoleOnly = new Set([...(await referenced('console.html'))].filter((file) => !firstPaint.has(file)));
  const rows: { group: string; raw: number; gzip: number }[] = [];
  for (const file of await readdir(path.join(dir, 'pane'))) {
    const ext = path.extname(file);
    if (ext !== '.js' && ext !== '.css') continue;
    const bytes = await readFile(path.join(dir, 'pane', file));
    const when = firstPaint.has(file) ? 'first paint' : consoleOnly.has(file) ? 'console only' : 'loaded later';
    const group = `${ext === '.js' ? 'JavaScript' : 'CSS'}, ${when}`;
    rows.push({ group, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
  }
  const groups = new Map<string, { raw: number; gzip: number; files: number }>();
  for (const row of rows) {
    const sum = groups.get(row.group) ?? { raw: 0, gzip: 0, files: 0 };
    groups.set(row.group, { raw: sum.raw + row.raw, gzip: sum.gzip + row.gzip, files: sum.files + 1 });
  }
  return groups;
}

/**
 * Runs in the page: Outlook's ItemChanged (after the null item), then the time until
 * the card of `email` is in the DOM and painted. A string, because tsx would add
 * helpers to a compiled function that do not exist in the page.
 */
const IN_PAGE = `({ index, email }) => new Promise((resolve) => {
  __outlook.select(null);
  const started = performance.now();
  __outlook.select(index);
  const selector = '[data-testid="contact-card"][data-contact-email="' + email + '"]';
  const painted = () => requestAnimationFrame(() => resolve(performance.now() - started));
  if (document.querySelector(selector)) return painted();
  const observer = new MutationObserver(() => {
    if (!document.querySelector(selector)) return;
    observer.disconnect();
    painted();
  });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true });
})`;

const timeItemChange = (page: Page, index: number, email: string): Promise<number> =>
  page.evaluate(`(${IN_PAGE})(${JSON.stringify({ index, email })})`);

const dir = await mkdtemp(path.join(tmpdir(), 'bench-pane-'));
console.log('building the pane…');
await buildPane(dir);
console.log('\nPane size (all files gzip -9):');
const groups = await sizes(dir);
if (![...groups.keys()].some((group) => group.startsWith('CSS'))) {
  console.log('  CSS: no files; Fluent UI (Griffel) puts its styles in the JavaScript');
}
for (const [group, sum] of [...groups].sort()) {
  console.log(
    `  ${group.padEnd(28)} ${String(sum.files).padStart(2)} files  ${kB(sum.raw).padStart(10)} raw  ${kB(sum.gzip).padStart(9)} gzip`,
  );
}
console.log('  target: first-paint JavaScript under 170 kB gzip');

if (!hasChromium()) {
  console.log(`\nNo Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium): item-change timings skipped.`);
  await rm(dir, { recursive: true, force: true });
  process.exit(0);
}

const db = await openDatabase({ dataDir: null });
await applyMigrations(db.adapter);
await seedDemoTenant(db.system);
const tenant = await db.system.tenant.findUniqueOrThrow({ where: { slug: 'demo' } });
const alice = await db.system.user.findFirstOrThrow({ where: { tenantId: tenant.id, email: DEMO_USER.email } });
const ctx = createCrmContext({
  db: scopeToTenant(db.system, tenant.id),
  actor: { kind: 'user', userId: alice.id, email: alice.email, role: 'admin' },
  log: createLogger('silent'),
});
const senders: string[] = [];
for (let i = 0; i < CONTACTS; i++) {
  const email = `bench-${i}@fabrikam.example`;
  await createContact(ctx, { name: `Bench Contact ${i}`, emails: [email], tags: [] });
  senders.push(email);
}
const key = await generateEphemeralDevKey();
const app = createApp({
  system: db.system,
  verifyToken: createDevTokenVerifier(key),
  devSignInKey: key,
  authMode: 'dev',
  log: createLogger('silent'),
  paneDir: dir,
});
const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const template = demoItems()[0]!.item;
const items = senders.map((email, i) => ({
  ...template,
  internetMessageId: `<bench-${i}@bench.example>`,
  subject: `Bench ${i}`,
  from: { email, name: `Bench Contact ${i}` },
}));
const browser = await launchChromium();
const page = await openPane(browser, base, {
  displayLanguage: 'en-US',
  user: { email: DEMO_USER.email, name: DEMO_USER.name! },
  items,
  selected: null,
});
await page.goto(`${base}/taskpane.html`);
await page.getByTestId('no-item').waitFor();

const cold: number[] = [];
for (let i = 0; i < items.length; i++) cold.push(await timeItemChange(page, i, senders[i]!));
const warm: number[] = [];
for (let round = 0; round < WARM_ROUNDS; round++) {
  for (let i = 0; i < items.length; i++) warm.push(await timeItemChange(page, i, senders[i]!));
}

console.log(`\nItem change to rendered card (headless Chromium, ${CONTACTS} senders, ms):`);
for (const [name, samples] of [
  ['cold', cold],
  ['warm', warm],
] as const) {
  const sorted = [...samples].sort((a, b) => a - b);
  console.log(
    `  ${name}: n=${String(sorted.length).padStart(3)}  median ${quantile(sorted, 0.5).toFixed(1).padStart(6)}  p95 ${quantile(sorted, 0.95).toFixed(1).padStart(6)}  max ${sorted[sorted.length - 1]!.toFixed(1).padStart(6)}`,
  );
}
console.log('  target: warm p95 under 150 ms');

await browser.close();
server.closeAllConnections();
server.close();
await db.close();
await rm(dir, { recursive: true, force: true });
