// The periods the dashboard offers, as instants: computed in the browser's time zone
// (the user's), so "this month" starts at their midnight on the 1st.
export const PERIODS = ['thisMonth', 'lastMonth', 'thisQuarter', 'thisYear'] as const;
export type PeriodName = (typeof PERIODS)[number];

/** From (included) and to (excluded), as ISO instants for the API. */
export function periodOf(name: PeriodName, now: Date): { from: string; to: string } {
  const year = now.getFullYear();
  const month = now.getMonth();
  const local = (y: number, m: number) => new Date(y, m, 1);
  const [from, to] =
    name === 'thisMonth'
      ? [local(year, month), local(year, month + 1)]
      : name === 'lastMonth'
        ? [local(year, month - 1), local(year, month)]
        : name === 'thisQuarter'
          ? [local(year, month - (month % 3)), local(year, month - (month % 3) + 3)]
          : [local(year, 0), local(year + 1, 0)];
  return { from: from.toISOString(), to: to.toISOString() };
}
