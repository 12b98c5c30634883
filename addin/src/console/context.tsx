// What every page of the console reaches for: the signed-in API, the locale's formats.
import { createContext, useContext } from 'react';
import { useAppFormats, type AppFormats } from '../i18n/format.ts';
import type { ConsoleApi } from './api.ts';

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
export type ConsoleFormats = AppFormats;
export const useConsoleFormats = useAppFormats;
