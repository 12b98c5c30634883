// Subscriptions for message change notifications: create (with Graph's validation
// handshake against notificationUrl and lifecycleNotificationUrl), renew, reauthorize,
// delete; change notifications after store mutations; lifecycle notifications on demand.
//
// Unlike Graph, notification URLs must be on this machine (127.0.0.0/8, ::1, localhost),
// and http:// is accepted there (Graph requires https). A self-signed https receiver is
// accepted without verification, which is safe only because the host is loopback.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { ChangeNotification, Subscription } from '@microsoft/microsoft-graph-types';
import { etag, messageId } from './render.ts';
import { GraphError, jsonResponse, parsePrefer, type Route, type SimRequest } from './responses.ts';
import type { MailboxChange, Store } from './store.ts';

export type LifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';

export type SimSubscription = {
  id: string;
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  clientState: string | null;
  expirationDateTime: string;
  applicationId: string;
  creatorId: string;
  latestSupportedTlsVersion: string;
  directoryTenantId: string;
  userId: string;
  /** Set for a folder resource (`users/{id}/mailFolders('inbox')/messages`). */
  folderId: string | null;
  immutableIds: boolean;
};

export const MAX_MESSAGE_SUBSCRIPTION_MINUTES = 10080;
const VALIDATION_TIMEOUT_MS = 10_000;
const NOTIFICATION_DELAY_MS = 20;

type Delivery = { status: number; contentType: string; text: string };

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (host === 'localhost') return true;
  if (net.isIPv4(host)) return host.startsWith('127.');
  return host === '::1';
}

/** POSTs a body to a loopback receiver and reads its reply. */
export function postTo(url: string, body: string, contentType: string, timeoutMs: number): Promise<Delivery> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const transport = target.protocol === 'https:' ? https : http;
    const request = transport.request(
      target,
      {
        method: 'POST',
        headers: { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) },
        timeout: timeoutMs,
        ...(target.protocol === 'https:' ? { rejectUnauthorized: false } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          resolve({
            status: response.statusCode ?? 0,
            contentType: response.headers['content-type'] ?? '',
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
    request.end(body);
  });
}

function stringField(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' ? value : undefined;
}

export function createSubscriptions(deps: { store: Store; graphBaseUrl: () => string; log: (event: object) => void }) {
  const { store } = deps;
  const subscriptions = new Map<string, SimSubscription>();
  const pending = new Map<string, Record<string, unknown>[]>();
  const inFlight = new Set<Promise<unknown>>();

  function track<T>(promise: Promise<T>): Promise<T> {
    inFlight.add(promise);
    void promise.finally(() => inFlight.delete(promise)).catch(() => undefined);
    return promise;
  }

  function render(s: SimSubscription, withContext: boolean): Subscription & Record<string, unknown> {
    return {
      ...(withContext ? { '@odata.context': `${deps.graphBaseUrl()}/$metadata#subscriptions/$entity` } : {}),
      id: s.id,
      resource: s.resource,
      applicationId: s.applicationId,
      changeType: s.changeType,
      clientState: s.clientState,
      notificationUrl: s.notificationUrl,
      lifecycleNotificationUrl: s.lifecycleNotificationUrl,
      expirationDateTime: s.expirationDateTime,
      creatorId: s.creatorId,
      latestSupportedTlsVersion: s.latestSupportedTlsVersion,
      encryptionCertificate: '',
      encryptionCertificateId: '',
      includeResourceData: false,
      notificationContentType: 'application/json',
    };
  }

  function checkExpiration(value: string | undefined): string {
    const at = value === undefined ? NaN : Date.parse(value);
    if (Number.isNaN(at)) {
      throw new GraphError(400, 'InvalidRequest', 'expirationDateTime is required and must be a date-time.');
    }
    if (at <= Date.now()) {
      throw new GraphError(400, 'InvalidRequest', 'Subscription expiration must be in the future.');
    }
    if (at > Date.now() + MAX_MESSAGE_SUBSCRIPTION_MINUTES * 60_000) {
      throw new GraphError(
        400,
        'InvalidRequest',
        `Subscription expiration can only be ${MAX_MESSAGE_SUBSCRIPTION_MINUTES} minutes in the future.`,
      );
    }
    return new Date(at).toISOString();
  }

  function checkUrl(value: string | undefined, name: string): string {
    let url: URL;
    try {
      url = new URL(value ?? '');
    } catch {
      throw new GraphError(400, 'InvalidRequest', `${name} must be an absolute URL.`);
    }
    if (!['http:', 'https:'].includes(url.protocol) || !isLoopback(url.hostname)) {
      throw new GraphError(
        400,
        'InvalidRequest',
        `${name} must be on this machine (the simulator only calls loopback receivers).`,
      );
    }
    return url.toString();
  }

  /** `users/{id}/messages` or `users/{id}/mailFolders('{id|name}')/messages`, with or without a leading slash. */
  function parseResource(resource: string, tenantId: string): { userId: string; folderId: string | null } {
    const normalized = resource.replace(/\('([^']*)'\)/g, '/$1').replace(/^\//, '');
    const match = /^users\/([^/]+)\/(?:mailfolders\/([^/]+)\/)?messages$/i.exec(normalized);
    const user = match?.[1] === undefined ? null : store.findUser(decodeURIComponent(match[1]));
    if (!match || user?.directoryTenantId !== tenantId) {
      throw new GraphError(400, 'ExtensionError', `Resource '${resource}' is not supported or does not exist.`);
    }
    if (match[2] === undefined) return { userId: user.id, folderId: null };
    const folder = store.findFolder(user.id, decodeURIComponent(match[2]));
    if (!folder) throw new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    return { userId: user.id, folderId: folder.id };
  }

  async function validate(url: string): Promise<void> {
    const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
    const target = `${url}${url.includes('?') ? '&' : '?'}validationToken=${encodeURIComponent(token)}`;
    let reply: Delivery;
    try {
      reply = await postTo(target, '', 'text/plain; charset=utf-8', VALIDATION_TIMEOUT_MS);
    } catch {
      throw new GraphError(
        400,
        'ValidationError',
        'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.',
      );
    }
    deps.log({ event: 'subscription.validation', url, status: reply.status });
    if (reply.status !== 200) {
      throw new GraphError(
        400,
        'ValidationError',
        'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.',
      );
    }
    if (!reply.contentType.toLowerCase().startsWith('text/plain') || reply.text !== token) {
      throw new GraphError(
        400,
        'ValidationError',
        'Subscription validation request failed. Response must exactly match validationToken query parameter.',
      );
    }
  }

  async function create(req: SimRequest) {
    const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
    const resource = stringField(body, 'resource');
    const changeType = stringField(body, 'changeType');
    if (resource === undefined || changeType === undefined) {
      throw new GraphError(400, 'InvalidRequest', 'resource and changeType are required.');
    }
    const kinds = changeType.split(',').map((c) => c.trim());
    if (kinds.some((k) => !['created', 'updated', 'deleted'].includes(k))) {
      throw new GraphError(400, 'InvalidRequest', `changeType '${changeType}' is invalid.`);
    }
    const clientState = stringField(body, 'clientState') ?? null;
    if (clientState !== null && clientState.length > 128) {
      throw new GraphError(400, 'InvalidRequest', 'clientState must be at most 128 characters.');
    }
    const { userId, folderId } = parseResource(resource, req.tenantId);
    const expirationDateTime = checkExpiration(stringField(body, 'expirationDateTime'));
    const notificationUrl = checkUrl(stringField(body, 'notificationUrl'), 'notificationUrl');
    const lifecycleRaw = stringField(body, 'lifecycleNotificationUrl');
    const lifecycleNotificationUrl =
      lifecycleRaw === undefined ? null : checkUrl(lifecycleRaw, 'lifecycleNotificationUrl');
    await validate(notificationUrl);
    if (lifecycleNotificationUrl !== null) await validate(lifecycleNotificationUrl);
    const subscription: SimSubscription = {
      id: randomUUID(),
      resource,
      changeType: kinds.join(','),
      notificationUrl,
      lifecycleNotificationUrl,
      clientState,
      expirationDateTime,
      applicationId: req.clientId,
      creatorId: randomUUID(),
      latestSupportedTlsVersion: stringField(body, 'latestSupportedTlsVersion') ?? 'v1_2',
      directoryTenantId: req.tenantId,
      userId,
      folderId,
      immutableIds: (parsePrefer(req.headers).get('idtype') ?? '').toLowerCase() === 'immutableid',
    };
    subscriptions.set(subscription.id, subscription);
    deps.log({ event: 'subscription.created', id: subscription.id, resource });
    return jsonResponse(201, render(subscription, true));
  }

  function owned(id: string | undefined, req: SimRequest): SimSubscription {
    const s = id === undefined ? undefined : subscriptions.get(id);
    if (s?.directoryTenantId !== req.tenantId || Date.parse(s.expirationDateTime) <= Date.now()) {
      throw new GraphError(404, 'ResourceNotFound', `The object was not found.`);
    }
    return s;
  }

  function flush(url: string): void {
    const value = pending.get(url) ?? [];
    pending.delete(url);
    if (value.length === 0) return;
    const delivery = postTo(url, JSON.stringify({ value }), 'application/json; charset=utf-8', 3_000).then(
      (reply) => deps.log({ event: 'notification.delivered', url, count: value.length, status: reply.status }),
      (error: unknown) => deps.log({ event: 'notification.failed', url, error: String(error) }),
    );
    void track(delivery);
  }

  function notify(change: MailboxChange): void {
    for (const s of subscriptions.values()) {
      if (s.userId !== change.userId || (s.folderId !== null && s.folderId !== change.folderId)) continue;
      if (!s.changeType.split(',').includes(change.changeType)) continue;
      if (Date.parse(s.expirationDateTime) <= Date.now()) continue;
      const id = messageId(store, change.message, s.immutableIds);
      const notification: ChangeNotification & Record<string, unknown> = {
        id: randomUUID().replace(/-/g, '').slice(0, 13),
        subscriptionId: s.id,
        subscriptionExpirationDateTime: s.expirationDateTime,
        clientState: s.clientState,
        changeType: change.changeType,
        resource: `Users/${s.userId}/Messages/${id}`,
        tenantId: s.directoryTenantId,
        resourceData: {
          '@odata.type': '#Microsoft.Graph.Message',
          '@odata.id': `Users/${s.userId}/Messages/${id}`,
          '@odata.etag': etag(change.message),
          id,
        },
      };
      const queue = pending.get(s.notificationUrl);
      if (queue) queue.push(notification);
      else {
        pending.set(s.notificationUrl, [notification]);
        const url = s.notificationUrl;
        setTimeout(() => flush(url), NOTIFICATION_DELAY_MS).unref();
      }
    }
  }

  const unsubscribe = store.onChange(notify);

  return {
    list(): SimSubscription[] {
      return [...subscriptions.values()];
    },

    route(req: SimRequest, segments: string[]): Route | null {
      const [id, action] = segments;
      const route = (run: () => Promise<ReturnType<typeof jsonResponse>>): Route => ({
        kind: 'subscriptions',
        userId: null,
        run,
      });
      if (id === undefined) {
        if (req.method === 'POST') return route(() => create(req));
        if (req.method === 'GET') {
          return route(() =>
            Promise.resolve(
              jsonResponse(200, {
                '@odata.context': `${deps.graphBaseUrl()}/$metadata#subscriptions`,
                value: [...subscriptions.values()]
                  .filter((s) => s.directoryTenantId === req.tenantId)
                  .map((s) => render(s, false)),
              }),
            ),
          );
        }
        return null;
      }
      if (action === 'reauthorize' && req.method === 'POST') {
        return route(() => {
          owned(id, req);
          return Promise.resolve({ status: 204, headers: {}, body: null });
        });
      }
      if (action !== undefined) return null;
      if (req.method === 'GET') return route(() => Promise.resolve(jsonResponse(200, render(owned(id, req), true))));
      if (req.method === 'PATCH') {
        return route(() => {
          const s = owned(id, req);
          const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
          s.expirationDateTime = checkExpiration(stringField(body, 'expirationDateTime'));
          return Promise.resolve(jsonResponse(200, render(s, false)));
        });
      }
      if (req.method === 'DELETE') {
        return route(() => {
          subscriptions.delete(owned(id, req).id);
          return Promise.resolve({ status: 204, headers: {}, body: null });
        });
      }
      return null;
    },

    async sendLifecycle(subscriptionId: string, lifecycleEvent: LifecycleEvent): Promise<void> {
      const s = subscriptions.get(subscriptionId);
      if (!s) throw new Error(`Graph simulator: no subscription ${subscriptionId}`);
      if (s.lifecycleNotificationUrl === null) {
        throw new Error(`Graph simulator: subscription ${subscriptionId} has no lifecycleNotificationUrl`);
      }
      if (lifecycleEvent === 'subscriptionRemoved') subscriptions.delete(s.id);
      const value = [
        {
          subscriptionId: s.id,
          subscriptionExpirationDateTime: s.expirationDateTime,
          tenantId: s.directoryTenantId,
          clientState: s.clientState,
          lifecycleEvent,
        },
      ];
      const reply = await track(
        postTo(s.lifecycleNotificationUrl, JSON.stringify({ value }), 'application/json; charset=utf-8', 3_000),
      );
      deps.log({ event: 'lifecycle.delivered', id: s.id, lifecycleEvent, status: reply.status });
    },

    /** Waits for notifications queued or on their way (tests call it before close). */
    async drain(): Promise<void> {
      await new Promise((resolve) => setTimeout(resolve, NOTIFICATION_DELAY_MS * 2));
      await Promise.allSettled([...inFlight]);
    },

    close(): void {
      unsubscribe();
    },
  };
}

export type Subscriptions = ReturnType<typeof createSubscriptions>;
