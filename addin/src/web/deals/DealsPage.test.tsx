// The deals page against a fake server behind the real openapi-fetch client: the board's
// counts and totals, a move through a card's "Move to…" menu with the keyboard (shown at
// once, sent with the stage the card was in), a refused move rolled back with the
// server's words, someone else's earlier move, and the list view.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import createClient from 'openapi-fetch';
import { Suspense } from 'react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import type { Api } from '../../api/client.ts';
import type { Deal, DealBoard, Me, paths } from '../../api/schema.d.ts';
import { pickLocale } from '../../i18n/index.ts';
import { WebProviders } from '../context.tsx';
import { startWebI18n } from '../i18n.ts';
import DealsPage from './DealsPage.tsx';

afterEach(cleanup);

const ME: Me = {
  id: 'u-alice',
  email: 'alice@contoso.example',
  displayName: 'Alice Larsson',
  role: 'admin',
  tenant: { id: 't-1', slug: 'demo', name: 'Contoso', domains: ['contoso.example'] },
};

const STAGES = [
  {
    id: '00000000-0000-4000-8000-0000000000a1',
    name: 'Intro',
    position: 1,
    probability: 10,
    isWon: false,
    isLost: false,
  },
  {
    id: '00000000-0000-4000-8000-0000000000a2',
    name: 'Demo',
    position: 2,
    probability: 50,
    isWon: false,
    isLost: false,
  },
  {
    id: '00000000-0000-4000-8000-0000000000a3',
    name: 'Won',
    position: 3,
    probability: 100,
    isWon: true,
    isLost: false,
  },
];
const [INTRO, DEMO] = STAGES as [(typeof STAGES)[0], (typeof STAGES)[0]];
const PIPELINE = { id: '00000000-0000-4000-8000-00000000000f', name: 'Sales', isDefault: true, stages: STAGES };

function deal(id: string, name: string, stage: (typeof STAGES)[0], value: string, currency: string): Deal {
  return {
    id,
    name,
    value,
    currency,
    status: 'open',
    pipeline: { id: PIPELINE.id, name: 'Sales' },
    stage: { ...stage, stageCount: 3 },
    owner: { id: 'u-bob', displayName: 'Bob Berg', email: 'bob@contoso.example' },
    company: { id: 'c-fabrikam', name: 'Fabrikam' },
    contactIds: ['k-nino'],
    expectedCloseDate: '2027-01-31',
    closedAt: null,
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
  };
}

const A = deal('d-a', 'Fabrikam renewal', INTRO, '1000.50', 'EUR');
const B = deal('d-b', 'Tailspin pilot', INTRO, '250', 'SEK');
const C = deal('d-c', 'Contoso upsell', DEMO, '5000', 'USD');

/** The board as the server computes it from its deals. */
function boardOf(deals: Deal[]): DealBoard {
  return {
    pipeline: { id: PIPELINE.id, name: 'Sales' },
    columns: STAGES.map((stage) => {
      const here = deals.filter((d) => d.stage.id === stage.id);
      const totals = new Map<string, number>();
      for (const d of here) totals.set(d.currency, (totals.get(d.currency) ?? 0) + Number(d.value));
      return {
        stage,
        count: here.length,
        totals: [...totals].map(([currency, amount]) => ({ currency, amount: amount.toFixed(2) })),
        deals: here,
        nextCursor: null,
      };
    }),
  };
}

type Patch = { id: string; body: { stageId: string; fromStageId: string } };

/**
 * A server holding deals: the pipelines, the board and the list from them, and PATCH
 * answered by `onPatch` (default: the move is made). Every PATCH is recorded.
 */
function fakeServer(options: { onPatch?: (patch: Patch) => Promise<Response> | Response } = {}) {
  let deals = [A, B, C];
  const patches: Patch[] = [];
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': status < 400 ? 'application/json' : 'application/problem+json' },
    });
  const fetch = async (request: Request) => {
    const url = new URL(request.url);
    if (request.method === 'GET' && url.pathname === '/api/v1/pipelines') return json({ items: [PIPELINE] });
    if (request.method === 'GET' && url.pathname === `/api/v1/pipelines/${PIPELINE.id}/board`) {
      return json(boardOf(deals));
    }
    if (request.method === 'GET' && url.pathname === '/api/v1/deals') return json({ items: deals, nextCursor: null });
    const patch = /^\/api\/v1\/deals\/([^/]+)$/.exec(url.pathname);
    if (request.method === 'PATCH' && patch) {
      const call = { id: patch[1]!, body: (await request.json()) as Patch['body'] };
      patches.push(call);
      if (options.onPatch) return options.onPatch(call);
      const stage = STAGES.find((s) => s.id === call.body.stageId)!;
      deals = deals.map((d) => (d.id === call.id ? { ...d, stage: { ...stage, stageCount: 3 } } : d));
      return json(deals.find((d) => d.id === call.id));
    }
    return json({ title: 'Not found' }, 404);
  };
  return { fetch, patches };
}

async function renderPage(server: ReturnType<typeof fakeServer>) {
  const i18n = await startWebI18n(pickLocale('en-US'));
  const client = createClient<paths>({ baseUrl: 'http://crm.test', fetch: server.fetch });
  const queries = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queries}>
        <WebProviders session={{ client, api: {} as Api }} me={ME}>
          <Suspense>
            <DealsPage id={null} />
          </Suspense>
        </WebProviders>
      </QueryClientProvider>
    </I18nextProvider>,
  );
  await screen.findByTestId('deal-board');
}

/** Each column as [stage, count text, totals, card names]. */
function columns() {
  return screen.getAllByTestId('board-column').map((column) => [
    within(column).getByRole('heading', { level: 3 }).textContent,
    within(column).getByTestId('column-count').textContent,
    within(column)
      .getByTestId('column-totals')
      .textContent.replace(/\u00a0/g, ' '),
    within(column)
      .queryAllByTestId('deal-card')
      .map((card) => card.getAttribute('aria-label')),
  ]);
}

/** Opens a card's "Move to…" menu and chooses a stage with Enter. */
async function moveWithKeyboard(dealName: string, stage: string) {
  const user = userEvent.setup();
  const trigger = screen.getByRole('button', { name: `Move ${dealName} to another stage` });
  trigger.focus();
  await user.keyboard('{Enter}');
  const menu = await screen.findByRole('menu');
  const items = within(menu).getAllByRole('menuitemradio');
  const target = items.find((item) => item.textContent === stage)!;
  // jsdom does not move focus into an opened menu as a browser does (the e2e test walks it
  // with the arrow keys): focus the stage's item, then Enter.
  target.focus();
  await user.keyboard('{Enter}');
}

describe('the deals board', () => {
  it('shows a column per stage with its count, its totals per currency and its cards', async () => {
    await renderPage(fakeServer());
    expect(columns()).toEqual([
      ['Intro', '2 deals', '€1,000.50SEK 250.00', ['Fabrikam renewal', 'Tailspin pilot']],
      ['Demo', '1 deal', '$5,000.00', ['Contoso upsell']],
      ['Won', '0 deals', 'No value', []],
    ]);
    const card = screen.getAllByTestId('deal-card')[0]!;
    expect(within(card).getByRole('link', { name: 'Fabrikam' }).getAttribute('href')).toBe('#/companies/c-fabrikam');
    expect(within(card).getByRole('link', { name: 'Contact' }).getAttribute('href')).toBe('#/contacts/k-nino');
    expect(card.textContent).toContain('Bob Berg');
    expect(within(card).getByRole('button', { name: 'Drag Fabrikam renewal' })).toBeTruthy();
  });

  it('moves a deal through the "Move to…" menu with the keyboard: at once on the board, then as the server says', async () => {
    let answer: (response: Response) => void = () => {};
    const server = fakeServer({ onPatch: () => new Promise<Response>((resolve) => (answer = resolve)) });
    await renderPage(server);
    await moveWithKeyboard('Fabrikam renewal', 'Demo');
    // Before the server answers, the board shows the move.
    expect(columns().slice(0, 2)).toEqual([
      ['Intro', '1 deal', 'SEK 250.00', ['Tailspin pilot']],
      ['Demo', '2 deals', '$5,000.00€1,000.50', ['Fabrikam renewal', 'Contoso upsell']],
    ]);
    expect(server.patches).toEqual([{ id: 'd-a', body: { stageId: DEMO.id, fromStageId: INTRO.id } }]);
    answer(new Response(JSON.stringify({ ...A, stage: { ...DEMO, stageCount: 3 } }), { status: 200 }));
    expect(await screen.findByText('Fabrikam renewal moved to Demo.')).toBeTruthy();
  });

  it("rolls the board back and shows the server's reason when the move fails", async () => {
    const server = fakeServer({
      onPatch: () =>
        new Response(JSON.stringify({ title: 'Internal error', detail: 'The database is not answering' }), {
          status: 503,
          headers: { 'content-type': 'application/problem+json' },
        }),
    });
    await renderPage(server);
    const before = columns();
    await moveWithKeyboard('Tailspin pilot', 'Won');
    const notice = await screen.findByTestId('move-notice');
    expect(notice.textContent).toContain('Tailspin pilot could not be moved to Won: The database is not answering');
    expect(columns()).toEqual(before);
    expect(server.patches).toHaveLength(1);
  });

  it('says so when someone else moved the deal first, and shows where it is now', async () => {
    const server = fakeServer({
      onPatch: () =>
        new Response(JSON.stringify({ title: 'The deal has moved', code: 'DEAL_STAGE_CHANGED', errors: [] }), {
          status: 409,
          headers: { 'content-type': 'application/problem+json' },
        }),
    });
    await renderPage(server);
    await moveWithKeyboard('Contoso upsell', 'Intro');
    expect((await screen.findByTestId('move-notice')).textContent).toContain(
      'Someone else moved Contoso upsell first.',
    );
    expect(columns()[1]![3]).toEqual(['Contoso upsell']);
  });
});

describe('the deals list', () => {
  it('lists the deals with their stage, value, owner, company and expected close', async () => {
    await renderPage(fakeServer());
    await userEvent.click(screen.getByRole('tab', { name: 'List' }));
    const table = await screen.findByRole('table', { name: 'Deals' });
    const rows = within(table)
      .getAllByTestId('deal-row')
      .map((row) =>
        within(row)
          .getAllByRole('cell')
          .map((cell) => cell.textContent.replace(/\u00a0/g, ' ')),
      );
    expect(rows[0]).toEqual([
      'Fabrikam renewal',
      'Intro',
      '€1,000.50',
      'Bob Berg',
      'Fabrikam',
      expect.stringMatching(/Jan 3[01], 2027/),
    ]);
    expect(rows).toHaveLength(3);
    expect(screen.getByLabelText('Stage')).toBeTruthy();
  });
});
