// A note or a follow-up task for the contact, from the card.
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { contact, fixedApi, knownLookup, note as fakeNote } from '../../test/fakes.ts';
import { renderCard } from '../../test/render.tsx';

const nino = contact('Nino Kapanadze', 'nino@fabrikam.example');

const note = (i: number) => fakeNote(i, nino);

afterEach(cleanup);

describe('quick actions', () => {
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
    await renderCard(api);
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
});
