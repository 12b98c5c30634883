// The contact's open deals from the card: moved to another stage, refused, a new one.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Deal } from '../../api/client.ts';
import { ApiError } from '../../api/errors.ts';
import { contact, deal, fixedApi, knownLookup } from '../../test/fakes.ts';
import { renderCard, renderShared } from '../../test/render.tsx';
import { DealsSection } from './Deals.tsx';

const nino = contact('Nino Kapanadze', 'nino@fabrikam.example');
const stages = ['Lead', 'Qualified', 'Proposal', 'Negotiation', 'Won', 'Lost'].map((name, i) => ({
  id: `s-${i + 1}`,
  name,
  position: i + 1,
  probability: [10, 25, 50, 75, 100, 0][i]!,
  isWon: name === 'Won',
  isLost: name === 'Lost',
}));

afterEach(cleanup);

describe('the deals', () => {
  it("moves a deal to another of its pipeline's stages, and shows where it now stands", async () => {
    let current: Deal = deal('Renewal');
    const moves: unknown[] = [];
    const { api } = fixedApi(
      { lookups: {} },
      {
        lookup: async () => knownLookup(nino, [current]),
        pipelines: async () => [{ id: 'p-1', name: 'Sales', isDefault: true, stages }],
        moveDeal: async (id, stageId) => {
          moves.push([id, stageId]);
          const stage = stages.find((s) => s.id === stageId)!;
          current = { ...current, stage: { ...stage, stageCount: 6 } };
          return current;
        },
      },
    );
    await renderCard(api);
    const picker = await screen.findByRole('combobox', { name: 'Move to stage' });
    await waitFor(() => expect(within(picker).getAllByRole('option')).toHaveLength(6));
    await userEvent.selectOptions(picker, 's-4');
    await screen.findByRole('img', { name: 'Stage 4 of 6: Negotiation' });
    expect(screen.getByText('75% win probability')).toBeTruthy();
    expect(moves).toEqual([['d-Renewal', 's-4']]);
  });

  it('says so when a move is refused, and keeps the deal where it was', async () => {
    const { api } = fixedApi(
      { lookups: { 'nino@fabrikam.example': knownLookup(nino, [deal('Renewal')]) } },
      {
        pipelines: async () => [{ id: 'p-1', name: 'Sales', isDefault: true, stages }],
        moveDeal: async () => {
          throw new ApiError('notFound', 404, 'STAGE_NOT_FOUND');
        },
      },
    );
    await renderCard(api);
    const picker = await screen.findByRole('combobox', { name: 'Move to stage' });
    await waitFor(() => expect(within(picker).getAllByRole('option')).toHaveLength(6));
    await userEvent.selectOptions(picker, 's-5');
    expect((await screen.findByTestId('error')).textContent).toContain('This record no longer exists.');
    expect((picker as HTMLSelectElement).value).toBe('s-3'); // the picker goes back to where the deal is
    expect(screen.getByRole('img', { name: 'Stage 3 of 6: Proposal' })).toBeTruthy();
  });

  it('creates a deal for the contact and their company', async () => {
    const created: unknown[] = [];
    let deals: Deal[] = [];
    const { api } = fixedApi(
      { lookups: {} },
      {
        lookup: async () => ({ ...knownLookup(nino, deals), company: companyOf() }),
        createDeal: async (input) => {
          created.push(input);
          deals = [deal(input.name, { value: '1200.00', currency: input.currency })];
          return deals[0]!;
        },
      },
    );
    await renderCard(api);
    expect(screen.getByText('No open deals')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'New deal' }));
    await userEvent.type(await screen.findByLabelText(/^Deal name/), 'Extra seats');
    await userEvent.type(screen.getByLabelText('Value'), '1200');
    await userEvent.selectOptions(screen.getByLabelText('Currency'), 'SEK');
    await userEvent.click(screen.getByRole('button', { name: 'Create deal' }));
    expect(await screen.findByTestId('deal')).toHaveProperty('textContent', expect.stringContaining('Extra seats'));
    expect(created).toEqual([
      { name: 'Extra seats', value: '1200', currency: 'SEK', contactIds: [nino.id], companyId: 'co-1' },
    ]);
  });

  it("shows a company's deals with their stage track on their own, as a record page mounts them, and moves one", async () => {
    const moves: unknown[] = [];
    const { api } = fixedApi(
      { lookups: {} },
      {
        pipelines: async () => [{ id: 'p-1', name: 'Sales', isDefault: true, stages }],
        moveDeal: async (id, stageId) => {
          moves.push([id, stageId]);
          return deal('Renewal');
        },
      },
    );
    await renderShared(api, <DealsSection deals={[deal('Renewal')]} contact={nino} company={companyOf()} />);
    const row = screen.getByTestId('deal');
    expect(within(row).getByText('€48,000.00')).toBeTruthy();
    expect(within(row).getByRole('img', { name: 'Stage 3 of 6: Proposal' })).toBeTruthy();
    const picker = within(row).getByRole('combobox', { name: 'Move to stage' });
    await waitFor(() => expect(within(picker).getAllByRole('option')).toHaveLength(6));
    await userEvent.selectOptions(picker, 's-2');
    await waitFor(() => expect(moves).toEqual([['d-Renewal', 's-2']]));
  });
});

function companyOf() {
  return {
    id: 'co-1',
    name: 'Fabrikam',
    domains: ['fabrikam.example'],
    owner: null,
    tags: [],
    createdAt: '',
    updatedAt: '',
  };
}
