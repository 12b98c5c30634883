// Logging the email: once, whoever clicks how often, and who logged it as the server knows.
import { act, cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { contact, deal, fixedApi, knownLookup } from '../../test/fakes.ts';
import { email, renderPane } from '../../test/render.tsx';

afterEach(cleanup);

describe('logging the email', () => {
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
});
