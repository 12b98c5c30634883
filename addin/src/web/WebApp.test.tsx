// The web app's shell over its real API client (openapi-fetch with the sign-in's token)
// against a stand-in server: the dev sign-in, who is signed in, the pages behind the
// tabs following the URL's hash, a member let in, a refused token renewed, a record
// opened from its address, a page that cannot load its record saying so, Persian right
// to left.
import { QueryClient } from '@tanstack/react-query';
import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TokenSource } from '../api/auth.ts';
import type { Me } from '../api/schema.d.ts';
import { pickLocale } from '../i18n/index.ts';
import { memoryStorage } from '../test/console-fakes.tsx';
import { contact } from '../test/fakes.ts';
import { createWebSession } from './context.tsx';
import { startWebI18n } from './i18n.ts';
import { WEB_SESSION_EMAIL_KEY, WebRoot } from './WebApp.tsx';

const ORIGIN = 'https://crm.example.com';
const ALICE: Me = {
  id: 'u-alice',
  email: 'alice@contoso.example',
  displayName: 'Alice Larsson',
  role: 'admin',
  tenant: { id: 't-1', slug: 'demo', name: 'Contoso', domains: ['contoso.example'] },
};
const BOB: Me = { ...ALICE, id: 'u-bob', email: 'bob@contoso.example', displayName: 'Bob Beridze', role: 'member' };
const CONTACT_ID = '5b0c1f6e-3a52-4c1e-9d8e-1f2a3b4c5d6e';

/** Hands out t1, t2… for the address signed in, and counts forget(). */
function tokensFor(email: string) {
  let issued = 0;
  let current: string | null = null;
  const source = {
    email,
    forgotten: 0,
    async token() {
      current ??= `t${++issued}`;
      return current;
    },
    forget() {
      source.forgotten++;
      current = null;
    },
  } satisfies TokenSource & { forgotten: number; email: string };
  return source;
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status < 400 ? 'application/json' : 'application/problem+json' },
  });

type Seen = { path: string; authorization: string | null };

/** The collections the pages list: each answers one empty page. */
const COLLECTIONS = /^\/api\/v1\/(contacts|companies|deals|tasks|segments|users|pipelines|contacts\/[^/]+\/timeline)$/;

/**
 * A stand-in of the server: GET /me for the token's user, one contact, an empty page
 * for every list a page asks for, 404 for the rest; `refuse` tokens answer 401.
 */
function standInServer(options: { people?: Record<string, Me>; refuse?: string[] } = {}) {
  const seen: Seen[] = [];
  let signedIn: Me = ALICE;
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input: Request | URL | string, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const authorization = request.headers.get('authorization');
    seen.push({ path: url.pathname, authorization });
    if (options.refuse?.includes(authorization?.replace('Bearer ', '') ?? '')) {
      return json({ title: 'Unauthorized', status: 401, code: 'UNAUTHENTICATED' }, 401);
    }
    if (url.pathname === '/api/v1/me') return json(signedIn);
    if (url.pathname === `/api/v1/contacts/${CONTACT_ID}`) {
      return json({ ...contact('Nino <b>Beridze</b>', 'nino@fabrikam.example'), id: CONTACT_ID });
    }
    if (request.method === 'GET' && COLLECTIONS.test(url.pathname)) return json({ items: [], nextCursor: null });
    return json({ title: 'Not found', status: 404, code: 'CONTACT_NOT_FOUND', detail: 'No such contact' }, 404);
  });
  return {
    seen,
    signInAs(email: string) {
      signedIn = options.people?.[email] ?? ALICE;
    },
  };
}

async function renderWeb(options: { hash?: string; language?: string; remembered?: string; refuse?: string[] } = {}) {
  window.location.hash = options.hash ?? '';
  const server = standInServer({ people: { [BOB.email]: BOB }, refuse: options.refuse ?? [] });
  const locale = pickLocale(options.language ?? 'en-US');
  const i18n = await startWebI18n(locale);
  const session = memoryStorage(options.remembered ? { [WEB_SESSION_EMAIL_KEY]: options.remembered } : {});
  const sources: ReturnType<typeof tokensFor>[] = [];
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const languages: string[] = [];
  render(
    <WebRoot
      locale={locale}
      i18n={i18n}
      loadAuthConfig={async () => ({ mode: 'dev' })}
      openSession={(_config, email = ALICE.email) => {
        const source = tokensFor(email);
        sources.push(source);
        server.signInAs(email);
        return createWebSession(ORIGIN, source);
      }}
      session={session}
      browser={{ now: () => new Date('2026-11-30T08:00:00Z'), saveLanguage: (language) => languages.push(language) }}
      queryClient={queryClient}
    />,
  );
  return { server, session, sources, languages };
}

const heading = (name: string) => screen.findByRole('heading', { name, level: 2 });

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  window.location.hash = '';
});

describe('the web app', () => {
  it('signs in with the address typed, says who is signed in, and remembers it for the tab', async () => {
    const { session, server } = await renderWeb();
    const email = await screen.findByLabelText(/Email address/);
    expect((email as HTMLInputElement).value).toBe('alice@contoso.example');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await heading('Contacts')).toBeTruthy();
    expect(screen.getByTestId('signed-in-as').textContent).toBe(
      'Signed in as Alice Larsson (alice@contoso.example), Contoso',
    );
    expect(session.values.get(WEB_SESSION_EMAIL_KEY)).toBe('alice@contoso.example');
    expect(server.seen.every((call) => call.authorization === 'Bearer t1')).toBe(true);

    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(session.values.has(WEB_SESSION_EMAIL_KEY)).toBe(false);
    expect(screen.queryByRole('tablist')).toBeNull();
  });

  it('shows the page the hash names, follows the hash, and puts the tab chosen in the hash', async () => {
    await renderWeb({ remembered: ALICE.email, hash: '#/deals' });
    expect(await heading('Deals')).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Deals' }).getAttribute('aria-selected')).toBe('true');

    await act(async () => {
      window.location.hash = '#/tasks';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    expect(await heading('My tasks')).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Tasks' }).getAttribute('aria-selected')).toBe('true');

    // The keyboard: Enter opens the focused tab (arrows between tabs need layout: the e2e walks them).
    screen.getByRole('tab', { name: 'Import' }).focus();
    await userEvent.keyboard('{Enter}');
    expect(await heading('Import')).toBeTruthy();
    expect(window.location.hash).toBe('#/import');
    await userEvent.click(screen.getByRole('tab', { name: 'Dashboard' }));
    expect(await heading('Dashboard')).toBeTruthy();
    expect(window.location.hash).toBe('#/dashboard');
  });

  it('lets a member in: the web app is for everyone in the organisation', async () => {
    await renderWeb({ remembered: BOB.email });
    expect(await heading('Contacts')).toBeTruthy();
    expect(screen.getByTestId('signed-in-as').textContent).toContain('Bob Beridze');
    expect(screen.getAllByRole('tab')).toHaveLength(6);
    expect(screen.queryByTestId('not-admin')).toBeNull();
  });

  it('renews a refused token and carries on signed in', async () => {
    const { server, sources } = await renderWeb({ remembered: ALICE.email, refuse: ['t1'] });
    expect(await heading('Contacts')).toBeTruthy();
    expect(screen.getByTestId('signed-in-as').textContent).toContain('Alice Larsson');
    expect(sources[0]!.forgotten).toBe(1);
    // The refused token once, then the fresh one for everything: /me again, and the page's lists.
    const [first, ...rest] = server.seen;
    expect(first).toEqual({ path: '/api/v1/me', authorization: 'Bearer t1' });
    expect(rest[0]).toEqual({ path: '/api/v1/me', authorization: 'Bearer t2' });
    expect(rest.every((call) => call.authorization === 'Bearer t2')).toBe(true);
  });

  it('says the user is signed out when the fresh token is refused too', async () => {
    await renderWeb({ remembered: ALICE.email, refuse: ['t1', 't2'] });
    const problem = await screen.findByTestId('problem');
    expect(problem.textContent).toContain("You're signed out. Sign in again.");
    expect(screen.queryByRole('tablist')).toBeNull();
  });

  it('opens the record its address names, its name as text', async () => {
    await renderWeb({ remembered: ALICE.email, hash: `#/contacts/${CONTACT_ID}` });
    const name = await screen.findByTestId('record-name');
    expect(name.textContent).toBe('Nino <b>Beridze</b>');
    expect(name.querySelector('b')).toBeNull();
  });

  it('shows what the server said when the record is not there', async () => {
    await renderWeb({ remembered: ALICE.email, hash: '#/contacts/missing' });
    const problem = await screen.findByTestId('problem');
    expect(problem.getAttribute('data-code')).toBe('CONTACT_NOT_FOUND');
    expect(problem.textContent).toContain('No such contact');
    // The tabs stay: the problem is the page's, not the app's.
    expect(screen.getAllByRole('tab')).toHaveLength(6);
  });

  it('reads right to left in Persian, and changes language in place', async () => {
    const { languages } = await renderWeb({ remembered: ALICE.email, language: 'fa-IR' });
    expect(await heading('مخاطبان')).toBeTruthy();
    expect(screen.getByRole('navigation').getAttribute('aria-label')).toBe('بخش‌های CRM');
    expect(screen.getByRole('tablist').closest('[dir]')?.getAttribute('dir')).toBe('rtl');

    await userEvent.selectOptions(screen.getByTestId('language-picker'), 'sv');
    expect(await heading('Kontakter')).toBeTruthy();
    expect(screen.getByRole('tablist').closest('[dir]')?.getAttribute('dir')).toBe('ltr');
    expect(languages).toEqual(['sv']);
  });
});
