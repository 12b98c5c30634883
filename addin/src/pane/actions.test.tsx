// What a salesperson does from the card: move a deal, open a new one, add a note
// or a follow-up task, read further back in the timeline.
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Api, Deal, Lookup, TimelineItem } from '../api/client.ts';
import { ApiError } from '../api/errors.ts';
import { pickLocale, startI18n } from '../i18n/index.ts';
import { createStandInMailbox } from '../office/stand-in.ts';
import { PaneProviders, createQueryClient } from '../state/context.tsx';
import { contact, deal, fixedApi, knownLookup } from '../test/fakes.ts';
import { App } from './App.tsx';

const me = { email: 'alice@contoso.example', name: 'Alice' };
const nino = contact('Nino Kapanadze', 'nino@fabrikam.example');
const stages = ['Lead', 'Qualified', 'Proposal', 'Negotiation', 'Won', 'Lost'].map((name, i) => ({
  id: `s-${i + 1}`,
  name,
  position: i + 1,
  probability: [10, 25, 50, 75, 100, 0][i]!,
  isWon: name === 'Won',
  isLost: name === 'Lost',
}));

function note(i: number): TimelineItem {
  return {
    id: `t-${i}`,
    kind: 'note',
    occurredAt: '2026-11-01T10:00:00.000Z',
    author: null,
    body: `Note number ${i}`,
    data: null,
    email: null,
    contactIds: [nino.id],
    companyIds: [],
    dealIds: [],
  };
}

async function renderPane(api: Api) {
  const mailbox = createStandInMailbox(
    [
      {
        label: 'a',
        item: {
          kind: 'message',
          internetMessageId: '<a@test>',
          subject: 'Hi',
          from: { email: 'nino@fabrikam.example', name: 'Nino' },
          to: [me],
          cc: [],
          sentAt: '2026-11-20T08:00:00.000Z',
          conversationId: null,
        },
      },
    ],
    { user: me, displayLanguage: 'en-US' },
  );
  const i18n = await startI18n(pickLocale('en-US'));
  render(
    <PaneProviders api={api} mailbox={mailbox} i18n={i18n} formatLocale="en-US" queryClient={createQueryClient()}>
      <App dir="ltr" />
    </PaneProviders>,
  );
  await screen.findByTestId('contact-card');
}

afterEach(cleanup);

describe('from the card', () => {
  it("moves a deal to another of its pipeline's stages, and shows where it now stands", async () => {
    let current: Deal = deal('Renewal');
    const moves: unknown[] = [];
    const { api } = fixedApi(
      { lookups: {} },
      {
        lookup: async () => knownLookup(nino, [current]),
        pipelines: async () => [{ id: 'p-1', name: 'Sales', isDefault: true, stages }],
        moveDeal: async (id, stageId) => {
          moves.push([id, stageId]);
          const stage = stages.find((s) => s.id === stageId)!;
          current = { ...current, stage: { ...stage, stageCount: 6 } };
          return current;
        },
      },
    );
    await renderPane(api);
    const picker = await screen.findByRole('combobox', { name: 'Move to stage' });
    await waitFor(() => expect(within(picker).getAllByRole('option')).toHaveLength(6));
    await userEvent.selectOptions(picker, 's-4');
    await screen.findByRole('img', { name: 'Stage 4 of 6: Negotiation' });
    expect(screen.getByText('75% win probability')).toBeTruthy();
    expect(moves).toEqual([['d-Renewal', 's-4']]);
  });

  it('says so when a move is refused, and keeps the deal where it was', async () => {
    const { api } = fixedApi(
      { lookups: { 'nino@fabrikam.example': knownLookup(nino, [deal('Renewal')]) } },
      {
        pipelines: async () => [{ id: 'p-1', name: 'Sales', isDefault: true, stages }],
        moveDeal: async () => {
          throw new ApiError('notFound', 404, 'STAGE_NOT_FOUND');
        },
      },
    );
    await renderPane(api);
    const picker = await screen.findByRole('combobox', { name: 'Move to stage' });
    await waitFor(() => expect(within(picker).getAllByRole('option')).toHaveLength(6));
    await userEvent.selectOptions(picker, 's-5');
    expect((await screen.findByTestId('error')).textContent).toContain('This record no longer exists.');
    expect((picker as HTMLSelectElement).value).toBe('s-3'); // the picker goes back to where the deal is
    expect(screen.getByRole('img', { name: 'Stage 3 of 6: Proposal' })).toBeTruthy();
  });

  it('creates a deal for the contact and their company', async () => {
    const created: unknown[] = [];
    let deals: Deal[] = [];
    const { api } = fixedApi(
      { lookups: {} },
      {
        lookup: async () => ({ ...knownLookup(nino, deals), company: companyOf() }),
        createDeal: async (input) => {
          created.push(input);
          deals = [deal(input.name, { value: '1200.00', currency: input.currency })];
          return deals[0]!;
        },
      },
    );
    await renderPane(api);
    expect(screen.getByText('No open deals')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'New deal' }));
    await userEvent.type(await screen.findByLabelText(/^Deal name/), 'Extra seats');
    await userEvent.type(screen.getByLabelText('Value'), '1200');
    await userEvent.selectOptions(screen.getByLabelText('Currency'), 'SEK');
    await userEvent.click(screen.getByRole('button', { name: 'Create deal' }));
    expect(await screen.findByTestId('deal')).toHaveProperty('textContent', expect.stringContaining('Extra seats'));
    expect(created).toEqual([
      { name: 'Extra seats', value: '1200', currency: 'SEK', contactIds: [nino.id], companyId: 'co-1' },
    ]);
  });

  it('adds a note, and a follow-up task due on the chosen day', async () => {
    const notes: unknown[] = [];
    const tasks: { title: string; dueAt?: string | null }[] = [];
    const { api } = fixedApi(
      { lookups: { 'nino@fabrikam.example': knownLookup(nino) } },
      {
        addNote: async (input) => {
          notes.push(input);
          return note(1);
        },
        addTask: async (input) => {
          tasks.push(input);
          return {} as never;
        },
      },
    );
    await renderPane(api);
    await userEvent.click(screen.getByRole('button', { name: 'Add note' }));
    await userEvent.type(await screen.findByLabelText(/^Note/), 'Wants a demo for the board');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByTestId('action-done')).textContent).toBe('Note added');
    expect(notes).toEqual([{ kind: 'note', body: 'Wants a demo for the board', contactId: nino.id }]);

    await userEvent.click(screen.getByRole('button', { name: 'Add follow-up task' }));
    await userEvent.type(await screen.findByLabelText(/^Task/), 'Send the quote');
    await userEvent.type(screen.getByLabelText('Due date'), '2026-12-01');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByTestId('action-done')).textContent).toBe('Task added, due Dec 1');
    expect(tasks[0]!.title).toBe('Send the quote');
    expect(new Date(tasks[0]!.dueAt!).getDate()).toBe(1);
  });

  it('shows the last ten interactions, and more on request', async () => {
    const recent: Lookup = { ...knownLookup(nino), timeline: Array.from({ length: 10 }, (_, i) => note(i)) };
    const asked: (string | null)[] = [];
    const { api } = fixedApi(
      { lookups: { 'nino@fabrikam.example': recent } },
      {
        contactTimeline: async (_id, cursor) => {
          asked.push(cursor);
          return cursor
            ? { items: Array.from({ length: 5 }, (_, i) => note(20 + i)), nextCursor: null }
            : { items: Array.from({ length: 20 }, (_, i) => note(i)), nextCursor: 'page-2' };
        },
      },
    );
    await renderPane(api);
    expect(screen.getAllByTestId('timeline-item')).toHaveLength(10);
    await userEvent.click(screen.getByRole('button', { name: 'Show more' }));
    await waitFor(() => expect(screen.getAllByTestId('timeline-item')).toHaveLength(20));
    await userEvent.click(screen.getByRole('button', { name: 'Show more' }));
    await waitFor(() => expect(screen.getAllByTestId('timeline-item')).toHaveLength(25));
    expect(screen.queryByRole('button', { name: 'Show more' })).toBeNull();
    expect(asked).toEqual([null, 'page-2']);
  });
});

function companyOf() {
  return { id: 'co-1', name: 'Fabrikam', domains: ['fabrikam.example'], owner: null, createdAt: '', updatedAt: '' };
}
