// The timeline: the lookup's last ten in the pane, more on request; a record's from its first page.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Lookup, TimelineItem } from '../../api/client.ts';
import { ApiError } from '../../api/errors.ts';
import { contact, fixedApi, knownLookup, note as fakeNote } from '../../test/fakes.ts';
import { renderCard, renderShared } from '../../test/render.tsx';
import { TimelineSection } from './Timeline.tsx';

const nino = contact('Nino Kapanadze', 'nino@fabrikam.example');

const note = (i: number) => fakeNote(i, nino);

afterEach(cleanup);

describe('the timeline', () => {
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
    await renderCard(api);
    expect(screen.getAllByTestId('timeline-item')).toHaveLength(10);
    await userEvent.click(screen.getByRole('button', { name: 'Show more' }));
    await waitFor(() => expect(screen.getAllByTestId('timeline-item')).toHaveLength(20));
    await userEvent.click(screen.getByRole('button', { name: 'Show more' }));
    await waitFor(() => expect(screen.getAllByTestId('timeline-item')).toHaveLength(25));
    expect(screen.queryByRole('button', { name: 'Show more' })).toBeNull();
    expect(asked).toEqual([null, 'page-2']);
  });

  it("shows a company's timeline on its own, from its first page, as a record page mounts it", async () => {
    const asked: unknown[] = [];
    const { api } = fixedApi(
      { lookups: {} },
      {
        companyTimeline: async (id, cursor) => {
          asked.push([id, cursor]);
          return { items: [note(1), note(2)], nextCursor: null };
        },
      },
    );
    await renderShared(api, <TimelineSection owner={{ kind: 'company', id: 'co-1' }} />);
    expect(await screen.findByText('Note number 2')).toBeTruthy();
    expect(screen.getAllByTestId('timeline-item')).toHaveLength(2);
    expect(screen.queryByRole('button', { name: 'Show more' })).toBeNull();
    expect(asked).toEqual([['co-1', null]]);
  });

  it("says a deal's timeline is empty, and offers a retry when it fails", async () => {
    let fail = true;
    const { api } = fixedApi(
      { lookups: {} },
      {
        dealTimeline: async () => {
          if (fail) throw new ApiError('server', 500);
          return { items: [], nextCursor: null };
        },
      },
    );
    await renderShared(api, <TimelineSection owner={{ kind: 'deal', id: 'd-1' }} />);
    const error = await screen.findByTestId('error');
    fail = false;
    await userEvent.click(within(error).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('No activity yet')).toBeTruthy();
  });

  it('tells each kind in its own words: emails by direction, stage changes, tasks, and a kind this build does not know', async () => {
    const base = { occurredAt: '2026-11-01T10:00:00.000Z', author: null, contactIds: [], companyIds: [], dealIds: [] };
    const emailDetails = {
      internetMessageId: '<m@test>',
      conversationId: null,
      preview: null,
      participants: [],
      loggedBy: null,
      loggedAt: '2026-11-01T10:00:00.000Z',
      loggedVia: 'sync' as const,
    };
    const items: TimelineItem[] = [
      {
        ...base,
        id: 'e-1',
        kind: 'email',
        body: null,
        email: { ...emailDetails, subject: 'Quote', direction: 'outbound' },
      },
      { ...base, id: 'e-2', kind: 'email', body: null, email: { ...emailDetails, subject: '', direction: 'inbound' } },
      {
        ...base,
        id: 's-1',
        kind: 'stage_change',
        data: {
          dealId: 'd-1',
          dealName: 'Renewal',
          fromStage: { id: 's-2', name: 'Qualified' },
          toStage: { id: 's-3', name: 'Proposal' },
        },
      },
      { ...base, id: 't-1', kind: 'task_created', data: { taskId: 'k-1', title: 'Send the quote', dueAt: null } },
      { ...base, id: 't-2', kind: 'task_completed', data: { taskId: 'k-1', title: 'Send the quote' } },
      { ...base, id: 'c-1', kind: 'call', body: 'Budget approved' },
      // A newer server's kind: the test plays that server, so it steps outside the types.
      { ...base, id: 'x-1', kind: 'sms', data: {} } as unknown as TimelineItem,
    ];
    const { api } = fixedApi({ lookups: {} }, { contactTimeline: async () => ({ items, nextCursor: null }) });
    await renderShared(api, <TimelineSection owner={{ kind: 'contact', id: nino.id }} />);
    await waitFor(() => expect(screen.getAllByTestId('timeline-item')).toHaveLength(7));
    const texts = screen.getAllByTestId('timeline-item').map((item) => item.textContent);
    expect(texts).toEqual([
      expect.stringMatching(/^QuoteEmail sent/),
      expect.stringMatching(/^\(no subject\)Email received/),
      expect.stringMatching(/^Renewal: Qualified → Proposal/),
      expect.stringMatching(/^Task: Send the quote/),
      expect.stringMatching(/^Task done: Send the quote/),
      expect.stringMatching(/^CallBudget approved/),
      expect.stringMatching(/^Activity/),
    ]);
  });
});
