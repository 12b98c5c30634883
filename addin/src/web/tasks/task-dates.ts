// Due dates as a person sees them: "today" is the browser's own day (its time zone),
// a date picked in a date input is that day at the task's time of day. The server
// only ever sees instants; the bounds of today are computed here and sent as
// dueAfter/dueBefore, so "due today" means today where the user is.

/** The default time of day for a task first given a date (a working morning). */
export const DEFAULT_DUE_HOUR = 9;

/** The start of the day containing `now` and of the next one, in the browser's time zone. */
export function dayBounds(now: Date): { startOfToday: Date; startOfTomorrow: Date } {
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  // Day + 1 by the calendar, not + 24 hours: a daylight saving day has 23 or 25.
  const startOfTomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  return { startOfToday, startOfTomorrow };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** An instant as a date input's value ("2031-03-10"), the day it falls on here. */
export function dateInputValue(iso: string): string {
  const date = new Date(iso);
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * The instant a date input's value names: that day here, at the time of day of
 * `keepTimeOf` (the task's current due time) or DEFAULT_DUE_HOUR. Null for anything
 * that is not a real date ("2031-02-30", "").
 */
export function dueAtFromDateInput(value: string, keepTimeOf: string | null): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const time = keepTimeOf ? new Date(keepTimeOf) : null;
  const date = new Date(year, month, day, time ? time.getHours() : DEFAULT_DUE_HOUR, time ? time.getMinutes() : 0);
  // new Date rolls 30 February over into March: such a value is no date.
  if (date.getFullYear() !== year || date.getMonth() !== month || date.getDate() !== day) return null;
  return date.toISOString();
}
