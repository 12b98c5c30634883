// What every page of the console reaches for: the signed-in API, the locale's formats.
import { createContext, useContext } from 'react';
import { createFormats, type Formats } from '../i18n/format.ts';
import type { ConsoleApi } from './api.ts';
import { relativeTime } from './format.ts';

export const ConsoleApiContext = createContext<ConsoleApi | null>(null);

export function useConsoleApi(): ConsoleApi {
  const api = useContext(ConsoleApiContext);
  if (!api) throw new Error('useConsoleApi outside a signed-in console');
  return api;
}

/** The server's data as the console caches it. */
export const consoleKeys = {
  me: ['console', 'me'] as const,
  overview: ['console', 'overview'] as const,
  deployment: (host: string | null) => ['console', 'deployment', host] as const,
  pipelines: ['console', 'pipelines'] as const,
  syncSettings: ['console', 'sync', 'settings'] as const,
  syncStatus: ['console', 'sync', 'status'] as const,
  users: ['console', 'users'] as const,
  audit: (filters: object) => ['console', 'audit', filters] as const,
};

/** The pane's formats (dates, money, lists) plus what a health page needs: numbers and "5 minutes ago". */
export type ConsoleFormats = Formats & {
  number(value: number): string;
  relative(iso: string): string;
};

export function createConsoleFormats(locale: string, now: () => Date): ConsoleFormats {
  const numbers = new Intl.NumberFormat(locale);
  return {
    ...createFormats(locale),
    number: (value) => numbers.format(value),
    relative: (iso) => relativeTime(iso, now(), locale),
  };
}

export const ConsoleFormatsContext = createContext<ConsoleFormats>(createConsoleFormats('en-US', () => new Date()));
export const useConsoleFormats = () => useContext(ConsoleFormatsContext);
