// The company's record page: its contacts as links, its open deals with their stage,
// its tasks, its details saved (domains one per line, the server's errors on their line;
// tags, shown in its header once saved).
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Deal } from '../../api/schema.d.ts';
import {
  ALICE,
  FABRIKAM,
  NINO,
  USERS,
  page,
  problem,
  renderWeb,
  task,
  type Handler,
} from '../../test/record-fakes.tsx';
import { CompanyRecord } from './CompanyRecord.tsx';

const RENEWAL = {
  id: '0190a000-0000-7000-8000-0000000000d1',
  name: 'Fabrikam annual licence renewal',
  value: '48000.00',
  currency: 'EUR',
  status: 'open',
  pipeline: { id: '0190a000-0000-7000-8000-0000000000p1', name: 'Sales' },
  stage: {
    id: '0190a000-0000-7000-8000-0000000000s3',
    name: 'Proposal',
    position: 3,
    stageCount: 6,
    probability: 50,
    isWon: false,
    isLost: false,
  },
  owner: ALICE,
  company: { id: FABRIKAM.id, name: FABRIKAM.name },
  contactIds: [NINO.id],
  expectedCloseDate: null,
  closedAt: null,
  createdAt: FABRIKAM.createdAt,
  updatedAt: FABRIKAM.updatedAt,
} satisfies Deal;

function handlers(overrides: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    'GET /api/v1/companies/:id': () => ({ body: FABRIKAM }),
    'GET /api/v1/users': () => ({ body: { items: USERS } }),
    'GET /api/v1/contacts': () => page([NINO]),
    'GET /api/v1/deals': () => page([RENEWAL]),
    'GET /api/v1/tasks': () => page([task('Call back', { contactId: NINO.id })]),
    ...overrides,
  };
}

describe('the company record', () => {
  it('lists its contacts as links, its open deals with their stage, and its contacts’ and deals’ tasks', async () => {
    const { sent } = await renderWeb(<CompanyRecord id={FABRIKAM.id} />, { handlers: handlers() });
    expect((await screen.findByTestId('record-name')).textContent).toBe('Fabrikam');
    const contacts = screen.getByTestId('company-contacts');
    const link = await within(contacts).findByRole('link', { name: NINO.name });
    expect(link.getAttribute('href')).toBe(`#/contacts/${NINO.id}`);
    const deal = await screen.findByTestId('deal');
    expect(deal.textContent).toContain('Proposal: stage 3 of 6');
    expect(within(deal).getByRole('img', { name: 'Proposal: stage 3 of 6' })).toBeTruthy();
    expect(await screen.findByText('Call back')).toBeTruthy();
    const asked = (path: string) => sent.filter((r) => r.path === path).map((r) => Object.fromEntries(r.query));
    expect(asked('/api/v1/deals')).toEqual([{ companyId: FABRIKAM.id, status: 'open', limit: '100' }]);
    expect(asked('/api/v1/tasks')).toEqual([{ limit: '25', view: 'all', companyId: FABRIKAM.id }]);
    expect(asked('/api/v1/contacts')).toEqual([{ companyId: FABRIKAM.id, limit: '50' }]);
    // A company's tasks are its contacts' and deals': it has no form of its own to add one.
    expect(screen.queryByTestId('add-task')).toBeNull();
  });

  it('saves its domains one per line, and shows the server’s refusal of one on its line', async () => {
    const user = userEvent.setup();
    const bodies: unknown[] = [];
    await renderWeb(<CompanyRecord id={FABRIKAM.id} />, {
      handlers: handlers({
        'PATCH /api/v1/companies/:id': (request) => {
          bodies.push(request.body);
          return problem(409, 'DOMAIN_TAKEN', 'Another company already has this domain', [
            { path: 'domains.1', message: 'belongs to another company' },
          ]);
        },
      }),
    });
    const domains = await screen.findByLabelText<HTMLTextAreaElement>('Domains', { exact: false });
    await user.type(domains, '{Enter}northwind.example');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(domains.getAttribute('aria-invalid')).toBe('true'));
    expect(bodies).toEqual([{ domains: ['fabrikam.example', 'northwind.example'] }]);
    const describedBy = domains.getAttribute('aria-describedby') ?? '';
    const text = describedBy
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ');
    expect(text).toContain('Line 2: belongs to another company');
  });

  it('saves its tags, and shows them in its header once the server has them', async () => {
    const user = userEvent.setup();
    const bodies: unknown[] = [];
    await renderWeb(<CompanyRecord id={FABRIKAM.id} />, {
      handlers: handlers({
        'PATCH /api/v1/companies/:id': (request) => {
          bodies.push(request.body);
          return { body: { ...FABRIKAM, tags: ['partner', 'enterprise'] } };
        },
      }),
    });
    expect(await screen.findByTestId('record-name')).toBeTruthy();
    expect(screen.queryByTestId('record-tags')).toBeNull();
    await user.type(screen.getByLabelText('Tags', { exact: false }), 'partner, enterprise, partner');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    const tags = await screen.findByTestId('record-tags');
    expect(bodies).toEqual([{ tags: ['partner', 'enterprise'] }]);
    expect(
      within(tags)
        .getAllByText(/partner|enterprise/)
        .map((tag) => tag.textContent),
    ).toEqual(['partner', 'enterprise']);
    expect(screen.getByRole('status').textContent).toBe('Saved.');
  });
});
