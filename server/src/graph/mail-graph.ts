// The Graph calls the mail sync makes, through Microsoft's own client
// (@microsoft/microsoft-graph-client) with a middleware chain of our choosing:
// authentication and the HTTP call, but not the SDK's retry handler, which caps
// Retry-After at 180 s, retries while holding a mailbox's concurrency slot and
// never looks inside a $batch. Retries happen here instead: at most 4 requests in
// flight per mailbox (limiter.ts), Retry-After honoured in both forms, jittered
// exponential backoff otherwise, a bounded number of attempts, and a wait longer
// than `inlineWaitMaxMs` handed back to the caller (the sync parks the mailbox as
// THROTTLED until then instead of holding a worker).
import { setTimeout as sleepFor } from 'node:timers/promises';
import {
  AuthenticationHandler,
  Client,
  GraphError,
  HTTPMessageHandler,
  TelemetryHandler,
} from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import type { Logger } from '../shared/log.ts';
import type { AppTokens } from './app-tokens.ts';
import { classifyFailure, GraphFailure } from './graph-errors.ts';
import { createRequestLimiter, MAX_CONCURRENT_REQUESTS_PER_MAILBOX } from './limiter.ts';

/** $batch takes at most 20 requests (Graph's limit, and the SDK's). */
export const BATCH_LIMIT = 20;
const IMMUTABLE_IDS = 'IdType="ImmutableId"';
const TEXT_BODY = 'outlook.body-content-type="text"';

const Recipient = z.object({
  emailAddress: z.object({ address: z.string().nullish(), name: z.string().nullish() }).nullish(),
});
/** The message fields the sync relies on; Graph may leave any of them out (updates, drafts). */
export const GraphMessage = z.object({
  id: z.string().min(1),
  internetMessageId: z.string().nullish(),
  subject: z.string().nullish(),
  from: Recipient.nullish(),
  sender: Recipient.nullish(),
  toRecipients: z.array(Recipient).nullish(),
  ccRecipients: z.array(Recipient).nullish(),
  sentDateTime: z.string().nullish(),
  receivedDateTime: z.string().nullish(),
  conversationId: z.string().nullish(),
  bodyPreview: z.string().nullish(),
  body: z.object({ contentType: z.string().nullish(), content: z.string().nullish() }).nullish(),
  internetMessageHeaders: z.array(z.object({ name: z.string(), value: z.string() })).nullish(),
  isDraft: z.boolean().nullish(),
  parentFolderId: z.string().nullish(),
});
export type GraphMessage = z.infer<typeof GraphMessage>;

const DeltaPageBody = z.object({
  value: z.array(z.record(z.string(), z.unknown())),
  '@odata.nextLink': z.string().optional(),
  '@odata.deltaLink': z.string().optional(),
});
const FolderBody = z.object({
  id: z.string(),
  displayName: z.string().nullish(),
  parentFolderId: z.string().nullish(),
  childFolderCount: z.number().nullish(),
});
export type GraphFolder = { id: string; displayName: string; parentFolderId: string | null };
const FolderPage = z.object({ value: z.array(FolderBody), '@odata.nextLink': z.string().optional() });
const UserBody = z.object({ id: z.string(), mail: z.string().nullish(), displayName: z.string().nullish() });
const BatchBody = z.object({
  responses: z.array(
    z.object({
      id: z.string(),
      status: z.number(),
      headers: z.record(z.string(), z.string()).nullish(),
      body: z.unknown(),
    }),
  ),
});
const SubscriptionBody = z.object({ id: z.string(), expirationDateTime: z.string(), resource: z.string() });

export type DeltaPage = {
  messages: GraphMessage[];
  /** Ids Graph reported as `@removed` (deleted, or moved out of the folder). */
  removedIds: string[];
  nextLink: string | null;
  deltaLink: string | null;
};

/** Which mailbox a call is for: the directory (Entra tenant) and the Graph user id. */
export type MailboxAddress = { directoryTenantId: string; userId: string };

export type MailGraphOptions = {
  /** https://graph.microsoft.com, or a stand-in's address. */
  graphBaseUrl: string;
  tokens: AppTokens;
  log: Logger;
  /** Requests in flight across every mailbox. */
  appWideConcurrency: number;
  /** Attempts per request before its failure is handed back (default 5). */
  maxAttempts?: number;
  /** Longer waits are not slept here: the caller gets a THROTTLED failure (default 30 s). */
  inlineWaitMaxMs?: number;
  /** First backoff step without Retry-After, doubled each attempt, fully jittered (default 500 ms). */
  backoffBaseMs?: number;
  sleep?: (ms: number) => Promise<unknown>;
  now?: () => Date;
  random?: () => number;
};

export type MailGraph = ReturnType<typeof createMailGraph>;

export function createMailGraph(options: MailGraphOptions) {
  const base = new URL(options.graphBaseUrl);
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? ((ms: number) => sleepFor(ms));
  const random = options.random ?? Math.random;
  const maxAttempts = options.maxAttempts ?? 5;
  const inlineWaitMaxMs = options.inlineWaitMaxMs ?? 30_000;
  const backoffBaseMs = options.backoffBaseMs ?? 500;
  const limiter = createRequestLimiter({ appWide: options.appWideConcurrency });
  const stats = { requests: 0, subRequests: 0, retries: 0 };
  const clients = new Map<string, Client>();
  const fresh = new Set<string>();

  const clientFor = (directoryTenantId: string) => {
    let client = clients.get(directoryTenantId);
    if (!client) {
      // call() has just fetched the token (see there): this finds it in MSAL's cache.
      const authProvider = { getAccessToken: () => options.tokens.get(directoryTenantId) };
      client = Client.initWithMiddleware({
        middleware: [new AuthenticationHandler(authProvider), new TelemetryHandler(), new HTTPMessageHandler()],
        baseUrl: `${base.origin}/`,
        // The client sends the token only to hosts it knows: Graph's own, and this one.
        customHosts: new Set([base.hostname]),
        defaultVersion: 'v1.0',
      });
      clients.set(directoryTenantId, client);
    }
    return client;
  };

  /** The wait before attempt `attempt + 1`: Retry-After when given, else jittered backoff. */
  const waitFor = (failure: GraphFailure, attempt: number) =>
    failure.retryAfterMs ?? Math.round(random() * backoffBaseMs * 2 ** (attempt - 1));

  /**
   * Runs one call for a mailbox (or for the directory: mailbox null) with retries.
   * Throws a GraphFailure for what retrying here cannot fix.
   */
  async function call(
    directoryTenantId: string,
    mailbox: string | null,
    weight: number,
    what: string,
    // The SDK answers `any`: callers parse what they rely on.
    send: (client: Client) => Promise<unknown>,
  ): Promise<unknown> {
    let refreshedToken = false;
    for (let attempt = 1; ; attempt++) {
      let failure: GraphFailure;
      try {
        stats.requests++;
        const key = `${directoryTenantId}/${mailbox ?? '-'}`;
        // The token first, outside the SDK: a refusal thrown inside it comes back as a
        // GraphError without status or kind, and revoked consent would look temporary.
        await options.tokens.get(directoryTenantId, fresh.delete(directoryTenantId));
        return await limiter.run(key, weight, () => send(clientFor(directoryTenantId)));
      } catch (error) {
        failure = toFailure(error, now());
      }
      if (failure.kind === 'TOKEN_EXPIRED' && !refreshedToken) {
        refreshedToken = true;
        fresh.add(directoryTenantId);
        continue;
      }
      if (failure.kind !== 'THROTTLED' && failure.kind !== 'TEMPORARY') throw failure;
      const wait = waitFor(failure, attempt);
      if (attempt >= maxAttempts || wait > inlineWaitMaxMs) {
        // Long waits are the caller's to schedule: report when to come back.
        throw new GraphFailure(failure.kind, failure.status, failure.code, failure.message, wait, { cause: failure });
      }
      stats.retries++;
      options.log.debug({ what, status: failure.status, code: failure.code, wait, attempt }, 'graph retry');
      await sleep(wait);
    }
  }

  const mailboxPath = (m: MailboxAddress) => `/users/${encodeURIComponent(m.userId)}`;

  return {
    stats,
    peakInFlight: (m?: MailboxAddress) => limiter.peak(m ? `${m.directoryTenantId}/${m.userId}` : undefined),

    /** The user with this id or address, or null when the directory has none. */
    async findUser(directoryTenantId: string, idOrMail: string) {
      try {
        const body = await call(directoryTenantId, null, 1, 'user', (c) =>
          c
            .api(`/users/${encodeURIComponent(idOrMail)}`)
            .select(['id', 'mail', 'displayName'])
            .get(),
        );
        return UserBody.parse(body);
      } catch (error) {
        // Graph answers Request_ResourceNotFound; Exchange's ErrorInvalidUser is classified as an inactive mailbox.
        if (error instanceof GraphFailure && (error.kind === 'NOT_FOUND' || error.code === 'ErrorInvalidUser')) {
          return null;
        }
        throw error;
      }
    },

    /** A folder by id or well-known name (inbox, sentitems…). */
    async getFolder(m: MailboxAddress, folder: string): Promise<GraphFolder> {
      const body = await call(m.directoryTenantId, m.userId, 1, 'folder', (c) =>
        c.api(`${mailboxPath(m)}/mailFolders/${encodeURIComponent(folder)}`).get(),
      );
      return folderOf(FolderBody.parse(body));
    },

    /** Every folder of the mailbox: the root's children, then each one's children, all pages. */
    async listFolders(m: MailboxAddress): Promise<GraphFolder[]> {
      const folders: GraphFolder[] = [];
      const queue: string[] = [`${mailboxPath(m)}/mailFolders`];
      while (queue.length) {
        let link: string | undefined = queue.shift();
        while (link) {
          const target: string = link;
          const page = FolderPage.parse(
            await call(m.directoryTenantId, m.userId, 1, 'folders', (c) => c.api(target).get()),
          );
          for (const folder of page.value) {
            folders.push(folderOf(folder));
            if ((folder.childFolderCount ?? 1) > 0) {
              queue.push(`${mailboxPath(m)}/mailFolders/${encodeURIComponent(folder.id)}/childFolders`);
            }
          }
          link = page['@odata.nextLink'];
        }
      }
      return folders;
    },

    /**
     * One page of a folder's message delta: from `link` (a next or delta link,
     * used verbatim), or a new round when null. Query options go on the first
     * request only (Graph keeps them in its links); Prefer goes on every one.
     */
    async deltaPage(
      m: MailboxAddress,
      folderId: string,
      link: string | null,
      page: { select: string[]; pageSize: number },
    ): Promise<DeltaPage> {
      const prefer = `odata.maxpagesize=${page.pageSize}, ${IMMUTABLE_IDS}, ${TEXT_BODY}`;
      const body = await call(m.directoryTenantId, m.userId, 1, 'delta', (c) => {
        const request = link
          ? c.api(link)
          : c.api(`${mailboxPath(m)}/mailFolders/${encodeURIComponent(folderId)}/messages/delta`).select(page.select);
        return request.header('Prefer', prefer).get();
      });
      const parsed = DeltaPageBody.parse(body);
      const messages: GraphMessage[] = [];
      const removedIds: string[] = [];
      for (const entry of parsed.value) {
        if ('@removed' in entry) {
          if (typeof entry.id === 'string') removedIds.push(entry.id);
          continue;
        }
        const message = GraphMessage.safeParse(entry);
        if (message.success) messages.push(message.data);
        else options.log.warn({ folderId, issues: message.error.issues.length }, 'delta item without an id skipped');
      }
      return {
        messages,
        removedIds,
        nextLink: parsed['@odata.nextLink'] ?? null,
        deltaLink: parsed['@odata.deltaLink'] ?? null,
      };
    },

    /**
     * Fetches messages by id through $batch, 20 per batch. Each sub-response is
     * handled on its own: 200 kept, 404 dropped (deleted since it was listed),
     * throttled or failed ones retried after their own Retry-After, up to the
     * attempt limit.
     */
    async getMessages(m: MailboxAddress, ids: string[], select: string[]) {
      const found: GraphMessage[] = [];
      const gone: string[] = [];
      for (let start = 0; start < ids.length; start += BATCH_LIMIT) {
        let pending = ids.slice(start, start + BATCH_LIMIT);
        for (let attempt = 1; pending.length; attempt++) {
          const requests = pending.map((id, index) => ({
            id: String(index + 1),
            method: 'GET',
            url: `${mailboxPath(m)}/messages/${encodeURIComponent(id)}?$select=${select.join(',')}`,
            headers: { Prefer: `${IMMUTABLE_IDS}, ${TEXT_BODY}` },
          }));
          stats.subRequests += requests.length;
          const batch = BatchBody.parse(
            await call(m.directoryTenantId, m.userId, requests.length, 'batch', (c) =>
              c.api('/$batch').post({ requests }),
            ),
          );
          const retry: string[] = [];
          let wait = 0;
          let lastFailure: GraphFailure | null = null;
          // Responses come in any order: matched by id, never by position.
          for (const response of batch.responses) {
            const id = pending[Number(response.id) - 1];
            if (id === undefined) continue;
            if (response.status >= 200 && response.status < 300) {
              const message = GraphMessage.safeParse(response.body);
              if (message.success) found.push(message.data);
              continue;
            }
            const error = (response.body as { error?: { code?: string; message?: string } } | null)?.error;
            const failure = classifyFailure(
              {
                status: response.status,
                code: error?.code,
                message: error?.message,
                retryAfter: headerOf(response.headers, 'retry-after'),
              },
              now(),
            );
            if (failure.kind === 'NOT_FOUND') gone.push(id);
            else if (failure.kind === 'THROTTLED' || failure.kind === 'TEMPORARY') {
              retry.push(id);
              wait = Math.max(wait, waitFor(failure, attempt));
              lastFailure = failure;
            } else throw failure;
          }
          const answered = new Set(batch.responses.map((r) => r.id));
          requests.forEach((r, index) => {
            const id = pending[index];
            if (!answered.has(r.id) && id !== undefined) retry.push(id); // never answered: ask again
          });
          if (retry.length && (attempt >= maxAttempts || wait > inlineWaitMaxMs)) {
            // Also when Graph simply left some out, attempt after attempt: never a loop without end.
            throw lastFailure
              ? new GraphFailure(lastFailure.kind, lastFailure.status, lastFailure.code, lastFailure.message, wait)
              : new GraphFailure('TEMPORARY', 200, null, `$batch left ${retry.length} requests unanswered`, null);
          }
          if (retry.length) {
            stats.retries++;
            await sleep(Math.max(wait, backoffBaseMs));
          }
          pending = retry;
        }
      }
      return { found, gone };
    },

    async createSubscription(
      directoryTenantId: string,
      subscription: {
        resource: string;
        notificationUrl: string;
        lifecycleNotificationUrl: string;
        clientState: string;
        expirationDateTime: Date;
      },
    ) {
      const body = await call(directoryTenantId, null, 1, 'subscribe', (c) =>
        c.api('/subscriptions').post({
          changeType: 'created,updated,deleted',
          ...subscription,
          expirationDateTime: subscription.expirationDateTime.toISOString(),
        }),
      );
      return SubscriptionBody.parse(body);
    },

    async renewSubscription(directoryTenantId: string, id: string, expirationDateTime: Date) {
      const body = await call(directoryTenantId, null, 1, 'renew', (c) =>
        c
          .api(`/subscriptions/${encodeURIComponent(id)}`)
          .patch({ expirationDateTime: expirationDateTime.toISOString() }),
      );
      return SubscriptionBody.parse(body);
    },

    async reauthorizeSubscription(directoryTenantId: string, id: string) {
      await call(directoryTenantId, null, 1, 'reauthorize', (c) =>
        c.api(`/subscriptions/${encodeURIComponent(id)}/reauthorize`).post({}),
      );
    },

    async deleteSubscription(directoryTenantId: string, id: string) {
      try {
        await call(directoryTenantId, null, 1, 'unsubscribe', (c) =>
          c.api(`/subscriptions/${encodeURIComponent(id)}`).delete(),
        );
      } catch (error) {
        if (!(error instanceof GraphFailure && error.kind === 'NOT_FOUND')) throw error;
      }
    },
  };
}

function folderOf(body: z.infer<typeof FolderBody>): GraphFolder {
  return { id: body.id, displayName: body.displayName ?? '', parentFolderId: body.parentFolderId ?? null };
}

function headerOf(headers: Record<string, string> | null | undefined, name: string): string | null {
  if (!headers) return null;
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return null;
}

/** The SDK's GraphError (or a network failure, or our own) as a classified failure. */
function toFailure(error: unknown, now: Date): GraphFailure {
  if (error instanceof GraphFailure) return error;
  if (error instanceof GraphError) {
    const body: unknown = error.body;
    // Graph's own errors are JSON. For an HTML page (a proxy's or gateway's) the SDK
    // hands back the unread response stream, without headers: not Graph speaking, so
    // transient whatever the status. The stream is dropped unread.
    const unread = body instanceof ReadableStream;
    if (unread) void body.cancel().catch(() => undefined);
    const html = unread || (typeof body === 'string' && /^\s*</.test(body));
    return new GraphFailure(
      ...ctorArgs(
        classifyFailure(
          {
            status: error.statusCode > 0 ? error.statusCode : 0,
            code: error.code,
            message: error.message,
            retryAfter: error.headers?.get('retry-after') ?? null,
            html,
          },
          now,
        ),
      ),
      { cause: error },
    );
  }
  return new GraphFailure('TEMPORARY', 0, null, (error as Error).message, null, { cause: error });
}

const ctorArgs = (f: GraphFailure) => [f.kind, f.status, f.code, f.message, f.retryAfterMs] as const;

export { MAX_CONCURRENT_REQUESTS_PER_MAILBOX };
