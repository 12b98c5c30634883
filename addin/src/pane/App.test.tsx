// The pane's behaviour against a stand-in mailbox and a test API: what a salesperson sees.
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Api } from '../api/client.ts';
import { ApiError } from '../api/errors.ts';
import { pickLocale, startI18n } from '../i18n/index.ts';
import type { MessageItem } from '../office/mailbox.ts';
import { createStandInMailbox, type Sample } from '../office/stand-in.ts';
import { PaneProviders, createQueryClient } from '../state/context.tsx';
import { prefetchSelectedItem } from '../state/queries.ts';
import { contact, controllableApi, deal, fixedApi, knownLookup, notLogged, unknownLookup } from '../test/fakes.ts';
import { App } from './App.tsx';

const me = { email: 'alice@contoso.example', name: 'Alice' };

function email(id: string, from: string, extra: Partial<MessageItem> = {}): Sample {
  return {
    label: id,
    item: {
      kind: 'message',
      internetMessageId: `<${id}@test>`,
      subject: `Subject ${id}`,
      from: { email: from, name: null },
      to: [me],
      cc: [],
      sentAt: '2026-11-20T08:00:00.000Z',
      conversationId: null,
      ...extra,
    },
    body: 'Hello there',
  };
}

async function renderPane(api: Api, samples: Sample[]) {
  const mailbox = createStandInMailbox(samples, { user: me, displayLanguage: 'en-US' });
  const i18n = await startI18n(pickLocale('en-US'));
  render(
    <PaneProviders api={api} mailbox={mailbox} i18n={i18n} formatLocale="en-US" queryClient={createQueryClient()}>
      <App dir="ltr" />
    </PaneProviders>,
  );
  return mailbox;
}

afterEach(cleanup);

describe('the pane', () => {
  it('shows the card of a known sender with the stage of each open deal', async () => {
    const nino = contact('Nino Kapanadze', 'nino@fabrikam.example');
    const { api } = fixedApi({ lookups: { 'nino@fabrikam.example': knownLookup(nino, [deal('Renewal')]) } });
    await renderPane(api, [email('a', 'nino@fabrikam.example')]);

    const card = await screen.findByTestId('contact-card');
    expect(within(card).getByRole('heading', { name: 'Nino Kapanadze' })).toBeTruthy();
    expect(within(card).getByText('Buyer · Fabrikam')).toBeTruthy();
    expect(within(card).getByText('vip')).toBeTruthy();
    const dealRow = screen.getByTestId('deal');
    expect(within(dealRow).getByText('€48,000.00')).toBeTruthy();
    expect(within(dealRow).getByRole('img', { name: 'Stage 3 of 6: Proposal' })).toBeTruthy();
    expect(within(dealRow).getByText('50% win probability')).toBeTruthy();
  });

  it('never shows the previous email’s card when its answer arrives after the next selection', async () => {
    const { api, pending } = controllableApi();
    const mailbox = await renderPane(api, [email('a', 'first@x.example'), email('b', 'second@x.example')]);
    await waitFor(() => expect(pending('lookup', 'first@x.example')).toHaveLength(1));

    act(() => mailbox.select(null)); // Outlook passes a null item between two selections
    expect(screen.getByTestId('no-item')).toBeTruthy();
    act(() => mailbox.select(1));
    await waitFor(() => expect(pending('lookup', 'second@x.example')).toHaveLength(1));

    // The second email's answer comes first, the first email's answer last.
    await act(async () => {
      pending('lookup', 'second@x.example')[0]!.resolve(knownLookup(contact('Second Person', 'second@x.example')));
      for (const call of pending('emailStatus')) call.resolve(notLogged(call.args[0] as string));
    });
    await screen.findByRole('heading', { name: 'Second Person' });
    await act(async () => {
      pending('lookup', 'first@x.example')[0]!.resolve(knownLookup(contact('First Person', 'first@x.example')));
    });
    expect(screen.getByRole('heading', { name: 'Second Person' })).toBeTruthy();
    expect(screen.queryByText('First Person')).toBeNull();
    expect(screen.getByTestId('message-view').dataset.messageId).toBe('<b@test>');
  });

  it("uses the start's early lookup once, asks again on a later visit, and shows the card only with its log status", async () => {
    const { api, pending } = controllableApi();
    const mailbox = createStandInMailbox([email('a', 'nino@fabrikam.example'), email('b', 'other@x.example')], {
      user: me,
      displayLanguage: 'en-US',
    });
    const queryClient = createQueryClient();
    // main.tsx: the lookup and the status are asked for while the language's strings load.
    prefetchSelectedItem(queryClient, api, mailbox);
    expect(pending('lookup', 'nino@fabrikam.example')).toHaveLength(1);
    expect(pending('emailStatus', '<a@test>')).toHaveLength(1);
    await act(async () => {
      pending('lookup')[0]!.resolve(knownLookup(contact('Nino Kapanadze', 'nino@fabrikam.example')));
    });
    const i18n = await startI18n(pickLocale('en-US'));
    render(
      <PaneProviders api={api} mailbox={mailbox} i18n={i18n} formatLocale="en-US" queryClient={queryClient}>
        <App dir="ltr" />
      </PaneProviders>,
    );
    // The lookup is in; the log status is not: still the skeleton, so nothing moves when it lands.
    expect(screen.getByTestId('card-skeleton')).toBeTruthy();
    await act(async () => {
      pending('emailStatus')[0]!.resolve(notLogged('<a@test>'));
    });
    await screen.findByRole('heading', { name: 'Nino Kapanadze' });
    expect(pending('lookup', 'nino@fabrikam.example')).toHaveLength(1);
    expect(pending('emailStatus', '<a@test>')).toHaveLength(1);
    // Coming back to the email later revalidates as always.
    act(() => mailbox.select(1));
    act(() => mailbox.select(0));
    await waitFor(() => expect(pending('lookup', 'nino@fabrikam.example')).toHaveLength(2));
  });

  it('paints a recently seen sender from cache at once, then revalidates', async () => {
    const { api, pending } = controllableApi();
    const mailbox = await renderPane(api, [email('a', 'nino@fabrikam.example'), email('b', 'other@x.example')]);
    await waitFor(() => expect(pending('lookup')).toHaveLength(1));
    await act(async () => {
      pending('lookup')[0]!.resolve(knownLookup(contact('Nino Kapanadze', 'nino@fabrikam.example')));
      for (const call of pending('emailStatus')) call.resolve(notLogged(call.args[0] as string));
    });
    await screen.findByRole('heading', { name: 'Nino Kapanadze' });
    act(() => mailbox.select(1));
    act(() => mailbox.select(0));
    // Painted before the server answered again, and asked again.
    expect(screen.getByRole('heading', { name: 'Nino Kapanadze' })).toBeTruthy();
    await waitFor(() => expect(pending('lookup', 'nino@fabrikam.example')).toHaveLength(2));
  });

  it('lists the people when several are in the CRM and opens the one picked', async () => {
    const { api } = fixedApi({
      lookups: {
        'darius@fabrikam.example': knownLookup(contact('Darius Rahimi', 'darius@fabrikam.example')),
        'nino@fabrikam.example': knownLookup(contact('Nino Kapanadze', 'nino@fabrikam.example')),
      },
    });
    await renderPane(api, [
      email('a', 'darius@fabrikam.example', {
        cc: [
          { email: 'nino@fabrikam.example', name: 'Nino' },
          { email: 'stranger@y.example', name: null },
        ],
      }),
    ]);
    expect(await screen.findByText('2 people on this email are in your CRM')).toBeTruthy();
    expect(screen.getByText('1 other person is not in your CRM')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: /Nino Kapanadze/ }));
    expect(await screen.findByRole('heading', { name: 'Nino Kapanadze' })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'All people on this email' }));
    expect(screen.getByRole('button', { name: /Darius Rahimi/ })).toBeTruthy();
  });

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

  it('shows the known sender even when the server refuses to look up another address on the email', async () => {
    const { api } = fixedApi(
      { lookups: {} },
      {
        lookup: async (address) => {
          if (address === 'odd..address@x.example') throw new ApiError('invalid', 400, 'VALIDATION_FAILED');
          return knownLookup(contact('Nino Kapanadze', address));
        },
      },
    );
    await renderPane(api, [
      email('a', 'nino@fabrikam.example', { cc: [{ email: 'odd..address@x.example', name: null }] }),
    ]);
    expect(await screen.findByRole('heading', { name: 'Nino Kapanadze' })).toBeTruthy();
    expect(screen.queryByTestId('error')).toBeNull();
  });

  it('reuses the company it made when creating the contact failed, on the next try', async () => {
    const calls: string[] = [];
    let contactAttempts = 0;
    const { api } = fixedApi(
      { lookups: {} },
      {
        createCompany: async (input) => {
          calls.push('company');
          return { id: 'co-9', name: input.name, domains: [], owner: null, createdAt: '', updatedAt: '' };
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

  it('logs the email once however often the button is clicked, and says who logged it', async () => {
    const logged: unknown[] = [];
    let release: () => void = () => {};
    const { api } = fixedApi(
      {
        lookups: { 'nino@fabrikam.example': knownLookup(contact('Nino', 'nino@fabrikam.example'), [deal('Renewal')]) },
      },
      {
        logEmail: async (input) => {
          logged.push(input);
          await new Promise<void>((resolve) => (release = resolve));
          return {
            id: 't-1',
            kind: 'email',
            occurredAt: input.sentAt,
            author: null,
            body: null,
            data: null,
            email: {
              internetMessageId: input.internetMessageId,
              subject: input.subject ?? '',
              conversationId: null,
              direction: 'inbound',
              preview: null,
              participants: [],
              loggedBy: { id: 'u-alice', displayName: 'Alice Larsson', email: 'alice@contoso.example' },
              loggedAt: '2026-11-03T12:00:00.000Z', // midday UTC: 3 November from UTC−11 to UTC+11
              loggedVia: 'manual',
            },
            contactIds: [],
            companyIds: [],
            dealIds: [],
          };
        },
      },
    );
    await renderPane(api, [email('a', 'nino@fabrikam.example')]);
    const button = await screen.findByRole('button', { name: 'Log this email' });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Attach to deal' }), 'd-Renewal');
    await userEvent.dblClick(button);
    await userEvent.click(button);
    await act(async () => release());

    // The year shows once 2026 is over: the day is what matters.
    expect(await screen.findByText(/^Logged by Alice Larsson, Nov 3\b/)).toBeTruthy();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      internetMessageId: '<a@test>',
      from: { email: 'nino@fabrikam.example' },
      to: [{ email: 'alice@contoso.example', name: 'Alice' }],
      preview: 'Hello there',
      dealId: 'd-Renewal',
    });
  });

  it('says who logged it when the server already has it: another user, or the sync', async () => {
    const { api } = fixedApi({
      lookups: {},
      status: {
        internetMessageId: '<a@test>',
        logged: true,
        itemId: 't-1',
        loggedBy: null,
        loggedAt: '2026-11-03T12:00:00.000Z',
        loggedVia: 'sync',
      },
    });
    await renderPane(api, [email('a', 'someone@x.example')]);
    expect(await screen.findByText(/^Logged automatically by sync, Nov 3\b/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Log this email' })).toBeNull();
  });

  it('says the server is unreachable, without raw error text, and retries on request', async () => {
    let attempts = 0;
    const { api } = fixedApi(
      { lookups: {} },
      {
        lookup: async (address) => {
          attempts += 1;
          if (attempts <= 3) throw new ApiError('offline', null); // the first try and its two automatic retries
          return knownLookup(contact('Back Online', address));
        },
      },
    );
    await renderPane(api, [email('a', 'x@y.example')]);
    const errors = await screen.findAllByTestId('error', {}, { timeout: 5000 });
    expect(errors[0]!.textContent).toContain("Can't reach the CRM server");
    await userEvent.click(within(errors[0]!).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'Back Online' })).toBeTruthy();
  });

  it('tells the user when the item is not an email', async () => {
    const { api, asked } = fixedApi({ lookups: {} });
    await renderPane(api, [{ label: 'meeting', item: { kind: 'other', itemType: 'appointment' } }]);
    expect(screen.getByTestId('not-email').textContent).toBe(
      "This item isn't an email. Select an email to see its people in the CRM.",
    );
    expect(asked).toEqual([]);
  });
});
