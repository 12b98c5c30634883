// The formats of the pages in a browser tab (console, web app): the pane's plus numbers
// and "5 minutes ago". A module of its own so none of it rides in the pane's chunks.
import { createContext, useContext } from 'react';
import { createFormats, type Formats } from './format.ts';
import { relativeTime } from './relative-time.ts';

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
