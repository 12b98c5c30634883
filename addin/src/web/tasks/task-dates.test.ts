// The day's bounds and date inputs in the browser's time zone: expectations are built
// from local date components, so they hold in whatever zone the tests run.
import { describe, expect, it } from 'vitest';
import { dateInputValue, dayBounds, DEFAULT_DUE_HOUR, dueAtFromDateInput } from './task-dates.ts';

describe('dayBounds', () => {
  it('runs from local midnight to the next local midnight', () => {
    const now = new Date(2031, 2, 10, 15, 42, 7);
    const { startOfToday, startOfTomorrow } = dayBounds(now);
    expect(startOfToday).toEqual(new Date(2031, 2, 10));
    expect(startOfTomorrow).toEqual(new Date(2031, 2, 11));
    expect(startOfToday <= now && now < startOfTomorrow).toBe(true);
  });

  it('at one millisecond before midnight is still today', () => {
    const now = new Date(2031, 11, 31, 23, 59, 59, 999);
    expect(dayBounds(now).startOfTomorrow).toEqual(new Date(2032, 0, 1));
  });
});

describe('date inputs', () => {
  it('shows an instant as the local day it falls on', () => {
    expect(dateInputValue(new Date(2031, 2, 10, 23, 30).toISOString())).toBe('2031-03-10');
    expect(dateInputValue(new Date(2031, 2, 10, 0, 0).toISOString())).toBe('2031-03-10');
  });

  it('keeps the task’s time of day when it moves to another day', () => {
    const before = new Date(2031, 2, 10, 14, 45).toISOString();
    expect(dueAtFromDateInput('2031-03-12', before)).toBe(new Date(2031, 2, 12, 14, 45).toISOString());
  });

  it('gives a task without a due time the default hour', () => {
    expect(dueAtFromDateInput('2031-03-12', null)).toBe(new Date(2031, 2, 12, DEFAULT_DUE_HOUR).toISOString());
  });

  it.each(['', '2031-02-30', '2031-13-01', '12.03.2031', '2031-3-1'])('reads %j as no date', (value) => {
    expect(dueAtFromDateInput(value, null)).toBeNull();
  });
});
