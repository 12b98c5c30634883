// Someone the CRM does not know yet: created from the email, with their company.
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors.ts';
import { contact, fixedApi, knownLookup, unknownLookup } from '../../test/fakes.ts';
import { email, renderPane } from '../../test/render.tsx';

afterEach(cleanup);

describe('an unknown sender', () => {
  it('offers to create an unknown sender, prefilled, with a new company for their domain', async () => {
    let known = false;
    const created: unknown[] = [];
    const { api } = fixedApi(
      { lookups: {} },
      {
        lookup: async (address) =>
          known
            ? knownLookup(contact('Mateo Díaz', address, { company: { id: 'co-9', name: 'Adatum' } }))
            : unknownLookup(address),
        createCompany: async (input) => {
          created.push(input);
          return {
            id: 'co-9',
            name: input.name,
            domains: input.domains ?? [],
            owner: null,
            tags: [],
            createdAt: '',
            updatedAt: '',
          };
        },
        createContact: async (input) => {
          created.push(input);
          known = true;
          return contact(input.name, 'mateo@adatum.example');
        },
      },
    );
    await renderPane(api, [
      email('a', 'mateo@adatum.example', { from: { email: 'mateo@adatum.example', name: 'Mateo Díaz' } }),
    ]);
    // The form is a lazy chunk: its first load here compiles it.
    expect(await screen.findByText("Mateo Díaz isn't in your CRM yet")).toBeTruthy();
    expect(screen.getByText('No company in your CRM uses adatum.example')).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>(/^Name/).value).toBe('Mateo Díaz');
    expect(screen.getByLabelText<HTMLInputElement>('Company name').value).toBe('Adatum');
    await userEvent.click(screen.getByRole('button', { name: 'Create contact' }));

    expect(await screen.findByRole('heading', { name: 'Mateo Díaz' })).toBeTruthy();
    expect(created).toEqual([
      { name: 'Adatum', domains: ['adatum.example'] },
      { name: 'Mateo Díaz', emails: ['mateo@adatum.example'], companyId: 'co-9' },
    ]);
  });

  it('reuses the company it made when creating the contact failed, on the next try', async () => {
    const calls: string[] = [];
    let contactAttempts = 0;
    const { api } = fixedApi(
      { lookups: {} },
      {
        createCompany: async (input) => {
          calls.push('company');
          return { id: 'co-9', name: input.name, domains: [], owner: null, tags: [], createdAt: '', updatedAt: '' };
        },
        createContact: async (input) => {
          calls.push(`contact ${input.companyId}`);
          contactAttempts += 1;
          if (contactAttempts === 1) throw new ApiError('server', 503);
          return contact(input.name, 'mateo@adatum.example');
        },
      },
    );
    await renderPane(api, [
      email('a', 'mateo@adatum.example', { from: { email: 'mateo@adatum.example', name: 'Mateo' } }),
    ]);
    await userEvent.click(await screen.findByRole('button', { name: 'Create contact' }));
    expect((await screen.findByTestId('error')).textContent).toContain('Something went wrong on our side');
    await userEvent.click(screen.getByRole('button', { name: 'Create contact' }));
    await waitFor(() => expect(calls).toEqual(['company', 'contact co-9', 'contact co-9']));
  });
});
