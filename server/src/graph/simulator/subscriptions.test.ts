import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfidentialClientApplication } from '@azure/msal-node';
import type { Client } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphSimulator, SimUser } from './index.ts';
import { TENANT, failure, fixture, graphClient, startTestSimulator } from './test-helpers.ts';

type Received = { url: string; body: string };

/** A tiny webhook receiver: echoes validation tokens (or a wrong one) and records notifications. */
async function startReceiver(echo: 'right' | 'wrong') {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const token = url.searchParams.get('validationToken');
      if (token !== null) {
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end(echo === 'right' ? token : encodeURIComponent(token));
        return;
      }
      received.push({ url: url.pathname, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let sim: GraphSimulator;
let user: SimUser;
let client: Client;

beforeAll(async () => {
  ({ sim, user } = await startTestSimulator());
  client = await graphClient(sim);
});
afterAll(() => sim.close());

const inHours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

describe('subscriptions', () => {
  it('validates the receiver, notifies with clientState, renews, sends lifecycle events and deletes', async () => {
    const receiver = await startReceiver('right');
    try {
      const created = (await client.api('/subscriptions').post({
        changeType: 'created,updated,deleted',
        notificationUrl: `${receiver.base}/notify`,
        lifecycleNotificationUrl: `${receiver.base}/lifecycle`,
        resource: `users/${user.id}/mailFolders('inbox')/messages`,
        expirationDateTime: inHours(48),
        clientState: 'secret-state',
      })) as Record<string, unknown>;
      const example = fixture('subscription-post-subscriptions--create_subscription_from_subscriptions').response
        ?.body as object;
      expect(Object.keys(created)).toEqual(expect.arrayContaining(Object.keys(example)));
      expect(sim.subscriptions()).toHaveLength(1);

      const message = sim.addMessage(user.id, 'inbox', { subject: 'Hello' });
      sim.addMessage(user.id, 'sentitems', {}); // not covered by the folder subscription
      await sim.flushNotifications();
      const notes = receiver.received
        .filter((r) => r.url === '/notify')
        .flatMap((r) => (JSON.parse(r.body) as { value: Record<string, unknown>[] }).value);
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatchObject({
        subscriptionId: created.id,
        changeType: 'created',
        clientState: 'secret-state',
        tenantId: TENANT.directoryTenantId,
      });
      const exampleNote =
        (
          fixture('change-notifications-delivery-webhooks--change-notification-example').request?.body as {
            value: object[];
          }
        ).value[0] ?? {};
      expect(Object.keys(notes[0] ?? {}).sort()).toEqual(Object.keys(exampleNote).sort());
      expect(notes[0]?.resourceData).toMatchObject({ '@odata.type': '#Microsoft.Graph.Message' });
      expect(sim.getMessage(user.id, (notes[0]?.resourceData as { id: string }).id)?.id).toBe(message.id);

      const renewed = (await client
        .api(`/subscriptions/${String(created.id)}`)
        .patch({ expirationDateTime: inHours(72) })) as { expirationDateTime: string };
      expect(Date.parse(renewed.expirationDateTime)).toBeGreaterThan(Date.now() + 71 * 3600_000);
      await client.api(`/subscriptions/${String(created.id)}/reauthorize`).post({});

      await sim.sendLifecycle(String(created.id), 'reauthorizationRequired');
      const lifecycle = receiver.received
        .filter((r) => r.url === '/lifecycle')
        .map((r) => (JSON.parse(r.body) as { value: Record<string, unknown>[] }).value[0]);
      expect(lifecycle[0]).toMatchObject({ lifecycleEvent: 'reauthorizationRequired', clientState: 'secret-state' });
      const exampleLifecycle =
        (
          fixture('change-notifications-lifecycle-events--lifecycle-notification-structure').request?.body as {
            value: object[];
          }
        ).value[0] ?? {};
      expect(Object.keys(lifecycle[0] ?? {}).sort()).toEqual(Object.keys(exampleLifecycle).sort());

      await client.api(`/subscriptions/${String(created.id)}`).delete();
      expect(sim.subscriptions()).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });

  it('refuses a subscription when the receiver echoes the token wrong, or expires too late', async () => {
    const receiver = await startReceiver('wrong');
    try {
      const body = {
        changeType: 'created',
        notificationUrl: `${receiver.base}/n`,
        resource: `/users/${user.id}/messages`,
        expirationDateTime: inHours(24),
        clientState: 'x',
      };
      expect(await failure(client.api('/subscriptions').post(body))).toMatchObject({
        statusCode: 400,
        code: 'ValidationError',
      });
      expect(
        await failure(client.api('/subscriptions').post({ ...body, expirationDateTime: inHours(24 * 8) })),
      ).toMatchObject({ statusCode: 400 });
      expect(sim.subscriptions()).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });
});

describe('MSAL against the simulator', () => {
  it('acquires a client-credentials token that Graph accepts', async () => {
    const app = new ConfidentialClientApplication({
      auth: {
        clientId: TENANT.clientId,
        clientSecret: TENANT.clientSecret,
        authority: `${sim.url}/${TENANT.directoryTenantId}`,
        knownAuthorities: [new URL(sim.url).host],
      },
    });
    const result = await app.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
    expect(result?.accessToken).toBeTruthy();
    const response = await fetch(`${sim.graphBaseUrl}/users/${user.id}`, {
      headers: { Authorization: `Bearer ${result?.accessToken ?? ''}` },
    });
    expect(response.status).toBe(200);
  });
});
