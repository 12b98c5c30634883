// The deals board in Chromium against the real server and the demo tenant: a demo deal
// dragged to another stage with the real mouse (the column counts change, the deal's
// timeline records the stage change), moves with the keyboard (dragging by a card's
// handle, and through its "Move to…" menu), axe-core, and screenshots in English and Persian (columns right to left).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUILD_TIMEOUT_MS,
  demoApi,
  e2eAvailable,
  expectNoSeriousAxe,
  openWebApp,
  screenshot,
  startWebApp,
  watchProblems,
  type WebApp,
} from './web-harness.ts';

const available = e2eAvailable();
/** A test's time on a loaded machine: sign-in, the board's lazy chunk, axe and a drag. */
const TEST_TIMEOUT_MS = 240_000;

type Column = { stageId: string; name: string; count: string; deals: string[]; left: number };

/** Each column's stage id, count text, cards and left edge, in the DOM's order. */
const columns = (page: Page) =>
  page.evaluate<Column[]>(`[...document.querySelectorAll('[data-testid="board-column"]')].map((node) => ({
    stageId: node.getAttribute('data-stage-id'),
    name: node.querySelector('h3').textContent,
    count: node.querySelector('[data-testid="column-count"]').textContent,
    deals: [...node.querySelectorAll('[data-testid="deal-card"]')].map((card) => card.getAttribute('data-deal-id')),
    left: node.getBoundingClientRect().left,
  }))`);

/**
 * The board with its cards (the page's lazy chunk, the pipelines and the board loaded: slow
 * on a loaded machine); if it never comes, a screenshot and the page's text say why.
 */
async function boardShown(page: Page): Promise<void> {
  try {
    await page.getByTestId('deal-card').first().waitFor({ timeout: 90_000 });
  } catch (error) {
    await screenshot(page, 'deals-no-board');
    const text = await page.locator('body').innerText();
    throw new Error(`No deal card on the board; the page shows: ${text}`, { cause: error });
  }
}

type Api = Awaited<ReturnType<typeof demoApi>>;
/** The deal's stage as the server has it. */
const stageOf = async (api: Api, dealId: string) =>
  ((await api.get(`/api/v1/deals/${dealId}`)).body as { stage: { id: string } }).stage.id;

describe.skipIf(!available)('the deals board in Chromium', () => {
  let started: WebApp | undefined;
  const web = () => started!;
  beforeAll(async () => {
    started = await startWebApp();
  }, BUILD_TIMEOUT_MS);
  afterAll(async () => {
    await started?.close();
  });

  it(
    'drags a demo deal to another stage with the mouse: the counts change and its timeline records it',
    async () => {
      const page = await openWebApp(web().browser, web().base, { hash: '#/deals' });
      const problems = watchProblems(page);
      await page.getByTestId('deal-board').waitFor();
      await boardShown(page);
      await expectNoSeriousAxe(page, 'the deals board');
      await screenshot(page, 'deals-board-en');

      const before = await columns(page);
      const from = before.find((c) => c.deals.length > 0)!;
      const to = before.find((c) => c.stageId !== from.stageId && c.deals.length === 0) ?? before.at(-1)!;
      const dealId = from.deals[0]!;
      const card = page.locator(`[data-testid="deal-card"][data-deal-id="${dealId}"]`);
      const target = page.locator(`[data-testid="board-column"][data-stage-id="${to.stageId}"]`);
      await target.scrollIntoViewIfNeeded();
      const a = (await card.boundingBox())!;
      const b = (await target.boundingBox())!;
      await page.mouse.move(a.x + a.width / 2, a.y + 10);
      await page.mouse.down();
      await page.mouse.move(a.x + a.width / 2 + 10, a.y + 20, { steps: 5 });
      await page.mouse.move(b.x + b.width / 2, b.y + 80, { steps: 15 });
      await page.mouse.up();

      await expect
        .poll(async () => (await columns(page)).find((c) => c.stageId === to.stageId)?.deals.includes(dealId))
        .toBe(true);
      const after = await columns(page);
      const countOf = (list: typeof after, id: string) => parseInt(list.find((c) => c.stageId === id)!.count, 10);
      expect(countOf(after, from.stageId)).toBe(countOf(before, from.stageId) - 1);
      expect(countOf(after, to.stageId)).toBe(countOf(before, to.stageId) + 1);

      const api = await demoApi(web());
      const timeline = await api.get(`/api/v1/deals/${dealId}/timeline`);
      expect((timeline.body as { items: unknown[] }).items[0]).toMatchObject({
        kind: 'stage_change',
        data: { dealId, toStage: { id: to.stageId } },
      });

      // The list view of the same deals.
      await page.getByRole('tab', { name: 'List' }).click();
      await page.getByTestId('deal-row').first().waitFor();
      await expectNoSeriousAxe(page, 'the deals list');
      await screenshot(page, 'deals-list-en');
      expect(problems).toEqual([]);
      await page.context().close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'drags a deal with the keyboard: Space on its handle picks it up, an arrow moves it a column, Space drops it',
    async () => {
      const page = await openWebApp(web().browser, web().base, { hash: '#/deals' });
      const problems = watchProblems(page);
      await boardShown(page);
      // Columns as they are on screen, left to right: the arrow goes to the next one on the right.
      const onScreen = (await columns(page)).sort((a, b) => a.left - b.left);
      const fromIndex = onScreen.findIndex((c, i) => c.deals.length > 0 && i < onScreen.length - 1);
      expect(fromIndex, 'a column with a deal and another column to its right').toBeGreaterThanOrEqual(0);
      const from = onScreen[fromIndex]!;
      const to = onScreen[fromIndex + 1]!;
      const dealId = from.deals[0]!;
      const card = page.locator(`[data-testid="deal-card"][data-deal-id="${dealId}"]`);
      const dealName = (await card.getAttribute('aria-label'))!;
      // What the board announces to a screen reader as the deal moves.
      const announced = (text: string) => page.getByText(text, { exact: true }).waitFor({ state: 'attached' });

      await card.getByRole('button', { name: `Drag ${dealName}` }).focus();
      await page.keyboard.press('Space');
      await announced(`${dealName} is over the stage ${from.name}.`);
      await page.keyboard.press('ArrowRight');
      await announced(`${dealName} is over the stage ${to.name}.`);
      await page.keyboard.press('Space');
      await announced(`${dealName} was dropped on the stage ${to.name}.`);

      await expect
        .poll(async () => (await columns(page)).find((c) => c.stageId === to.stageId)?.deals.includes(dealId))
        .toBe(true);
      const api = await demoApi(web());
      expect(await stageOf(api, dealId)).toBe(to.stageId);
      expect(problems).toEqual([]);
      await page.context().close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'moves a deal with the keyboard through its "Move to…" menu',
    async () => {
      const page = await openWebApp(web().browser, web().base, { hash: '#/deals' });
      const problems = watchProblems(page);
      await boardShown(page);
      const before = await columns(page);
      const from = before.find((c) => c.deals.length > 0)!;
      const dealId = from.deals[0]!;
      const menuButton = page.locator(`[data-testid="deal-card"][data-deal-id="${dealId}"] [data-testid="move-menu"]`);
      await menuButton.focus();
      await page.keyboard.press('Enter');
      await page.getByRole('menu').waitFor();
      // The first stage other than the card's: walk down to it.
      const items = page.getByRole('menuitemradio');
      const names = await items.allTextContents();
      const fromName = names[before.indexOf(from)]!;
      const targetIndex = names.findIndex((n) => n !== fromName);
      // The menu opens on its first item.
      for (let i = 0; i < targetIndex; i++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      const toId = before[targetIndex]!.stageId;
      await expect
        .poll(async () => (await columns(page)).find((c) => c.stageId === toId)?.deals.includes(dealId))
        .toBe(true);
      const api = await demoApi(web());
      expect(await stageOf(api, dealId)).toBe(toId);

      expect(problems).toEqual([]);
      await page.context().close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'lays the columns out right to left in Persian',
    async () => {
      const page = await openWebApp(web().browser, web().base, { hash: '#/deals', locale: 'fa-IR' });
      const problems = watchProblems(page);
      await boardShown(page);
      expect(await page.evaluate('document.documentElement.dir')).toBe('rtl');
      const list = await columns(page);
      // The pipeline's first stage is the rightmost column.
      expect(list[0]!.left).toBeGreaterThan(list[1]!.left);
      await expectNoSeriousAxe(page, 'the deals board in Persian');
      await screenshot(page, 'deals-board-fa');
      await page.getByRole('tab', { name: 'فهرست' }).click();
      await page.getByTestId('deal-list').waitFor();
      await expectNoSeriousAxe(page, 'the deals list in Persian');
      await screenshot(page, 'deals-list-fa');
      expect(problems).toEqual([]);
      await page.context().close();
    },
    TEST_TIMEOUT_MS,
  );
});
