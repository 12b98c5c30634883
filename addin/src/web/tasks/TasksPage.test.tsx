// My tasks: four sections asked for with today's bounds in the browser's time zone;
// completing a task shows at once and is undone when the server refuses; rescheduling
// sends the picked day at the task's own time.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { NINO, page, problem, renderWeb, task, type Handler, type Sent } from '../../test/record-fakes.tsx';
import type { Task } from './queries.ts';
import TasksPage, { sectionQueries } from './TasksPage.tsx';

const OVERDUE = task('Call Karin', { dueAt: '2026-11-01T08:00:00.000Z', overdue: true });
const TODAY = task('Send revised proposal', {
  dueAt: new Date(new Date().setHours(15, 30, 0, 0)).toISOString(),
  contactId: NINO.id,
  contact: { id: NINO.id, name: NINO.name },
});
const UNDATED = task('Read the contract');

/** GET /tasks answers by section: which one is told by its query. */
function tasksBySection(sections: { overdue?: Task[]; today?: Task[]; upcoming?: Task[]; noDate?: Task[] }): Handler {
  return ({ query }) => {
    if (query.get('hasDueDate') === 'false') return page(sections.noDate ?? []);
    if (query.has('dueAfter') && query.has('dueBefore')) return page(sections.today ?? []);
    if (query.has('dueAfter')) return page(sections.upcoming ?? []);
    return page(sections.overdue ?? []);
  };
}

const taskGets = (sent: Sent[]) => sent.filter((r) => r.method === 'GET' && r.path === '/api/v1/tasks');

describe('sectionQueries', () => {
  it('bounds today by local midnights, so a task due late this evening here is today’s', () => {
    const now = new Date(2031, 2, 10, 15, 0);
    const q = sectionQueries(now);
    const midnight = new Date(2031, 2, 10).toISOString();
    const next = new Date(2031, 2, 11).toISOString();
    expect(q).toEqual({
      overdue: { dueBefore: midnight },
      today: { dueAfter: midnight, dueBefore: next },
      upcoming: { dueAfter: next },
      noDate: { hasDueDate: 'false' },
    });
    const lateEvening = new Date(2031, 2, 10, 23, 45);
    expect(lateEvening >= new Date(midnight) && lateEvening < new Date(next)).toBe(true);
  });
});

describe('My tasks', () => {
  it('asks for the four sections and shows each task in its own', async () => {
    const { sent } = await renderWeb(<TasksPage id={null} />, {
      handlers: {
        'GET /api/v1/tasks': tasksBySection({ overdue: [OVERDUE], today: [TODAY], noDate: [UNDATED] }),
      },
    });
    const today = await screen.findByTestId('tasks-today');
    expect(await within(today).findByText('Send revised proposal')).toBeTruthy();
    expect(
      within(today)
        .getByRole('link', { name: `Contact: ${NINO.name}` })
        .getAttribute('href'),
    ).toBe(`#/contacts/${NINO.id}`);
    expect(await within(screen.getByTestId('tasks-overdue')).findByText('Call Karin')).toBeTruthy();
    // The section's heading and the task's badge.
    expect(within(screen.getByTestId('tasks-overdue')).getAllByText('Overdue')).toHaveLength(2);
    expect(await within(screen.getByTestId('tasks-upcoming')).findByText('Nothing coming up.')).toBeTruthy();
    expect(await within(screen.getByTestId('tasks-noDate')).findByText('Read the contract')).toBeTruthy();
    const queries = taskGets(sent).map((r) => Object.fromEntries(r.query));
    const start = new Date(new Date().setHours(0, 0, 0, 0)).toISOString();
    expect(queries).toContainEqual({ limit: '25', dueBefore: start });
    expect(queries).toContainEqual(expect.objectContaining({ dueAfter: start }));
    expect(queries).toContainEqual({ limit: '25', hasDueDate: 'false' });
  });

  it('completes a task at once, and sends it once', async () => {
    const user = userEvent.setup();
    let done = false;
    const { sent } = await renderWeb(<TasksPage id={null} />, {
      handlers: {
        'GET /api/v1/tasks': (request) => tasksBySection({ today: done ? [] : [TODAY] })(request, {}),
        'POST /api/v1/tasks/:id/complete': () => {
          done = true;
          return { body: { ...TODAY, done: true, doneAt: new Date().toISOString() } };
        },
      },
    });
    const box = await screen.findByRole('checkbox', { name: 'Send revised proposal' });
    await user.click(box);
    expect(sent.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual([`/api/v1/tasks/${TODAY.id}/complete`]);
    // Done: the lists are asked again and the task has left "due today".
    await waitFor(() => expect(within(screen.getByTestId('tasks-today')).getByText('Nothing due today.')).toBeTruthy());
  });

  it('undoes the completion when the server refuses it, and says so', async () => {
    const user = userEvent.setup();
    let release: () => void = () => undefined;
    await renderWeb(<TasksPage id={null} />, {
      handlers: {
        'GET /api/v1/tasks': tasksBySection({ today: [TODAY] }),
        'POST /api/v1/tasks/:id/complete': () =>
          new Promise((resolve) => {
            release = () => resolve(problem(403, 'FORBIDDEN', 'Only a signed-in user may do this'));
          }),
      },
    });
    const box = await screen.findByRole('checkbox', { name: 'Send revised proposal' });
    await user.click(box);
    // Checked while the server is asked…
    await waitFor(() => expect((box as HTMLInputElement).checked).toBe(true));
    release();
    // …and unchecked again when it refuses.
    expect(await screen.findByRole('alert')).toHaveProperty(
      'textContent',
      '“Send revised proposal” could not be completed, so it is open again.',
    );
    const again = screen.getByRole<HTMLInputElement>('checkbox', { name: 'Send revised proposal' });
    expect(again.checked).toBe(false);
    expect(again.disabled).toBe(false);
    expect(screen.getByTestId('problem-detail').textContent).toBe('Only a signed-in user may do this');
  });

  it('reschedules to the picked day at the task’s own time, and the lists are asked again', async () => {
    const user = userEvent.setup();
    const moved: Sent[] = [];
    const { sent } = await renderWeb(<TasksPage id={null} />, {
      handlers: {
        'GET /api/v1/tasks': tasksBySection({ today: [TODAY] }),
        'PATCH /api/v1/tasks/:id': (request) => {
          moved.push(request);
          return { body: { ...TODAY, dueAt: (request.body as { dueAt: string }).dueAt } };
        },
      },
    });
    await user.click(await screen.findByRole('button', { name: 'Reschedule “Send revised proposal”' }));
    const input = screen.getByLabelText<HTMLInputElement>('New due date for “Send revised proposal”');
    const before = taskGets(sent).length;
    await user.clear(input);
    await user.type(input, '2031-03-12');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(moved).toHaveLength(1));
    expect(moved[0]!.path).toBe(`/api/v1/tasks/${TODAY.id}`);
    expect(moved[0]!.body).toEqual({ dueAt: new Date(2031, 2, 12, 15, 30).toISOString() });
    await waitFor(() => expect(taskGets(sent).length).toBeGreaterThan(before));
    await waitFor(() => expect(screen.queryByTestId('reschedule-form')).toBeNull());
  });

  it('refuses to send a date that is no date, and clears the due date when asked', async () => {
    const user = userEvent.setup();
    const bodies: unknown[] = [];
    await renderWeb(<TasksPage id={null} />, {
      handlers: {
        'GET /api/v1/tasks': tasksBySection({ today: [TODAY] }),
        'PATCH /api/v1/tasks/:id': (request) => {
          bodies.push(request.body);
          return { body: { ...TODAY, dueAt: null } };
        },
      },
    });
    await user.click(await screen.findByRole('button', { name: 'Reschedule “Send revised proposal”' }));
    await user.clear(screen.getByLabelText('New due date for “Send revised proposal”'));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Pick a date')).toBeTruthy();
    expect(bodies).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Remove the due date' }));
    await waitFor(() => expect(bodies).toEqual([{ dueAt: null }]));
  });

  it('shows a failed section with the server’s words and a retry', async () => {
    let fail = true;
    const user = userEvent.setup();
    await renderWeb(<TasksPage id={null} />, {
      handlers: {
        'GET /api/v1/tasks': (request) =>
          request.query.get('hasDueDate') === 'false' && fail
            ? problem(500, 'INTERNAL', 'Something went wrong')
            : tasksBySection({ noDate: [UNDATED] })(request, {}),
      },
    });
    const section = await screen.findByTestId('tasks-noDate');
    await within(section).findByTestId('problem');
    fail = false;
    await user.click(within(section).getByRole('button', { name: /retry|try again/i }));
    expect(await within(section).findByText('Read the contract')).toBeTruthy();
  });
});
