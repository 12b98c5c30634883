// Test doubles for the web app's record pages and tasks: a fake server behind the
// app's real openapi-fetch client (routes answered by handlers, every request
// recorded with its body), and a render of a page inside the providers the shell
// gives it, signed in as the demo admin.
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render } from '@testing-library/react';
import createClient from 'openapi-fetch';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { afterEach } from 'vitest';
import type { Contact, Company, Me, paths, Task, TimelineItem, User } from '../api/schema.d.ts';
import { AppFormatsContext, createAppFormats } from '../i18n/app-formats.ts';
import { FormatsContext } from '../i18n/format.ts';
import { pickLocale } from '../i18n/index.ts';
import { WebProviders } from '../web/context.tsx';
import { startWebI18n } from '../web/i18n.ts';
import { fixedApi } from './fakes.ts';

// Every test file that renders with renderWeb starts each test on an empty page.
afterEach(cleanup);

export const ORIGIN = 'https://crm.test';

export const ALICE = {
  id: '0190a000-0000-7000-8000-00000000a11c',
  displayName: 'Alice Larsson',
  email: 'alice@contoso.example',
};
export const BOB = {
  id: '0190a000-0000-7000-8000-000000000b0b',
  displayName: 'Bob Beridze',
  email: 'bob@contoso.example',
};

export const ME: Me = {
  ...ALICE,
  role: 'admin',
  tenant: { id: '0190a000-0000-7000-8000-0000000000t1', slug: 'demo', name: 'Contoso', domains: ['contoso.example'] },
};

export const USERS = [ALICE, BOB].map((u): User => ({
  ...u,
  role: 'member',
  syncEnabled: true,
  createdAt: '2026-01-01T00:00:00.000Z',
}));

const T = '2026-11-01T10:00:00.000Z';

export const FABRIKAM: Company = {
  id: '0190a000-0000-7000-8000-0000000000c1',
  name: 'Fabrikam',
  domains: ['fabrikam.example'],
  owner: ALICE,
  tags: [],
  createdAt: T,
  updatedAt: T,
};

export const NINO: Contact = {
  id: '0190a000-0000-7000-8000-000000000001',
  name: 'Nino Kapanadze',
  title: 'Head of Procurement',
  phone: '+995 32 200 1234',
  emails: ['nino@fabrikam.example'],
  company: { id: FABRIKAM.id, name: FABRIKAM.name },
  owner: ALICE,
  tags: ['decision-maker'],
  lastContactedAt: T,
  createdAt: T,
  updatedAt: T,
};

export function task(title: string, extra: Partial<Task> = {}): Task {
  return {
    id: `0190a000-0000-7000-8000-${title.replace(/\W/g, '').padEnd(12, '0').slice(0, 12)}`,
    title,
    dueAt: null,
    assignee: ALICE,
    createdBy: ALICE,
    contactId: null,
    contact: null,
    dealId: null,
    deal: null,
    done: false,
    doneAt: null,
    overdue: false,
    createdAt: T,
    ...extra,
  };
}

export type Sent = { method: string; path: string; query: URLSearchParams; body: unknown };
type Answer = { status?: number; body?: unknown };
/** A route's answer: by method and path pattern ("GET /api/v1/contacts/:id"). */
export type Handler = (request: Sent, params: Record<string, string>) => Answer | Promise<Answer>;

export function problem(status: number, code: string, detail: string, errors?: { path: string; message: string }[]) {
  return { status, body: { type: 'about:blank', title: detail, status, detail, code, ...(errors ? { errors } : {}) } };
}

/** A fetch that answers from handlers; a request no handler knows fails the test with a 501. */
export function fakeServer(handlers: Record<string, Handler>) {
  const sent: Sent[] = [];
  const routes = Object.entries(handlers).map(([key, handler]) => {
    const [method, pattern = ''] = key.split(' ');
    const names: string[] = [];
    const regex = new RegExp(
      `^${pattern.replace(/:(\w+)/g, (_m, name: string) => {
        names.push(name);
        return '([^/]+)';
      })}$`,
    );
    return { method, regex, names, handler };
  });
  const fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const text = request.method === 'GET' ? '' : await request.text();
    const entry: Sent = {
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      body: text ? JSON.parse(text) : undefined,
    };
    sent.push(entry);
    for (const route of routes) {
      const match = route.method === request.method ? route.regex.exec(url.pathname) : null;
      if (!match) continue;
      const params = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
      const answer = await route.handler(entry, params);
      const status = answer.status ?? 200;
      const type = status >= 400 ? 'application/problem+json' : 'application/json';
      return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
        status,
        headers: { 'content-type': type },
      });
    }
    return new Response(JSON.stringify({ title: `no fake for ${request.method} ${url.pathname}` }), { status: 501 });
  };
  return { fetch, sent };
}

/** The answer of a one-page list. */
export const page = <T,>(items: T[], nextCursor: string | null = null) => ({ body: { items, nextCursor } });

export async function renderWeb(
  ui: ReactNode,
  options: {
    handlers: Record<string, Handler>;
    language?: string;
    timeline?: TimelineItem[];
    me?: Me;
  },
) {
  const locale = pickLocale(options.language ?? 'en');
  const i18n = await startWebI18n(locale);
  const server = fakeServer(options.handlers);
  const client = createClient<paths>({ baseUrl: ORIGIN, fetch: server.fetch });
  const timelinePage = async () => ({ items: options.timeline ?? [], nextCursor: null });
  const { api, asked } = fixedApi({ lookups: {} }, { contactTimeline: timelinePage, companyTimeline: timelinePage });
  const queries = new QueryClient({
    defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false }, mutations: { retry: false } },
  });
  const formats = createAppFormats(locale.formatLocale, () => new Date());
  const view = render(
    <FluentProvider theme={webLightTheme} dir={locale.dir}>
      <QueryClientProvider client={queries}>
        <I18nextProvider i18n={i18n}>
          <FormatsContext.Provider value={formats}>
            <AppFormatsContext.Provider value={formats}>
              <WebProviders session={{ client, api }} me={options.me ?? ME}>
                {ui}
              </WebProviders>
            </AppFormatsContext.Provider>
          </FormatsContext.Provider>
        </I18nextProvider>
      </QueryClientProvider>
    </FluentProvider>,
  );
  return { ...view, sent: server.sent, asked, queries };
}
