// The console's pages as hash routes (#/overview …): links work, reload keeps the page,
// and the server serves one file at /console.
import { useCallback, useSyncExternalStore } from 'react';

export const PAGES = ['overview', 'deployment', 'settings', 'audit'] as const;
export type Page = (typeof PAGES)[number];
/** `connect` is the onboarding page: open to anyone, before any sign-in. */
export type ConsoleRoute = Page | 'connect';

export function routeOf(hash: string): ConsoleRoute {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return name === 'connect' || (PAGES as readonly string[]).includes(name) ? (name as ConsoleRoute) : 'overview';
}

export const hrefOf = (route: ConsoleRoute) => `#/${route}`;

function subscribe(notify: () => void) {
  window.addEventListener('hashchange', notify);
  return () => window.removeEventListener('hashchange', notify);
}

/** The query of the hash route (`#/connect?result=…` → `result=…`), kept current. */
export function useHashQuery(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash.split('?')[1] ?? '');
}

export function useHashRoute(): [ConsoleRoute, (route: ConsoleRoute) => void] {
  const route = useSyncExternalStore(subscribe, () => routeOf(window.location.hash));
  const navigate = useCallback((next: ConsoleRoute) => {
    window.location.hash = hrefOf(next);
  }, []);
  return [route, navigate];
}
