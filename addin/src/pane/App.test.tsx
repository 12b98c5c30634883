// The pane's behaviour against a stand-in mailbox and a test API: following the selection,
// the start's early fetches, the cache, several people on one email, faults.
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors.ts';
import { pickLocale, startI18n } from '../i18n/index.ts';
import { createStandInMailbox } from '../office/stand-in.ts';
import { PaneProviders, createQueryClient } from '../state/context.tsx';
import { contact, controllableApi, fixedApi, knownLookup, notLogged } from '../test/fakes.ts';
import { email, me, renderPane } from '../test/render.tsx';
import { App } from './App.tsx';
import { prefetchSelectedItem } from './start.ts';

afterEach(cleanup);

describe('the pane', () => {
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
    const errors = await screen.findAllByTestId('error');
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
