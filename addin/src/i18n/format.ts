// Dates, numbers and money in the user's locale, with Intl. Persian gets its own
// digits and calendar, as Intl gives them for fa-IR.
import { createContext, useContext } from 'react';
import { relativeTime } from './relative-time.ts';

export type Formats = {
  day(iso: string): string;
  dateTime(iso: string): string;
  money(value: string, currency: string): string;
  list(items: string[]): string;
  /** An amount typed in the locale ("1 200,50", "۱٬۲۰۰٫۵") as the API's decimal ("1200.50"); the text as is if unreadable. */
  amount(text: string): string;
  percent(whole: number): string;
};

/** ASCII, Persian and Arabic-Indic digits, ten of each: the index modulo 10 is the digit. */
// eslint-disable-next-line @typescript-eslint/no-misused-spread -- each digit is one code point and one grapheme
const DIGITS = [...'0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩'];

export function createFormats(locale: string): Formats {
  const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' });
  const dayWithYear = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const percent = new Intl.NumberFormat(locale, { style: 'percent' });
  const list = new Intl.ListFormat(locale, { type: 'unit' });
  // The year as the locale counts it (Persian users see the Solar Hijri year).
  const year = new Intl.DateTimeFormat(locale, { year: 'numeric' });
  const yearOf = (date: Date) => year.format(date);
  const money = new Map<string, Intl.NumberFormat>();
  return {
    day(iso) {
      const date = new Date(iso);
      return (yearOf(date) === yearOf(new Date()) ? day : dayWithYear).format(date);
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
    list: (items) => list.format(items),
    amount(text) {
      const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
      const group = parts.find((part) => part.type === 'group')?.value ?? ',';
      const decimal = parts.find((part) => part.type === 'decimal')?.value ?? '.';
      let ascii = '';
      for (const char of text.trim()) {
        const digit = DIGITS.indexOf(char);
        if (digit >= 0) ascii += String(digit % 10);
        else if (char === decimal || char === '.') ascii += '.';
        else if (char !== group && !/\s/u.test(char) && char !== '\u200f') ascii += char;
      }
      return ascii;
    },
  };
}

export const FormatsContext = createContext<Formats>(createFormats('en-US'));
export const useFormats = () => useContext(FormatsContext);

/** The pane's formats plus what pages in a browser tab need: numbers and "5 minutes ago". */
export type AppFormats = Formats & {
  number(value: number): string;
  relative(iso: string): string;
};

export function createAppFormats(locale: string, now: () => Date): AppFormats {
  const numbers = new Intl.NumberFormat(locale);
  return {
    ...createFormats(locale),
    number: (value) => numbers.format(value),
    relative: (iso) => relativeTime(iso, now(), locale),
  };
}

/** The console's and the web app's formats (the shell provides them with the language). */
export const AppFormatsContext = createContext<AppFormats>(createAppFormats('en-US', () => new Date()));
export const useAppFormats = () => useContext(AppFormatsContext);
