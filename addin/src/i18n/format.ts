// Dates, numbers and money in the user's locale, with Intl. Persian gets its own
// digits and calendar, as Intl gives them for fa-IR.
import { createContext, useContext } from 'react';

export type Formats = {
  day(iso: string): string;
  dateTime(iso: string): string;
  money(value: string, currency: string): string;
  percent(whole: number): string;
};

export function createFormats(locale: string): Formats {
  const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' });
  const dayWithYear = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const percent = new Intl.NumberFormat(locale, { style: 'percent' });
  const money = new Map<string, Intl.NumberFormat>();
  return {
    day(iso) {
      const date = new Date(iso);
      return (date.getFullYear() === new Date().getFullYear() ? day : dayWithYear).format(date);
    },
    dateTime: (iso) => dateTime.format(new Date(iso)),
    money(value, currency) {
      let format = money.get(currency);
      if (!format) {
        format = new Intl.NumberFormat(locale, { style: 'currency', currency });
        money.set(currency, format);
      }
      // Amounts are decimal strings; Intl formats them without a float round trip.
      return format.format(value as unknown as number);
    },
    percent: (whole) => percent.format(whole / 100),
  };
}

export const FormatsContext = createContext<Formats>(createFormats('en-US'));
export const useFormats = () => useContext(FormatsContext);
