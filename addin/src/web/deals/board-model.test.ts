import { describe, expect, it } from 'vitest';
import type { Deal, DealBoard } from '../../api/schema.d.ts';
import { moveCard } from './board-model.ts';

const stage = (id: string, position: number, flags: { isWon?: boolean; isLost?: boolean } = {}) => ({
  id,
  name: id.toUpperCase(),
  position,
  probability: 10 * position,
  isWon: flags.isWon ?? false,
  isLost: flags.isLost ?? false,
});

const deal = (id: string, stageId: string, value: string, currency: string): Deal => ({
  id,
  name: `Deal ${id}`,
  value,
  currency,
  status: 'open',
  pipeline: { id: 'p', name: 'Sales' },
  stage: { ...stage(stageId, 1), stageCount: 3 },
  owner: null,
  company: null,
  contactIds: [],
  expectedCloseDate: null,
  closedAt: null,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
});

function board(): DealBoard {
  return {
    pipeline: { id: 'p', name: 'Sales' },
    columns: [
      {
        stage: stage('a', 1),
        count: 3,
        totals: [
          { currency: 'EUR', amount: '0.30' },
          { currency: 'SEK', amount: '0.10' },
        ],
        deals: [deal('1', 'a', '0.10', 'EUR'), deal('2', 'a', '0.20', 'EUR'), deal('3', 'a', '0.10', 'SEK')],
        nextCursor: null,
      },
      {
        stage: stage('b', 2),
        count: 1,
        totals: [{ currency: 'USD', amount: '5.00' }],
        deals: [deal('4', 'b', '5.00', 'USD')],
        nextCursor: null,
      },
      { stage: stage('won', 3, { isWon: true }), count: 0, totals: [], deals: [], nextCursor: null },
    ],
  };
}

const view = (b: DealBoard) =>
  b.columns.map((c) => [c.count, c.totals.map((t) => `${t.amount} ${t.currency}`), c.deals.map((d) => d.id)]);

describe('moveCard', () => {
  it('moves the card first into the new column and adds and subtracts in cents, not floats', () => {
    const moved = moveCard(board(), '2', 'b');
    expect(view(moved)).toEqual([
      [2, ['0.10 EUR', '0.10 SEK'], ['1', '3']],
      [2, ['5.00 USD', '0.20 EUR'], ['2', '4']],
      [0, [], []],
    ]);
    expect(moved.columns[1]!.deals[0]!.stage).toMatchObject({ id: 'b', position: 2, stageCount: 3 });
  });

  it('drops a currency from a column with its last deal, and a won stage makes the deal won', () => {
    const moved = moveCard(board(), '3', 'won');
    expect(view(moved)[0]).toEqual([2, ['0.30 EUR'], ['1', '2']]);
    expect(view(moved)[2]).toEqual([1, ['0.10 SEK'], ['3']]);
    expect(moved.columns[2]!.deals[0]!.status).toBe('won');
    const emptied = moveCard(board(), '4', 'a');
    expect(view(emptied)[1]).toEqual([0, [], []]);
  });

  it('leaves the board as it was for a deal or stage it does not show, or the same stage', () => {
    const before = board();
    expect(moveCard(before, 'nope', 'b')).toBe(before);
    expect(moveCard(before, '1', 'nope')).toBe(before);
    expect(moveCard(before, '1', 'a')).toBe(before);
  });
});
