// The board as the client holds it between the server's answers: moving a card
// takes it out of its column and puts it first in another, and both columns'
// counts and totals follow, so the board shows the move before the server confirms
// it. Amounts are decimal strings: added and subtracted in cents (BigInt), never as
// floats, so 0.10 + 0.20 stays 0.30.
import type { Deal, DealBoard, MoneyTotal } from '../../api/schema.d.ts';

export type BoardColumn = DealBoard['columns'][number];

/** "1234.5" → 123450n cents (deal values and totals are never negative). */
function toCents(amount: string): bigint {
  const [whole = '0', fraction = ''] = amount.split('.');
  return BigInt(whole) * 100n + BigInt((fraction + '00').slice(0, 2));
}

function fromCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** The totals with `cents` of `currency` added (negative: taken away), largest first as the server orders them. */
function addToTotals(totals: MoneyTotal[], currency: string, cents: bigint): MoneyTotal[] {
  const found = totals.some((t) => t.currency === currency);
  const next = found
    ? totals.map((t) => (t.currency === currency ? { currency, amount: fromCents(toCents(t.amount) + cents) } : t))
    : [...totals, { currency, amount: fromCents(cents) }];
  return next.sort((a, b) => {
    const diff = toCents(b.amount) - toCents(a.amount);
    return diff === 0n ? a.currency.localeCompare(b.currency) : diff > 0n ? 1 : -1;
  });
}

/** The column holding the deal, and the deal: a card the board shows. */
export function findCard(board: DealBoard, dealId: string): { column: BoardColumn; deal: Deal } | null {
  for (const column of board.columns) {
    const deal = column.deals.find((d) => d.id === dealId);
    if (deal) return { column, deal };
  }
  return null;
}

/**
 * The board with the deal moved to the stage: first in its new column, both
 * columns' counts and totals adjusted. A currency no deal of a column holds any
 * more leaves its totals. The board unchanged if the deal or stage is not on it.
 */
export function moveCard(board: DealBoard, dealId: string, toStageId: string): DealBoard {
  const found = findCard(board, dealId);
  const target = board.columns.find((c) => c.stage.id === toStageId);
  if (!found || !target || found.column.stage.id === toStageId) return board;
  const { deal, column: source } = found;
  const cents = toCents(deal.value);
  const moved: Deal = {
    ...deal,
    stage: { ...deal.stage, ...target.stage, stageCount: deal.stage.stageCount },
    status: target.stage.isWon ? 'won' : target.stage.isLost ? 'lost' : 'open',
  };
  return {
    ...board,
    columns: board.columns.map((column) => {
      if (column === source) {
        // A currency leaves the column's totals with its last deal. Only the cards shown are
        // known: a currency still worth something, or on another card, stays (the server's
        // answer settles the rest).
        const keeps = (t: MoneyTotal) =>
          t.currency !== deal.currency || (column.count > 1 && (toCents(t.amount) !== 0n || otherCardIn(column, deal)));
        const totals = addToTotals(column.totals, deal.currency, -cents).filter(keeps);
        return {
          ...column,
          count: column.count - 1,
          totals,
          deals: column.deals.filter((d) => d.id !== dealId),
        };
      }
      if (column === target) {
        return {
          ...column,
          count: column.count + 1,
          totals: addToTotals(column.totals, deal.currency, cents),
          deals: [moved, ...column.deals],
        };
      }
      return column;
    }),
  };
}

/** Whether a card of the column other than `deal` is in the deal's currency. */
function otherCardIn(column: BoardColumn, deal: Deal) {
  return column.deals.some((d) => d.id !== deal.id && d.currency === deal.currency);
}
