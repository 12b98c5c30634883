// The URL's hash as React state: the console's and the web app's pages are hash routes
// (#/page/id?query), so links work, a reload keeps the page, and the server serves one
// file per app. Both read the hash through this one store.
import { useSyncExternalStore } from 'react';

function subscribe(notify: () => void) {
  window.addEventListener('hashchange', notify);
  return () => window.removeEventListener('hashchange', notify);
}

/** The hash (`#/contacts/42?tab=x`), kept current. */
export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}

/** The path of a hash route as its segments, decoded: `#/contacts/a%20b?x` → ['contacts', 'a b']. */
export function hashSegments(hash: string): string[] {
  const path = hash.replace(/^#\/?/, '').split('?')[0] ?? '';
  return path
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
}

/** The query of a hash route (`#/connect?result=…` → `result=…`). */
export const hashQuery = (hash: string): string => hash.split('?')[1] ?? '';

/** Opens a hash route (the browser adds it to the history; hashchange tells every reader). */
export function goToHash(href: string): void {
  window.location.hash = href;
}
