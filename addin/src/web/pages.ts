// Each page of the web app is a chunk of its own, loaded when first opened: the
// default export of <feature>/<Name>Page.tsx, given the record id in the hash (null
// on the page's list).
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { PageProps, WebPage } from './routes.ts';

export type { PageProps } from './routes.ts';

export const PAGES: Record<WebPage, LazyExoticComponent<ComponentType<PageProps>>> = {
  contacts: lazy(() => import('./contacts/ContactsPage.tsx')),
  companies: lazy(() => import('./companies/CompaniesPage.tsx')),
  deals: lazy(() => import('./deals/DealsPage.tsx')),
  tasks: lazy(() => import('./tasks/TasksPage.tsx')),
  import: lazy(() => import('./import/ImportPage.tsx')),
  dashboard: lazy(() => import('./dashboard/DashboardPage.tsx')),
};
