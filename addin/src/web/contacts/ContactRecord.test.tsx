// The contact's record page: what it shows, saving its details (only what changed),
// and the server's refusals landing on the fields they are about.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import {
  ALICE,
  BOB,
  FABRIKAM,
  NINO,
  USERS,
  page,
  problem,
  renderWeb,
  task,
  type Handler,
  type Sent,
} from '../../test/record-fakes.tsx';
import { ContactRecord } from './ContactRecord.tsx';

function handlers(overrides: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    'GET /api/v1/contacts/:id': () => ({ body: NINO }),
    'GET /api/v1/users': () => ({ body: { items: USERS } }),
    'GET /api/v1/companies': () => page([FABRIKAM]),
    'GET /api/v1/deals': () => page([]),
    'GET /api/v1/tasks': () => page([task('Send revised proposal', { contactId: NINO.id })]),
    ...overrides,
  };
}

const field = (label: string) => screen.getByLabelText<HTMLInputElement>(label, { exact: false });

/** The text of the element(s) an input's aria-describedby names: where Fluent puts a field's message. */
function descriptionOf(input: HTMLElement) {
  return (input.getAttribute('aria-describedby') ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
}

const patches = (sent: Sent[]) => sent.filter((r) => r.method === 'PATCH');

describe('the contact record', () => {
  it('shows who the contact is, their company as a link, their owner and tags, their tasks and timeline', async () => {
    await renderWeb(<ContactRecord id={NINO.id} />, {
      handlers: handlers(),
      timeline: [
        {
          id: 'i-1',
          kind: 'note',
          occurredAt: '2026-11-02T10:00:00.000Z',
          body: 'Budget approved',
          author: ALICE,
        } as never,
      ],
    });
    expect(await screen.findByTestId('record-name')).toHaveProperty('textContent', 'Nino Kapanadze');
    const link = screen.getByTestId('company-link');
    expect(link.getAttribute('href')).toBe(`#/companies/${FABRIKAM.id}`);
    expect(screen.getByTestId('record-owner').textContent).toBe('Owner: Alice Larsson');
    expect(within(screen.getByTestId('record-tags')).getByText('decision-maker')).toBeTruthy();
    expect(await screen.findByText('Send revised proposal')).toBeTruthy();
    expect(await screen.findByText('Budget approved')).toBeTruthy();
    expect(screen.getByText('No open deals.')).toBeTruthy();
  });

  it('saves only the fields that changed, and shows the saved contact', async () => {
    const user = userEvent.setup();
    let stored = NINO;
    const { sent } = await renderWeb(<ContactRecord id={NINO.id} />, {
      handlers: handlers({
        'GET /api/v1/contacts/:id': () => ({ body: stored }),
        'PATCH /api/v1/contacts/:id': (request) => {
          stored = { ...stored, title: (request.body as { title: string }).title, owner: BOB };
          return { body: stored };
        },
      }),
    });
    const title = await waitFor(() => field('Job title'));
    const save = screen.getByRole('button', { name: 'Save' });
    expect(save.hasAttribute('disabled')).toBe(true);
    await user.clear(title);
    await user.type(title, 'Chief Procurement Officer');
    await screen.findByRole('option', { name: 'Bob Beridze' });
    await user.selectOptions(screen.getByTestId('owner-field'), BOB.id);
    await user.click(save);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Saved.'));
    expect(patches(sent)).toHaveLength(1);
    expect(patches(sent)[0]!.path).toBe(`/api/v1/contacts/${NINO.id}`);
    expect(patches(sent)[0]!.body).toEqual({ title: 'Chief Procurement Officer', ownerId: BOB.id });
    expect(screen.getByTestId('record-owner').textContent).toBe('Owner: Bob Beridze');
    expect(field('Job title').value).toBe('Chief Procurement Officer');
  });

  it('puts each of the server’s field errors on its field, a line’s with its number, and saves nothing', async () => {
    const user = userEvent.setup();
    await renderWeb(<ContactRecord id={NINO.id} />, {
      handlers: handlers({
        'PATCH /api/v1/contacts/:id': () =>
          problem(400, 'VALIDATION_FAILED', 'The request is not valid', [
            { path: 'body.name', message: 'must not be empty' },
            { path: 'body.emails.1', message: 'must be an email address' },
          ]),
      }),
    });
    const name = await waitFor(() => field('Name'));
    await user.clear(name);
    await user.type(name, ' ');
    const emails = field('Email addresses');
    await user.type(emails, '{Enter}not-an-address');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(field('Name').getAttribute('aria-invalid')).toBe('true'));
    expect(descriptionOf(field('Name'))).toContain('must not be empty');
    expect(field('Email addresses').getAttribute('aria-invalid')).toBe('true');
    expect(descriptionOf(field('Email addresses'))).toContain('Line 2: must be an email address');
    expect(field('Job title').getAttribute('aria-invalid')).not.toBe('true');
    expect(screen.getByTestId('save-failed').textContent).toContain('Not saved');
    // What was typed stays, to be corrected.
    expect(field('Email addresses').value).toBe('nino@fabrikam.example\nnot-an-address');
    expect(screen.getByTestId('record-name').textContent).toBe('Nino Kapanadze');
  });

  it('shows a 409 for an address another contact has on the address’s line', async () => {
    const user = userEvent.setup();
    await renderWeb(<ContactRecord id={NINO.id} />, {
      handlers: handlers({
        'PATCH /api/v1/contacts/:id': () =>
          problem(409, 'EMAIL_TAKEN', 'Another contact already has this email address', [
            { path: 'emails.0', message: 'belongs to another contact' },
          ]),
      }),
    });
    const emails = await waitFor(() => field('Email addresses'));
    await user.clear(emails);
    await user.type(emails, 'darius@fabrikam.example');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(descriptionOf(field('Email addresses'))).toContain('Line 1: belongs to another contact'),
    );
  });

  it('shows a refusal about no field (403) with the server’s words, and Cancel puts the saved values back', async () => {
    const user = userEvent.setup();
    await renderWeb(<ContactRecord id={NINO.id} />, {
      handlers: handlers({
        'PATCH /api/v1/contacts/:id': () =>
          problem(403, 'FORBIDDEN', "Only the contact's owner or an admin may give this contact another owner"),
      }),
    });
    await screen.findByRole('option', { name: 'Bob Beridze' });
    await user.selectOptions(screen.getByTestId('owner-field'), '');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByTestId('problem-detail')).textContent).toBe(
      "Only the contact's owner or an admin may give this contact another owner",
    );
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.getByTestId<HTMLSelectElement>('owner-field').value).toBe(ALICE.id);
    expect(screen.queryByTestId('save-failed')).toBeNull();
  });

  it('shows the server’s 404 when the contact does not exist', async () => {
    await renderWeb(<ContactRecord id={NINO.id} />, {
      handlers: handlers({ 'GET /api/v1/contacts/:id': () => problem(404, 'CONTACT_NOT_FOUND', 'Contact not found') }),
    });
    expect((await screen.findByTestId('problem')).getAttribute('data-code')).toBe('CONTACT_NOT_FOUND');
    expect(screen.getByRole('link', { name: /All contacts/ }).getAttribute('href')).toBe('#/contacts');
  });

  it('speaks Persian', async () => {
    await renderWeb(<ContactRecord id={NINO.id} />, { handlers: handlers(), language: 'fa' });
    expect(await screen.findByRole('button', { name: 'ذخیره' })).toBeTruthy();
    expect(screen.getByText('جزئیات')).toBeTruthy();
  });
});
