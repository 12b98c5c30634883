import { RetryHandlerOptions, type Client } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphSimulator, SimUser } from './index.ts';
import { TENANT, failure, fixture, getToken, graphClient, startTestSimulator } from './test-helpers.ts';

type Batch = {
  responses: { id: string; status: number; headers: Record<string, string>; body: Record<string, unknown> }[];
};
const noRetry = [new RetryHandlerOptions(0, 0)];

let sim: GraphSimulator;
let user: SimUser;
let client: Client;

beforeAll(async () => {
  ({ sim, user } = await startTestSimulator({ latencyMs: 0 }));
  client = await graphClient(sim);
});
afterAll(() => sim.close());

describe('folders and users', () => {
  it('lists root folders 10 per page with an absolute nextLink, and child folders separately', async () => {
    const parent = sim.addFolder(user.id, { displayName: 'Customers' });
    for (const name of ['Leads', 'Partners', 'Vendors']) sim.addFolder(user.id, { displayName: name });
    sim.addFolder(user.id, { displayName: 'Key accounts', parentFolderId: parent.id });
    const first = (await client.api(`/users/${user.id}/mailFolders`).get()) as {
      value: { displayName: string }[];
      '@odata.nextLink'?: string;
    };
    expect(first.value).toHaveLength(10);
    expect(first['@odata.nextLink']).toMatch(/^https:\/\/localhost:\d+\/v1\.0\/users\//);
    const second = (await client.api(first['@odata.nextLink'] ?? '').get()) as {
      value: unknown[];
      '@odata.nextLink'?: string;
    };
    expect(second.value).toHaveLength(2); // 8 visible well-known folders + 4 added = 12
    expect(second['@odata.nextLink']).toBeUndefined();
    const hidden = (await client
      .api(`/users/${user.id}/mailFolders`)
      .query({ includeHiddenFolders: 'true', $top: '50' })
      .get()) as { value: { isHidden: boolean }[] };
    expect(hidden.value.filter((f) => f.isHidden)).toHaveLength(1);
    const children = (await client.api(`/users/${user.id}/mailFolders/${parent.id}/childFolders`).get()) as {
      value: { displayName: string }[];
    };
    expect(children.value.map((f) => f.displayName)).toEqual(['Key accounts']);
    const example = fixture('user-list-mailfolders--get_mailfolders').response?.body as { value: object[] };
    expect(Object.keys(first.value[0] ?? {}).sort()).toEqual(Object.keys(example.value[0] ?? {}).sort());
    const inbox = (await client.api(`/users/${user.mail}/mailFolders/Inbox`).get()) as { displayName: string };
    expect(inbox.displayName).toBe('Inbox');
  });

  it('lists and gets users of the token tenant only', async () => {
    const users = (await client.api('/users').select('id,mail').get()) as { value: Record<string, unknown>[] };
    expect(users.value).toEqual([{ id: user.id, mail: user.mail }]);
    sim.addTenant({ directoryTenantId: 'other', clientId: 'x', clientSecret: 'y' });
    const stranger = sim.addUser('other', { mail: 'eve@other.example', displayName: 'Eve' });
    const error = await failure(client.api(`/users/${stranger.id}`).get());
    expect(error.statusCode).toBe(404);
  });
});

describe('$batch', () => {
  const get = (id: string, url: string, headers?: Record<string, string>) => ({
    id,
    method: 'GET',
    url,
    ...(headers ? { headers } : {}),
  });

  it('refuses more than 20 requests and duplicate ids with 400', async () => {
    const many = Array.from({ length: 21 }, (_, i) => get(String(i), `/users/${user.id}`));
    expect((await failure(client.api('/$batch').post({ requests: many }))).statusCode).toBe(400);
    const dup = [get('1', `/users/${user.id}`), get('1', `/users/${user.id}`)];
    expect((await failure(client.api('/$batch').post({ requests: dup }))).statusCode).toBe(400);
  });

  it('answers in shuffled order with per-item status, per-item 429 Retry-After faults, and 404 for a deleted message', async () => {
    const messages = Array.from({ length: 6 }, (_, i) => sim.addMessage(user.id, 'inbox', { subject: `Batch ${i}` }));
    const [gone, throttled] = messages;
    if (!gone || !throttled) throw new Error('messages');
    sim.deleteMessage(user.id, gone.id);
    sim.fault({
      when: { kind: 'batch-item', path: new RegExp(throttled.id.replace(/[+=]/g, '\\$&')) },
      respond: { status: 429, retryAfter: 7 },
    });
    const requests = messages.map((m, i) =>
      get(String(i + 1), `/users/${user.id}/messages/${m.id}?$select=subject,body`, {
        Prefer: 'outlook.body-content-type="text", IdType="ImmutableId"',
      }),
    );
    const batch = (await client.api('/$batch').post({ requests })) as Batch;
    expect(batch.responses.map((r) => r.id)).not.toEqual(requests.map((r) => r.id));
    const byId = new Map(batch.responses.map((r) => [r.id, r]));
    expect(byId.get('1')).toMatchObject({ status: 404, body: { error: { code: 'ErrorItemNotFound' } } });
    expect(byId.get('2')).toMatchObject({ status: 429, headers: { 'Retry-After': '7' } });
    expect(byId.get('3')).toMatchObject({ status: 200, body: { id: messages[2]?.id, body: { contentType: 'text' } } });
    const example = fixture('json-batching--json-batching-example-request').response?.body as Batch;
    expect(Object.keys(batch)).toEqual(Object.keys(example));
    expect(Object.keys(byId.get('3') ?? {}).sort()).toEqual(Object.keys(example.responses[0] ?? {}).sort());
    expect(Object.keys(byId.get('1')?.body.error as object).sort()).toEqual(
      Object.keys(example.responses[1]?.body.error as object).sort(),
    );
    expect(sim.requests.filter((r) => r.inBatch).length).toBeGreaterThanOrEqual(6);
  });

  it('runs at most 4 sub-requests of a batch at once', async () => {
    const slow = await startTestSimulator({ latencyMs: 40 });
    try {
      const slowClient = await graphClient(slow.sim);
      const m = slow.sim.addMessage(slow.user.id, 'inbox', {});
      const requests = Array.from({ length: 12 }, (_, i) => get(String(i), `/users/${slow.user.id}/messages/${m.id}`));
      const batch = (await slowClient.api('/$batch').post({ requests })) as Batch;
      expect(batch.responses.every((r) => r.status === 200)).toBe(true);
      expect(slow.sim.peakInFlight(slow.user.id)).toBe(4);
    } finally {
      await slow.sim.close();
    }
  });
});

describe('throttling and auth errors', () => {
  it('throttles the fifth concurrent request on one mailbox with 429 ApplicationThrottled and Retry-After: 1', async () => {
    const slow = await startTestSimulator({ latencyMs: 150 });
    try {
      const slowClient = await graphClient(slow.sim);
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, () =>
          slowClient.api(`/users/${slow.user.id}/mailFolders/inbox`).middlewareOptions(noRetry).get(),
        ),
      );
      const rejected = results
        .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
        .map((r) => r.reason as { statusCode: number; code: string; message: string });
      expect(rejected).toHaveLength(1);
      expect(rejected[0]).toMatchObject({
        statusCode: 429,
        code: 'ApplicationThrottled',
        message: 'Application is over its MailboxConcurrency limit.',
      });
      expect(slow.sim.peakInFlight(slow.user.id)).toBe(5);
      const throttled = slow.sim.requests.find((r) => r.status === 429);
      expect(throttled?.inFlightForMailbox).toBe(5);
    } finally {
      await slow.sim.close();
    }
  });

  it('refuses tokens after expireAccessTokens with 401 InvalidAuthenticationToken', async () => {
    const own = await graphClient(sim);
    sim.expireAccessTokens();
    const error = await failure(own.api(`/users/${user.id}`).get());
    expect(error).toMatchObject({
      statusCode: 401,
      code: 'InvalidAuthenticationToken',
      message: 'Access token has expired or is not yet valid.',
    });
    client = await graphClient(sim);
  });

  it('answers the token endpoint with Entra errors after revokeConsent and for a wrong secret', async () => {
    expect((await getToken(sim, { client_secret: 'wrong' })).body).toMatchObject({
      error: 'invalid_client',
      error_codes: [7000215],
    });
    const own = await graphClient(sim);
    sim.revokeConsent(TENANT.directoryTenantId);
    try {
      const denied = await getToken(sim);
      expect(denied.status).toBe(400);
      expect(denied.body).toMatchObject({ error: 'unauthorized_client' });
      expect(Object.keys(denied.body)).toEqual(
        expect.arrayContaining([
          'error',
          'error_description',
          'error_codes',
          'timestamp',
          'trace_id',
          'correlation_id',
        ]),
      );
      expect(String(denied.body.error_description)).toMatch(/^AADSTS700016: /);
      expect((await failure(own.api(`/users/${user.id}`).get())).statusCode).toBe(401);
    } finally {
      sim.restoreConsent(TENANT.directoryTenantId);
    }
    const ok = await getToken(sim);
    expect(ok.body).toMatchObject({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599 });
  });

  it.each([
    ['denyMailbox', 403, 'ErrorAccessDenied'],
    ['deactivateMailbox', 404, 'MailboxNotEnabledForRESTAPI'],
  ] as const)('%s makes mailbox calls fail with %i %s', async (action, status, code) => {
    const other = sim.addUser(TENANT.directoryTenantId, { mail: `${action}@contoso.example`, displayName: 'Box' });
    if (action === 'denyMailbox') sim.denyMailbox(other.id, true);
    else sim.deactivateMailbox(other.id);
    expect(await failure(client.api(`/users/${other.id}/mailFolders`).get())).toMatchObject({
      statusCode: status,
      code,
    });
  });

  it('serves injected errors with Retry-After, HTML bodies, and deletes before a fetch', async () => {
    const m = sim.addMessage(user.id, 'inbox', {});
    sim.fault({
      when: { kind: 'message' },
      respond: { status: 503, retryAfter: 'Wed, 21 Oct 2065 07:28:00 GMT', html: true },
    });
    const raw = await fetch(`${sim.graphBaseUrl}/users/${user.id}/messages/${m.id}`, {
      headers: { Authorization: `Bearer ${String((await getToken(sim)).body.access_token)}` },
    });
    expect(raw.status).toBe(503);
    expect(raw.headers.get('retry-after')).toBe('Wed, 21 Oct 2065 07:28:00 GMT');
    expect(await raw.text()).toMatch(/^<!DOCTYPE html>/);
    sim.fault({ when: { kind: 'message' }, respond: { deleteBeforeFetch: true } });
    expect(await failure(client.api(`/users/${user.id}/messages/${m.id}`).get())).toMatchObject({
      statusCode: 404,
      code: 'ErrorItemNotFound',
    });
  });
});
