import type { Client } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphSimulator, SimUser } from './index.ts';
import { failure, fixture, graphClient, startTestSimulator } from './test-helpers.ts';

type DeltaPage = {
  '@odata.context': string;
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
  value: Record<string, unknown>[];
};

let sim: GraphSimulator;
let user: SimUser;
let client: Client;

beforeAll(async () => {
  ({ sim, user } = await startTestSimulator());
  client = await graphClient(sim);
});
afterAll(() => sim.close());

async function round(url: string, prefer: string): Promise<{ pages: DeltaPage[]; deltaLink: string }> {
  const pages: DeltaPage[] = [];
  let next: string | undefined = url;
  while (next !== undefined) {
    const page = (await client.api(next).header('Prefer', prefer).get()) as DeltaPage;
    pages.push(page);
    if (page['@odata.deltaLink'] !== undefined) return { pages, deltaLink: page['@odata.deltaLink'] };
    next = page['@odata.nextLink'];
  }
  throw new Error('round ended without a deltaLink');
}

describe('message delta through the real Graph client', () => {
  it('pages a folder over several pages with maxpagesize, then hands out a deltaLink for the next round', async () => {
    const inbox = sim.getFolder(user.id, 'inbox');
    const archive = sim.getFolder(user.id, 'archive');
    if (!inbox || !archive) throw new Error('folders');
    const messages = Array.from({ length: 7 }, (_, i) => sim.addMessage(user.id, 'inbox', { subject: `Message ${i}` }));

    const first = await round(
      `/users/${user.id}/mailFolders/inbox/messages/delta?$select=subject,sender,isRead`,
      'odata.maxpagesize=3, IdType="ImmutableId"',
    );
    expect(first.pages.map((p) => p.value.length)).toEqual([3, 3, 1]);
    for (const page of first.pages.slice(0, -1)) {
      expect(page['@odata.nextLink']).toMatch(
        new RegExp(`^${sim.graphBaseUrl}/users/.+/messages/delta\\?\\$skiptoken=[A-Za-z0-9_-]+$`),
      );
    }
    expect(first.deltaLink).toMatch(/^https:\/\/localhost:\d+\/v1\.0\/.+\?\$deltatoken=[A-Za-z0-9_-]+$/);
    const ids = first.pages.flatMap((p) => p.value.map((m) => m.id));
    expect(new Set(ids)).toEqual(new Set(messages.map((m) => m.id)));
    // The same keys as Microsoft's example page (delta-query-messages, maxpagesize=2).
    const example = fixture('delta-query-messages--get_messages_delta_1').response?.body as DeltaPage;
    expect(Object.keys(first.pages[0] ?? {}).sort()).toEqual(Object.keys(example).sort());
    expect(Object.keys(first.pages[0]?.value[0] ?? {}).sort()).toEqual(Object.keys(example.value[0] ?? {}).sort());

    // Next round: an update, a move to another folder, a delete, and a new message.
    const [updated, moved, deleted] = messages;
    if (!updated || !moved || !deleted) throw new Error('messages');
    sim.updateMessage(user.id, updated.id, { isRead: true });
    sim.moveMessage(user.id, moved.id, 'archive');
    sim.deleteMessage(user.id, deleted.id);
    const added = sim.addMessage(user.id, 'inbox', { subject: 'New one' });

    const second = await round(first.deltaLink, 'odata.maxpagesize=10, IdType="ImmutableId"');
    const items = second.pages.flatMap((p) => p.value);
    const byId = new Map(items.map((i) => [i.id, i]));
    expect(byId.get(updated.id)).toMatchObject({ isRead: true });
    expect(byId.get(moved.id)).toMatchObject({ '@removed': { reason: 'deleted' } });
    expect(byId.get(deleted.id)).toEqual({
      '@odata.type': '#microsoft.graph.message',
      id: deleted.id,
      '@removed': { reason: 'deleted' },
    });
    expect(byId.get(added.id)).toMatchObject({ subject: 'New one' });
    expect(items).toHaveLength(4);
    const removedExample = (
      fixture('delta-query-messages--get_messages_delta_next').response?.body as DeltaPage
    ).value.find((v) => '@removed' in v);
    expect(Object.keys(byId.get(deleted.id) ?? {}).sort()).toEqual(Object.keys(removedExample ?? {}).sort());

    // The moved message arrives in the archive's initial round with the same immutable id.
    const archiveRound = await round(
      `/users/${user.id}/mailFolders/${archive.id}/messages/delta`,
      'IdType="ImmutableId"',
    );
    expect(archiveRound.pages.flatMap((p) => p.value.map((m) => m.id))).toEqual([moved.id]);

    // A third round with no changes: one empty page with a deltaLink.
    const third = await round(second.deltaLink, 'odata.maxpagesize=10');
    expect(third.pages).toHaveLength(1);
    expect(third.pages[0]?.value).toEqual([]);
  });

  it('returns mutable ids unless IdType="ImmutableId" is sent on that request, and accepts both for lookups', async () => {
    const message = sim.addMessage(user.id, 'drafts', { subject: 'Draft' });
    const plain = (await client.api(`/users/${user.id}/mailFolders/drafts/messages/delta`).get()) as DeltaPage;
    const immutable = (await client
      .api(`/users/${user.id}/mailFolders/drafts/messages/delta`)
      .header('Prefer', 'IdType="ImmutableId"')
      .get()) as DeltaPage;
    const restId = String(plain.value[0]?.id);
    expect(immutable.value[0]?.id).toBe(message.id);
    expect(restId).not.toBe(message.id);
    const viaRest = (await client
      .api(`/users/${user.id}/messages/${restId}`)
      .header('Prefer', 'IdType="ImmutableId"')
      .get()) as { id: string };
    expect(viaRest.id).toBe(message.id);
    const viaImmutable = (await client.api(`/users/${user.id}/messages/${message.id}`).get()) as {
      id: string;
      subject: string;
    };
    expect(viaImmutable).toMatchObject({ id: restId, subject: 'Draft' });
  });

  it('answers 410 SyncStateNotFound to a deltaLink and a mid-round nextLink after expireDeltaTokens, so the client resyncs', async () => {
    for (let i = 0; i < 4; i++) sim.addMessage(user.id, 'junkemail', { subject: `Spam ${i}` });
    const done = await round(`/users/${user.id}/mailFolders/junkemail/messages/delta`, 'odata.maxpagesize=10');
    const firstPage = (await client
      .api(`/users/${user.id}/mailFolders/junkemail/messages/delta`)
      .header('Prefer', 'odata.maxpagesize=2')
      .get()) as DeltaPage;
    const nextLink = firstPage['@odata.nextLink'];
    expect(nextLink).toBeDefined();

    sim.expireDeltaTokens(user.id);
    for (const link of [done.deltaLink, nextLink ?? '']) {
      const error = await failure(client.api(link).get());
      expect(error.statusCode).toBe(410);
      expect(error.code).toBe('SyncStateNotFound');
    }
    const raw = await fetch(done.deltaLink, { headers: { Authorization: `Bearer ${await tokenOf()}` } });
    const body = (await raw.json()) as { error: Record<string, unknown> };
    const example = fixture('microsoft-graph-docs-issue-2350--syncstatenotfound-410').response?.body as {
      error: Record<string, unknown>;
    };
    expect(Object.keys(body)).toEqual(Object.keys(example));
    expect(Object.keys(body.error)).toEqual(Object.keys(example.error));
    expect(body.error.message).toMatch(/^The sync state generation is not found; generation=\d+/);
    expect(raw.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);

    // A fresh round works again.
    const fresh = await round(`/users/${user.id}/mailFolders/junkemail/messages/delta`, 'odata.maxpagesize=10');
    expect(fresh.pages.flatMap((p) => p.value)).toHaveLength(4);
  });

  it('expires only the next links of rounds under way with only: next, so a client can restart from its delta link', async () => {
    for (let i = 0; i < 3; i++) sim.addMessage(user.id, 'deleteditems', { subject: `Later ${i}` });
    const done = await round(`/users/${user.id}/mailFolders/deleteditems/messages/delta`, 'odata.maxpagesize=10');
    for (let i = 0; i < 3; i++) sim.addMessage(user.id, 'deleteditems', { subject: `Later again ${i}` });
    const firstPage = (await client.api(done.deltaLink).header('Prefer', 'odata.maxpagesize=2').get()) as DeltaPage;
    const nextLink = firstPage['@odata.nextLink'] ?? '';
    expect(nextLink).not.toBe('');

    sim.expireDeltaTokens(user.id, { only: 'next' });
    expect((await failure(client.api(nextLink).get())).statusCode).toBe(410);
    const again = await round(done.deltaLink, 'odata.maxpagesize=10');
    expect(again.pages.flatMap((p) => p.value)).toHaveLength(3);
  });

  it('lets the first matching requests through with after, then applies the fault', async () => {
    for (let i = 0; i < 3; i++) sim.addMessage(user.id, 'clutter', { subject: `Gone ${i}` });
    const url = `/users/${user.id}/mailFolders/clutter/messages/delta`;
    sim.fault({ when: { kind: 'delta', userId: user.id }, respond: { status: 500 }, after: 1 });
    const first = (await client.api(url).header('Prefer', 'odata.maxpagesize=1').get()) as DeltaPage;
    const second = await failure(
      client
        .api(first['@odata.nextLink'] ?? '')
        .header('Prefer', 'odata.maxpagesize=1')
        .get(),
    );
    expect(second.statusCode).toBe(500);
    const retried = (await client
      .api(first['@odata.nextLink'] ?? '')
      .header('Prefer', 'odata.maxpagesize=1')
      .get()) as DeltaPage;
    expect(retried.value).toHaveLength(1);
  });

  it('replays items and serves empty pages with a nextLink when those faults are injected', async () => {
    for (let i = 0; i < 3; i++) sim.addMessage(user.id, 'outbox', { subject: `Out ${i}` });
    sim.fault({ when: { kind: 'delta', userId: user.id }, respond: { emptyPage: true } });
    const first = (await client.api(`/users/${user.id}/mailFolders/outbox/messages/delta`).get()) as DeltaPage;
    expect(first.value).toEqual([]);
    expect(first['@odata.nextLink']).toBeDefined();
    sim.fault({ when: { kind: 'delta', userId: user.id }, respond: { replay: true } });
    const second = (await client.api(first['@odata.nextLink'] ?? '').get()) as DeltaPage;
    expect(second.value).toHaveLength(6);
    expect(new Set(second.value.map((v) => v.id)).size).toBe(3);
    expect(second['@odata.deltaLink']).toBeDefined();
  });

  it('honours changeType=created and the text body preference', async () => {
    const message = sim.addMessage(user.id, 'conversationhistory', { subject: 'Text body', bodyText: 'Plain words' });
    const first = await round(
      `/users/${user.id}/mailFolders/conversationhistory/messages/delta?changeType=created&$select=body,internetMessageHeaders`,
      'outlook.body-content-type="text"',
    );
    sim.updateMessage(user.id, message.id, { isRead: true });
    const item = first.pages[0]?.value[0];
    expect(item?.body).toEqual({ contentType: 'text', content: 'Plain words' });
    expect(item?.internetMessageHeaders).toEqual(
      expect.arrayContaining([{ name: 'Message-ID', value: message.internetMessageId }]),
    );
    const next = await round(first.deltaLink, '');
    expect(next.pages.flatMap((p) => p.value)).toEqual([]);
  });
});

async function tokenOf(): Promise<string> {
  const { getToken } = await import('./test-helpers.ts');
  return String((await getToken(sim)).body.access_token);
}
