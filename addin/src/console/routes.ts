// The console's pages as hash routes (#/overview …): links work, reload keeps the page,
// and the server serves one file at /console. The hash itself is the shell's store.
import { useCallback } from 'react';
import { goToHash, hashQuery, hashSegments, useHash } from '../shell/index.ts';

export const PAGES = ['overview', 'deployment', 'settings', 'audit'] as const;
export type Page = (typeof PAGES)[number];
/** `connect` is the onboarding page: open to anyone, before any sign-in. */
export type ConsoleRoute = Page | 'connect';

export function routeOf(hash: string): ConsoleRoute {
  const name = hashSegments(hash)[0] ?? '';
  return name === 'connect' || (PAGES as readonly string[]).includes(name) ? (name as ConsoleRoute) : 'overview';
}

export const hrefOf = (route: ConsoleRoute) => `#/${route}`;

/** The query of the hash route (`#/connect?result=…` → `result=…`), kept current. */
export function useHashQuery(): string {
  return hashQuery(useHash());
}

export function useHashRoute(): [ConsoleRoute, (route: ConsoleRoute) => void] {
  const route = routeOf(useHash());
  const navigate = useCallback((next: ConsoleRoute) => goToHash(hrefOf(next)), []);
  return [route, navigate];
}
