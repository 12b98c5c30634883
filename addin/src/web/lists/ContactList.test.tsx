// The contact list in jsdom against a fake server (the real openapi-fetch client with a
// fetch that answers from fixed data and records every request): what the user does
// in the filter bar, the headers and the saved views becomes the API's query string
// and the route's hash; rows link to their records; empty and error states show.
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import createClient from 'openapi-fetch';
import { I18nextProvider } from 'react-i18next';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Api } from '../../api/client.ts';
import type { components, Me, paths } from '../../api/schema.d.ts';
import { pickLocale } from '../../i18n/index.ts';
import { CompanyList } from '../companies/CompanyList.tsx';
import { ContactList } from '../contacts/ContactList.tsx';
import { WebProviders } from '../context.tsx';
import { startWebI18n } from '../i18n.ts';

type Contact = components['schemas']['Contact'];
type Segment = components['schemas']['Segment'];

const ME: Me = {
  id: '00000000-0000-4000-8000-000000000001',
  email: 'alice@contoso.example',
  displayName: 'Alice Larsson',
  role: 'member',
  tenant: { id: 't', slug: 'demo', name: 'Contoso', domains: ['contoso.example'] },
};
const BOB = '00000000-0000-4000-8000-000000000002';
const STAGE = '00000000-0000-4000-8000-0000000000a1';
const VIEW = '00000000-0000-4000-8000-0000000000b1';

const contact = (i: number, extra: Partial<Contact> = {}): Contact => ({
  id: `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`,
  name: `Person ${i}`,
  title: null,
  phone: null,
  emails: [`p${i}@fabrikam.example`],
  company: { id: '00000000-0000-4000-8000-0000000000c1', name: 'Fabrikam' },
  owner: { id: ME.id, displayName: ME.displayName, email: ME.email },
  tags: i % 2 ? ['vip'] : [],
  lastContactedAt: i % 3 ? '2026-11-01T10:00:00.000Z' : null,
  createdAt: '2026-10-01T10:00:00.000Z',
  updatedAt: '2026-10-01T10:00:00.000Z',
  ...extra,
});

const savedView: Segment = {
  id: VIEW,
  name: 'Quiet VIPs',
  entity: 'contact',
  // A company too, as the API may save one: the list has no field for it.
  filter: { tags: ['vip'], noContactDays: 90, companyId: '0190a000-0000-7000-8000-0000000000c1' },
  sort: 'lastContactedAt',
  order: 'desc',
  owner: { id: ME.id, displayName: ME.displayName, email: ME.email },
  shared: true,
  editable: true,
  createdAt: '2026-10-01T10:00:00.000Z',
  updatedAt: '2026-10-01T10:00:00.000Z',
};

type Seen = { method: string; url: URL; body: unknown };
let seen: Seen[];
/** What GET /contacts answers, given the request's query. */
let contactsAnswer: (query: URLSearchParams) => { status: number; body: unknown };

function fakeFetch(request: Request): Promise<Response> {
  return (async () => {
    const url = new URL(request.url);
    const body: unknown = request.method === 'GET' ? undefined : await request.json().catch(() => undefined);
    seen.push({ method: request.method, url, body });
    const json = (status: number, data: unknown) =>
      new Response(status === 204 ? null : JSON.stringify(data), {
        status,
        headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
      });
    const route = `${request.method} ${url.pathname}`;
    if (route === 'GET /api/v1/contacts') {
      const answer = contactsAnswer(url.searchParams);
      return json(answer.status, answer.body);
    }
    if (route === 'GET /api/v1/companies') return json(200, { items: [], nextCursor: null });
    if (route === 'GET /api/v1/tags') {
      const q = (url.searchParams.get('q') ?? '').toLowerCase();
      const inUse = [
        { tag: 'vip', count: 12 },
        { tag: 'eu', count: 7 },
        { tag: 'VIP-lounge', count: 2 },
      ];
      return json(200, { items: inUse.filter((t) => t.tag.toLowerCase().startsWith(q)) });
    }
    if (route === 'GET /api/v1/segments') return json(200, { items: [savedView] });
    if (route === 'POST /api/v1/segments')
      return json(201, { ...savedView, ...(body as object), id: VIEW.replace('b1', 'b2') });
    if (route === `DELETE /api/v1/segments/${VIEW}`) return json(204, null);
    if (route === `PATCH /api/v1/segments/${VIEW}`) return json(200, { ...savedView, ...(body as object) });
    if (route === 'GET /api/v1/users') {
      return json(200, {
        items: [
          { id: ME.id, email: ME.email, displayName: ME.displayName, role: 'member', syncEnabled: true, createdAt: '' },
          {
            id: BOB,
            email: 'bob@contoso.example',
            displayName: 'Bob Berg',
            role: 'member',
            syncEnabled: true,
            createdAt: '',
          },
        ],
      });
    }
    if (route === 'GET /api/v1/pipelines') {
      const stage = (id: string, name: string, position: number, won = false, lost = false) => ({
        id,
        name,
        position,
        probability: 10,
        isWon: won,
        isLost: lost,
      });
      return json(200, {
        items: [
          {
            id: 'p1',
            name: 'Sales',
            isDefault: true,
            stages: [stage(STAGE, 'Qualified', 1), stage('won', 'Won', 2, true), stage('lost', 'Lost', 3, false, true)],
          },
        ],
      });
    }
    return json(404, { title: 'Not found', status: 404 });
  })();
}

async function renderList(which: 'contacts' | 'companies' = 'contacts', language = 'en') {
  const locale = pickLocale(language);
  const i18n = await startWebI18n(locale);
  const client = createClient<paths>({ baseUrl: 'http://crm.test', fetch: fakeFetch });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <I18nextProvider i18n={i18n}>
        <FluentProvider theme={webLightTheme} dir={locale.dir}>
          <WebProviders session={{ client, api: {} as Api }} me={ME}>
            {which === 'contacts' ? <ContactList /> : <CompanyList />}
          </WebProviders>
        </FluentProvider>
      </I18nextProvider>
    </QueryClientProvider>,
  );
}

const contactRequests = () => seen.filter((r) => r.method === 'GET' && r.url.pathname === '/api/v1/contacts');
const lastQuery = () => contactRequests().at(-1)!.url.searchParams;

// jsdom lays nothing out: give every element the size of a screenful (the row
// virtualiser reads its scroller's client size), restored after this file.
const layout = { clientHeight: 704, clientWidth: 1000 };
const ownDescriptors = Object.keys(layout).map(
  (key) => [key, Object.getOwnPropertyDescriptor(HTMLElement.prototype, key)] as const,
);
beforeAll(() => {
  for (const [key, value] of Object.entries(layout)) {
    Object.defineProperty(HTMLElement.prototype, key, { configurable: true, get: () => value });
  }
});
afterAll(() => {
  for (const [key, descriptor] of ownDescriptors) {
    if (descriptor) Object.defineProperty(HTMLElement.prototype, key, descriptor);
    else Reflect.deleteProperty(HTMLElement.prototype, key);
  }
});

beforeEach(() => {
  seen = [];
  window.location.hash = '#/contacts';
  contactsAnswer = () => ({ status: 200, body: { items: [1, 2, 3].map((i) => contact(i)), nextCursor: null } });
});
afterEach(() => cleanup());

describe('the contact list', () => {
  it('shows each contact as a row whose name links to its record, with its tags, sorted by name', async () => {
    await renderList();
    const links = await screen.findAllByTestId('record-link');
    expect(links.map((a) => a.textContent)).toEqual(['Person 1', 'Person 2', 'Person 3']);
    expect(links[0]!.getAttribute('href')).toBe(`#/contacts/${contact(1).id}`);
    const first = screen.getAllByTestId('record-row')[0]!;
    expect(within(first).getByText('vip')).toBeTruthy();
    expect(within(first).getByText('p1@fabrikam.example')).toBeTruthy();
    expect(lastQuery().get('sort')).toBe('name');
    expect(lastQuery().get('order')).toBe('asc');
    const nameHeader = screen.getByRole('columnheader', { name: /Name/ });
    expect(nameHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(screen.getByRole('columnheader', { name: /Last contacted/ }).getAttribute('aria-sort')).toBe('none');
  });

  it('turns the filter bar into the query string and the hash: owner, tags, days, stage, and a debounced search', async () => {
    const user = userEvent.setup();
    await renderList();
    await screen.findAllByTestId('record-link');
    await user.selectOptions(screen.getByTestId('filter-owner'), 'me');
    await waitFor(() => expect(lastQuery().get('owner')).toBe('me'));
    await user.type(screen.getByTestId('filter-tag'), 'vip{Enter}');
    await user.type(screen.getByTestId('filter-tag'), 'eu{Enter}');
    await waitFor(() => expect(lastQuery().getAll('tag')).toEqual(['vip', 'eu']));
    await user.selectOptions(screen.getByTestId('filter-days'), '90');
    await waitFor(() => expect(lastQuery().get('noContactDays')).toBe('90'));
    // Only the open stages are offered.
    const stageOptions = within(screen.getByTestId('filter-stage'))
      .getAllByRole('option')
      .map((o) => o.textContent);
    expect(stageOptions).toEqual(['Any stage', 'Qualified']);
    await user.selectOptions(screen.getByTestId('filter-stage'), STAGE);
    await waitFor(() => expect(lastQuery().get('openDealStageId')).toBe(STAGE));

    const before = contactRequests().length;
    await user.type(screen.getByTestId('list-search'), 'ann');
    // One request once typing pauses, not one per key.
    await waitFor(() => expect(lastQuery().get('q')).toBe('ann'));
    expect(contactRequests().length - before).toBe(1);
    expect(new URLSearchParams(window.location.hash.split('?')[1])).toEqual(
      new URLSearchParams(`q=ann&tag=vip&tag=eu&owner=me&days=90&stage=${STAGE}`),
    );

    // Removing a tag and clearing the filters.
    await user.click(screen.getByRole('button', { name: /Remove tag vip/ }));
    await waitFor(() => expect(lastQuery().getAll('tag')).toEqual(['eu']));
    await user.click(screen.getByTestId('clear-filters'));
    await waitFor(() => expect([...lastQuery().keys()].sort()).toEqual(['limit', 'order', 'sort']));
  });

  it('offers the tags in use as one types in the tag box, without those already filtered on', async () => {
    const user = userEvent.setup();
    await renderList();
    await screen.findAllByTestId('record-link');
    const box = screen.getByTestId('filter-tag');
    const offered = () =>
      [...screen.getByTestId('tag-suggestions').querySelectorAll('option')].map((o) => o.getAttribute('value'));
    expect(box.getAttribute('list')).toBe(screen.getByTestId('tag-suggestions').id);
    await waitFor(() => expect(offered()).toEqual(['vip', 'eu', 'VIP-lounge']));
    await user.type(box, 'vi');
    await waitFor(() => expect(offered()).toEqual(['vip', 'VIP-lounge']));
    const asked = seen.filter((r) => r.url.pathname === '/api/v1/tags').map((r) => r.url.searchParams.toString());
    expect(asked).toContain('entity=contact&q=vi');
    await user.type(box, 'p{Enter}');
    await waitFor(() => expect(lastQuery().getAll('tag')).toEqual(['vip']));
    await waitFor(() => expect(offered()).toEqual(['eu', 'VIP-lounge']));
  });

  it('sorts by a column header, toggling the order, with aria-sort telling which', async () => {
    const user = userEvent.setup();
    await renderList();
    await screen.findAllByTestId('record-link');
    await user.click(screen.getByRole('button', { name: /Last contacted/ }));
    await waitFor(() => expect(lastQuery().get('sort')).toBe('lastContactedAt'));
    expect(lastQuery().get('order')).toBe('desc');
    const header = screen.getByRole('columnheader', { name: /Last contacted/ });
    await waitFor(() => expect(header.getAttribute('aria-sort')).toBe('descending'));
    expect(screen.getByRole('columnheader', { name: /Name/ }).getAttribute('aria-sort')).toBe('none');
    await user.click(screen.getByRole('button', { name: /Last contacted/ }));
    await waitFor(() => expect(lastQuery().get('order')).toBe('asc'));
    expect(window.location.hash).toBe('#/contacts?sort=lastContactedAt');
  });

  it('applies a saved view: its filters and sort in the bar and the request', async () => {
    const user = userEvent.setup();
    await renderList();
    await screen.findAllByTestId('record-link');
    await user.selectOptions(await screen.findByTestId('saved-views'), VIEW);
    await waitFor(() => expect(lastQuery().get('sort')).toBe('lastContactedAt'));
    expect(lastQuery().get('order')).toBe('desc');
    expect(lastQuery().getAll('tag')).toEqual(['vip']);
    expect(lastQuery().get('noContactDays')).toBe('90');
    expect(screen.getByTestId<HTMLSelectElement>('filter-days').value).toBe('90');
    expect(screen.getAllByTestId('applied-tag').map((t) => t.textContent)).toEqual(['vip']);
    expect(window.location.hash).toContain(`view=${VIEW}`);
    // The view is the user's: it may be deleted.
    await user.click(screen.getByTestId('delete-view'));
    await user.click(await screen.findByTestId('view-delete'));
    await waitFor(() => expect(seen.some((r) => r.method === 'DELETE')).toBe(true));
    await waitFor(() => expect(window.location.hash).not.toContain('view='));
  });

  it('offers to update the applied view once its filters change, and sends the new ones', async () => {
    const user = userEvent.setup();
    await renderList();
    await screen.findAllByTestId('record-link');
    await user.selectOptions(await screen.findByTestId('saved-views'), VIEW);
    await waitFor(() => expect(lastQuery().get('sort')).toBe('lastContactedAt'));
    // As the view has them: nothing to update.
    expect(screen.queryByTestId('update-view')).toBeNull();
    await user.selectOptions(screen.getByTestId('filter-days'), '30');
    await user.click(await screen.findByRole('button', { name: 'Update view' }));
    await waitFor(() => expect(seen.some((r) => r.method === 'PATCH')).toBe(true));
    expect(seen.find((r) => r.method === 'PATCH')!.body).toEqual({
      // The view's company kept.
      filter: { tags: ['vip'], noContactDays: 30, companyId: '0190a000-0000-7000-8000-0000000000c1' },
      sort: 'lastContactedAt',
      order: 'desc',
    });
    // Still the view chosen, with the list's filters.
    expect(screen.getByTestId<HTMLSelectElement>('saved-views').value).toBe(VIEW);
    expect(lastQuery().get('noContactDays')).toBe('30');
  });

  it('saves the current filters and sort as a shared view', async () => {
    const user = userEvent.setup();
    window.location.hash = '#/contacts?tag=vip&owner=me&sort=createdAt&order=desc';
    await renderList();
    await screen.findAllByTestId('record-link');
    await user.click(screen.getByTestId('save-view'));
    await user.type(await screen.findByTestId('view-name'), 'My VIPs');
    await user.click(screen.getByTestId('view-shared'));
    await user.click(screen.getByTestId('view-save'));
    await waitFor(() => expect(seen.some((r) => r.method === 'POST')).toBe(true));
    expect(seen.find((r) => r.method === 'POST')!.body).toEqual({
      entity: 'contact',
      name: 'My VIPs',
      shared: true,
      filter: { tags: ['vip'], owner: 'me' },
      sort: 'createdAt',
      order: 'desc',
    });
  });

  it('asks for the next page by cursor as the end of the loaded rows comes into view', async () => {
    contactsAnswer = (query) =>
      query.get('cursor') === 'page-2'
        ? { status: 200, body: { items: [contact(99)], nextCursor: null } }
        : {
            status: 200,
            body: { items: Array.from({ length: 30 }, (_, i) => contact(i + 1)), nextCursor: 'page-2' },
          };
    await renderList();
    await waitFor(() =>
      expect(contactRequests().some((r) => r.url.searchParams.get('cursor') === 'page-2')).toBe(true),
    );
    // Only a window of the rows is in the DOM.
    expect(screen.getAllByTestId('record-row').length).toBeLessThan(31);
  });

  it('moves between rows with the arrow keys', async () => {
    await renderList();
    const links = await screen.findAllByTestId('record-link');
    links[0]!.focus();
    fireEvent.keyDown(links[0]!, { key: 'ArrowDown' });
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Person 2'));
  });

  it('says so when nothing matches the filters, and when there is nothing yet', async () => {
    contactsAnswer = () => ({ status: 200, body: { items: [], nextCursor: null } });
    window.location.hash = '#/contacts?tag=none-such';
    await renderList();
    expect((await screen.findByTestId('list-empty')).textContent).toBe('Nothing matches these filters.');
    cleanup();
    window.location.hash = '#/contacts';
    await renderList();
    expect((await screen.findByTestId('list-empty')).textContent).toBe('No contacts yet.');
  });

  it("shows the server's problem and retries", async () => {
    contactsAnswer = () => ({
      status: 400,
      body: {
        title: 'The request is not valid',
        status: 400,
        code: 'VALIDATION_FAILED',
        errors: [{ path: 'query.tag', message: 'too long' }],
      },
    });
    await renderList();
    expect(await screen.findByText(/query\.tag: too long/)).toBeTruthy();
    contactsAnswer = () => ({ status: 200, body: { items: [contact(7)], nextCursor: null } });
    await act(async () => {
      screen.getByRole('button', { name: /try again|retry/i }).click();
    });
    expect((await screen.findAllByTestId('record-link')).map((a) => a.textContent)).toEqual(['Person 7']);
  });

  it('is laid out right to left in Persian, with its strings translated', async () => {
    await renderList('contacts', 'fa');
    expect(await screen.findByRole('heading', { name: 'مخاطبان' })).toBeTruthy();
    expect(await screen.findByRole('columnheader', { name: /نام/ })).toBeTruthy();
    expect(document.querySelector('[dir="rtl"]')).toBeTruthy();
  });
});

describe('the company list', () => {
  it('never asks companies for a sort by last contact (a contact view’s hash)', async () => {
    window.location.hash = '#/companies?sort=lastContactedAt&tag=vip';
    await renderList('companies');
    expect(await screen.findByTestId('list-empty')).toBeTruthy();
    const request = seen.find((r) => r.url.pathname === '/api/v1/companies')!;
    expect(request.url.searchParams.get('sort')).toBe('name');
    expect(request.url.searchParams.getAll('tag')).toEqual(['vip']);
    expect(screen.queryByRole('columnheader', { name: /Last contacted/ })).toBeNull();
  });
});
