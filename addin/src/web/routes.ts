// The web app's pages as hash routes: #/contacts, #/contacts/<id>, #/companies,
// #/companies/<id>, #/deals, #/tasks, #/import, #/dashboard (a page may carry a record's
// id). Links work, a reload keeps the page, and the server serves one file at /app.
import { useMemo } from 'react';
import { goToHash, hashQuery, hashSegments, useHash } from '../shell/index.ts';

export const WEB_PAGES = ['contacts', 'companies', 'deals', 'tasks', 'import', 'dashboard'] as const;
export type WebPage = (typeof WEB_PAGES)[number];
/** A page, and the record it shows (null: the page's list). */
export type WebRoute = { page: WebPage; id: string | null };

/** A page's props: the record id in the hash, null on the page's list. */
export type PageProps = { id: string | null };

/** The page /app opens on without a hash (or with one it does not know). */
export const HOME: WebPage = 'contacts';

const isWebPage = (name: string): name is WebPage => (WEB_PAGES as readonly string[]).includes(name);

export function routeOf(hash: string): WebRoute {
  const [name = '', id = null] = hashSegments(hash);
  return isWebPage(name) ? { page: name, id } : { page: HOME, id: null };
}

/** The link of a page or a record: `hrefOf({ page: 'contacts', id })` → `#/contacts/<id>`. */
export const hrefOf = ({ page, id }: { page: WebPage; id?: string | null }) =>
  id ? `#/${page}/${encodeURIComponent(id)}` : `#/${page}`;

/** Opens a page or a record (the browser's back button returns). */
export const navigate = (route: { page: WebPage; id?: string | null }) => goToHash(hrefOf(route));

/** The route in the URL's hash, kept current. */
export function useRoute(): WebRoute {
  const hash = useHash();
  const { page, id } = routeOf(hash);
  return useMemo(() => ({ page, id }), [page, id]);
}

/** The query of the hash route (`#/contacts?q=ann` → `q=ann`), kept current: a page's filters. */
export function useRouteQuery(): URLSearchParams {
  const query = hashQuery(useHash());
  return useMemo(() => new URLSearchParams(query), [query]);
}
