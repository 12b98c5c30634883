// A record's tasks: everyone's, with who each is for; a new one added for the contact
// (its day at the default hour); Reschedule offered only where the server allows it.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ALICE, BOB, ME, NINO, page, renderWeb, task, type Sent } from '../../test/record-fakes.tsx';
import { DEFAULT_DUE_HOUR } from '../tasks/task-dates.ts';
import { RecordTasks } from './RecordTasks.tsx';

const ALICES = task('Alice’s task', { assignee: ALICE, createdBy: ALICE, contactId: NINO.id });
const BOBS = task('Bob’s own task', { assignee: BOB, createdBy: BOB, contactId: NINO.id });

describe('a record’s tasks', () => {
  it('adds a task for the contact, due on the picked day, and asks for the list again', async () => {
    const user = userEvent.setup();
    let added: Sent | undefined;
    const { sent } = await renderWeb(<RecordTasks heading="Tasks" filter={{ contactId: NINO.id }} />, {
      handlers: {
        'GET /api/v1/tasks': () => page(added ? [ALICES, task('Call back')] : [ALICES]),
        'POST /api/v1/tasks': (request) => {
          added = request;
          return { status: 201, body: task('Call back') };
        },
      },
    });
    await screen.findByText('Alice’s task');
    const form = screen.getByTestId('add-task');
    await user.type(within(form).getByLabelText('Task', { exact: false }), '  Call back ');
    await user.type(within(form).getByLabelText('Due date (optional)'), '2031-03-12');
    await user.click(within(form).getByRole('button', { name: 'Add task' }));
    await waitFor(() => expect(added).toBeDefined());
    expect(added!.body).toEqual({
      title: 'Call back',
      dueAt: new Date(2031, 2, 12, DEFAULT_DUE_HOUR).toISOString(),
      contactId: NINO.id,
    });
    expect(await screen.findByText('Call back')).toBeTruthy();
    expect(sent.filter((r) => r.method === 'GET').map((r) => Object.fromEntries(r.query))[0]).toEqual({
      limit: '25',
      view: 'all',
      contactId: NINO.id,
    });
    expect(within(form).getByLabelText<HTMLInputElement>('Task', { exact: false }).value).toBe('');
  });

  it('offers a member Reschedule on their own tasks only, and completing on all', async () => {
    await renderWeb(<RecordTasks heading="Tasks" filter={{ contactId: NINO.id }} />, {
      me: { ...ME, ...ALICE, role: 'member' },
      handlers: { 'GET /api/v1/tasks': () => page([ALICES, BOBS]) },
    });
    const rows = await screen.findAllByTestId('task');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByRole('button', { name: 'Reschedule “Alice’s task”' })).toBeTruthy();
    expect(within(rows[1]!).queryByRole('button', { name: /Reschedule/ })).toBeNull();
    expect(within(rows[1]!).getByText('Assigned to Bob Beridze')).toBeTruthy();
    expect(within(rows[1]!).getByRole('checkbox', { name: 'Bob’s own task' })).toBeTruthy();
  });
});
