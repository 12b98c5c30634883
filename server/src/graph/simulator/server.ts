// The simulator's HTTPS server: a small router over node:https (no Express: only http/
// knows it), the auth step, and the pipeline every Graph request and $batch sub-request
// goes through — faults, the per-mailbox concurrency limit, latency, the request record.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { runBatch } from './batch.ts';
import { createDeltaRegistry } from './delta.ts';
import { createFaults, defaultErrorFor, retryAfterHeader, type FaultEffect, type FaultRule } from './faults.ts';
import {
  GraphError,
  errorResponse,
  htmlErrorResponse,
  jsonResponse,
  parseQuery,
  toResponse,
  type SimRequest,
  type SimResponse,
} from './responses.ts';
import { resolveRoute, type RouteContext } from './routes.ts';
import { createStore, type SimFolder, type SimMessage, type SimMessageInput, type SimUser } from './store.ts';
import { createSubscriptions, type LifecycleEvent, type SimSubscription } from './subscriptions.ts';
import { buildMessage } from './messages.ts';
import { directoryRoute } from './directory-routes.ts';
import {
  createEntra,
  isTokenPath,
  tokenFaultResponse,
  type ConsentKind,
  type SignOptions,
  type SimAppInput,
  walkSignIn,
} from './entra/index.ts';

export type GraphSimulatorOptions = {
  /** Default 0 (an ephemeral port). */
  port?: number;
  /** Added to every Graph request (and $batch sub-request) while it counts as in flight. */
  latencyMs?: number;
  /** Default 3599, as Entra. */
  tokenLifetimeSeconds?: number;
  /** Default 4: one more concurrent request touching a mailbox gets 429 ApplicationThrottled. */
  maxConcurrentPerMailbox?: number;
  log?: (event: object) => void;
};

export type RequestRecord = {
  method: string;
  /** The path without host or query, e.g. `/v1.0/users/{id}/mailFolders`; a $batch item's url path. */
  path: string;
  query: string;
  /** The user id of the mailbox the request touched, or null. */
  mailbox: string | null;
  status: number;
  startedAt: number;
  endedAt: number;
  /** Requests in flight for the mailbox when this one arrived, itself included (0 without a mailbox). */
  inFlightForMailbox: number;
  /** On a $batch request: how many sub-requests it carried. */
  batchSize?: number;
  /** On a $batch sub-request: true (each sub-request is recorded on its own, before its batch). */
  inBatch?: boolean;
};

export type GraphSimulator = {
  url: string;
  graphBaseUrl: string;
  ca: string;
  /**
   * A directory with an app that may read it on its own (the sync's): the directory (if new),
   * the app registered with Graph application permissions Mail.Read and User.Read.All (if new),
   * and the directory's admin consent to it.
   */
  addTenant(t: {
    directoryTenantId: string;
    clientId: string;
    clientSecret: string;
    domains?: string[];
    displayName?: string;
  }): void;
  /** A directory (Entra tenant): its name and verified domains, the default first. */
  addDirectory(t: { directoryTenantId: string; displayName: string; domains: string[] }): void;
  /** `admin`: a global administrator, who may consent for the organisation. */
  addUser(directoryTenantId: string, u: { id?: string; mail: string; displayName: string; admin?: boolean }): SimUser;
  /** An app registration (multi-tenant): each directory's admin must still consent to it. */
  registerApp(app: SimAppInput): void;
  /** As if an admin of the directory had consented (an organisation already onboarded). */
  grantConsent(directoryTenantId: string, clientId: string, kinds?: ConsentKind[]): void;
  consented(directoryTenantId: string, clientId: string, kind: ConsentKind): boolean;
  /**
   * Walks an authorize or adminconsent URL as this user would in a browser (pick the account,
   * then accept or cancel the consent prompt if one is shown) and returns where Entra sends
   * the browser: the redirect URI with the code or the error. form_post: the redirect URI
   * with the posted fields as its query. Throws with the page's AADSTS message on an error
   * page, or when the user may not accept. The calling process must trust `ca`.
   */
  authorize(url: string, as: { userId: string; decision?: 'accept' | 'cancel' }): Promise<string>;
  /** A JWT over these claims, signed like the simulator's tokens unless options say otherwise. */
  signToken(claims: Record<string, unknown>, options?: SignOptions): Promise<string>;
  /** The v2 issuer of a directory's tokens: `${url}/${directoryTenantId}/v2.0`. */
  issuer(directoryTenantId: string): string;
  /** The current signing key's kid. */
  signingKeyId(): string;
  /** A new signing key; the previous one is no longer published. Returns the new kid. */
  rotateSigningKey(): string;
  /** JWKS requests (any tenant's keys) answered so far. */
  jwksRequests(): number;
  addFolder(userId: string, f: { displayName: string; parentFolderId?: string; isHidden?: boolean }): SimFolder;
  addMessage(userId: string, folder: string, m: Partial<SimMessageInput>): SimMessage;
  updateMessage(userId: string, messageId: string, patch: Partial<SimMessageInput>): void;
  moveMessage(userId: string, messageId: string, toFolder: string): void;
  deleteMessage(userId: string, messageId: string): void;
  /** A message's current state (by immutable or mutable id), or null. */
  getMessage(userId: string, messageId: string): SimMessage | null;
  /** A folder by id or well-known name, or null. */
  getFolder(userId: string, folder: string): SimFolder | null;
  users(directoryTenantId?: string): SimUser[];
  fault(rule: FaultRule): void;
  clearFaults(): void;
  /** Links issued so far answer 410; `{ only: 'next' }`: only next links of rounds under way. */
  expireDeltaTokens(userId?: string, options?: { only?: 'next' }): void;
  /** The directory withdraws its consent to every app (or to clientId): tokens and sign-ins refused. */
  revokeConsent(directoryTenantId: string, clientId?: string): void;
  restoreConsent(directoryTenantId: string, clientId?: string): void;
  expireAccessTokens(): void;
  denyMailbox(userId: string, denied: boolean): void;
  deactivateMailbox(userId: string, deactivated?: boolean): void;
  sendLifecycle(subscriptionId: string, event: LifecycleEvent): Promise<void>;
  subscriptions(): SimSubscription[];
  /** Waits until queued change notifications have been delivered (or failed). */
  flushNotifications(): Promise<void>;
  requests: RequestRecord[];
  peakInFlight(userId?: string): number;
  resetStats(): void;
  close(): Promise<void>;
};

/** A response, what the outer record adds (batchSize), and whether execute() recorded it already. */
type HandledResponse = SimResponse & { record?: Partial<RequestRecord>; recorded?: boolean };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// One certificate per process, shared by every simulator started in it: a client trusts it
// once (Node's default CA list is process-wide, and its TLS contexts are cached), and key
// generation is paid once. Fixed per process, so it is not the kind of singleton to avoid.
let certificate: Promise<{ key: string; cert: string }> | null = null;

function sharedCertificate(): Promise<{ key: string; cert: string }> {
  certificate ??= generateCertificate();
  return certificate;
}

async function generateCertificate(): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - 60_000),
    notAfterDate: new Date(Date.now() + 30 * 24 * 3600_000),
    extensions: [
      // A CA that is its own server certificate: clients add it as a trust anchor.
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function lowerHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export async function startGraphSimulator(options: GraphSimulatorOptions = {}): Promise<GraphSimulator> {
  const latencyMs = options.latencyMs ?? 0;
  const maxConcurrent = options.maxConcurrentPerMailbox ?? 4;
  const log = options.log ?? (() => undefined);
  let url = '';
  const graphBaseUrl = () => `${url}/v1.0`;

  const store = createStore();
  const faults = createFaults();
  const delta = createDeltaRegistry(store, graphBaseUrl);
  const subscriptions = createSubscriptions({ store, graphBaseUrl, log });
  const entra = createEntra({ store, lifetimeSeconds: options.tokenLifetimeSeconds ?? 3599, url: () => url });
  const tokens = entra.tokens;
  const mailboxFlags = { denied: new Set<string>(), deactivated: new Set<string>() };
  const ctx: RouteContext = { store, delta, subscriptions, mailboxFlags, graphBaseUrl };

  const requests: RequestRecord[] = [];
  const inFlight = new Map<string, number>();

  function effectResponse(effect: FaultEffect, clientRequestId: string | undefined): SimResponse | null {
    if (!('status' in effect)) return null;
    const headers = retryAfterHeader(effect.retryAfter);
    if (effect.html === true) return htmlErrorResponse(effect.status, headers);
    const [code, message] = defaultErrorFor(effect.status);
    return errorResponse(effect.status, effect.code ?? code, effect.message ?? message, clientRequestId, headers);
  }

  /** One Graph request (top-level or a $batch item) through faults, the concurrency limit and its handler. */
  async function execute(req: SimRequest, inBatch: boolean): Promise<SimResponse> {
    const startedAt = Date.now();
    const clientRequestId = req.headers['client-request-id'];
    const route = resolveRoute(ctx, req);
    const userId = route?.userId ?? null;
    const running = userId === null ? 0 : (inFlight.get(userId) ?? 0) + 1;
    let response: SimResponse;
    if (!route) {
      const segment = req.path.split('/').filter(Boolean).pop() ?? '';
      response = errorResponse(400, 'BadRequest', `Resource not found for the segment '${segment}'.`, clientRequestId);
    } else if (userId !== null && running > maxConcurrent) {
      response = errorResponse(
        429,
        'ApplicationThrottled',
        'Application is over its MailboxConcurrency limit.',
        clientRequestId,
        { 'Retry-After': '1' },
      );
    } else {
      if (userId !== null) inFlight.set(userId, running);
      try {
        const effects = faults.take({ method: req.method, path: req.path, userId, kind: route.kind, inBatch });
        const delay = effects.reduce((sum, e) => sum + ('delayMs' in e ? e.delayMs : 0), latencyMs);
        if (delay > 0) await sleep(delay);
        const failed = effects.map((e) => effectResponse(e, clientRequestId)).find((r) => r !== null);
        response = failed ?? (await route.run(effects));
      } catch (error) {
        response = toResponse(error, clientRequestId);
      } finally {
        if (userId !== null) inFlight.set(userId, (inFlight.get(userId) ?? 1) - 1);
      }
    }
    const query = [...req.query].map(([k, v]) => `${k}=${v}`).join('&');
    requests.push({
      method: req.method,
      path: inBatch ? req.path : `/v1.0${req.path}`,
      query,
      mailbox: userId,
      status: response.status,
      startedAt,
      endedAt: Date.now(),
      inFlightForMailbox: running,
      ...(inBatch ? { inBatch: true } : {}),
    });
    log({ event: 'graph.request', method: req.method, path: req.path, status: response.status, inBatch });
    return response;
  }

  async function handle(req: IncomingMessage): Promise<HandledResponse> {
    const target = new URL(req.url ?? '/', 'https://localhost');
    const headers = lowerHeaders(req);
    const raw = await readBody(req);
    const path = target.pathname;
    const clientRequestId = headers['client-request-id'];

    // Entra: token, authorize, adminconsent, metadata and keys (entra/index.ts).
    if (isTokenPath(path) && req.method === 'POST') {
      const failed = faults
        .take({ method: 'POST', path, userId: null, kind: 'token', inBatch: false })
        .find((e): e is Extract<FaultEffect, { status: number }> => 'status' in e);
      if (failed) return tokenFaultResponse(failed.status, failed.code, failed.message);
    }
    const entraResponse = await entra.handle({
      method: req.method ?? 'GET',
      path,
      search: target.search,
      headers,
      body: raw,
    });
    if (entraResponse) return entraResponse;

    if (!path.startsWith('/v1.0/')) {
      return errorResponse(404, 'NotFound', 'Only /v1.0 and the Entra endpoints are simulated.', clientRequestId);
    }
    const auth = tokens.check(headers.authorization);
    if (!auth.ok) return errorResponse(401, 'InvalidAuthenticationToken', auth.message, clientRequestId);
    let body: unknown = null;
    if (raw !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        return errorResponse(400, 'BadRequest', 'Unable to read JSON request payload.', clientRequestId);
      }
    }
    const simRequest: SimRequest = {
      method: req.method ?? 'GET',
      path: path.slice('/v1.0'.length),
      query: parseQuery(target.search),
      headers,
      body,
      tenantId: auth.directoryTenantId,
      clientId: auth.clientId,
      userId: auth.userId,
      roles: auth.roles,
    };
    const directoryResponse = directoryRoute(simRequest, store, graphBaseUrl());
    if (directoryResponse) return directoryResponse;
    if (auth.userId !== null) {
      // A signed-in user's token (User.Read) reads /me and /organization, not other mailboxes.
      return errorResponse(
        403,
        'ErrorAccessDenied',
        'Access is denied. Check credentials and try again.',
        clientRequestId,
      );
    }
    if (simRequest.path === '/$batch') {
      if (req.method !== 'POST') return errorResponse(405, 'BadRequest', 'Method not allowed.', clientRequestId);
      const failed = faults
        .take({ method: 'POST', path: simRequest.path, userId: null, kind: 'batch', inBatch: false })
        .map((e) => effectResponse(e, clientRequestId))
        .find((r) => r !== null);
      if (failed) return failed;
      try {
        const { responses, size } = await runBatch(simRequest, (sub) => execute(sub, true));
        return { ...jsonResponse(200, { responses }), record: { batchSize: size } };
      } catch (error) {
        if (error instanceof GraphError) return toResponse(error, clientRequestId);
        throw error;
      }
    }
    return { ...(await execute(simRequest, false)), recorded: true };
  }

  const { key, cert } = await sharedCertificate();
  const server = https.createServer({ key, cert }, (req: IncomingMessage, res: ServerResponse) => {
    const startedAt = Date.now();
    handle(req)
      .catch((error: unknown): HandledResponse => {
        log({ event: 'graph.error', error: String(error) });
        return toResponse(error, undefined);
      })
      .then((response: HandledResponse) => {
        const path = new URL(req.url ?? '/', 'https://localhost').pathname;
        if (response.recorded !== true) {
          requests.push({
            method: req.method ?? 'GET',
            path,
            query: new URL(req.url ?? '/', 'https://localhost').search.replace(/^\?/, ''),
            mailbox: null,
            status: response.status,
            startedAt,
            endedAt: Date.now(),
            inFlightForMailbox: 0,
            ...response.record,
          });
        }
        const headers: Record<string, string> = { 'request-id': randomUUID(), ...response.headers };
        const clientRequestId = req.headers['client-request-id'];
        if (typeof clientRequestId === 'string') headers['client-request-id'] = clientRequestId;
        if (response.body === null || response.status === 204) {
          res.writeHead(response.status, headers).end();
          return;
        }
        const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
        res.writeHead(response.status, headers).end(text);
      })
      .catch((error: unknown) => log({ event: 'graph.write-error', error: String(error) }));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  url = `https://localhost:${(server.address() as AddressInfo).port}`;
  log({ event: 'graph.simulator.started', url });

  const now = () => new Date().toISOString();
  const folderOrThrow = (userId: string, folder: string) => {
    const found = store.findFolder(userId, folder);
    if (!found) throw new Error(`Graph simulator: no folder ${folder} for ${userId}`);
    return found;
  };

  return {
    url,
    graphBaseUrl: graphBaseUrl(),
    ca: cert,
    addTenant(t) {
      store.addDirectory({ directoryTenantId: t.directoryTenantId, displayName: t.displayName, domains: t.domains });
      if (!entra.directory.findApp(t.clientId)) {
        entra.directory.registerApp({
          clientId: t.clientId,
          clientSecret: t.clientSecret,
          redirectUris: [],
          applicationPermissions: ['Mail.Read', 'User.Read.All'],
        });
      }
      entra.directory.grant(t.directoryTenantId, t.clientId, ['application', 'delegated']);
    },
    addDirectory: (t) => void store.addDirectory(t),
    addUser: (tenantId, u) => store.addUser(tenantId, u),
    registerApp: (app) => void entra.directory.registerApp(app),
    grantConsent: (tenantId, clientId, kinds = ['delegated', 'application']) =>
      entra.directory.grant(tenantId, clientId, kinds),
    consented: (tenantId, clientId, kind) => entra.directory.consented(tenantId, clientId, kind),
    authorize: (authorizeUrl, as) => walkSignIn(authorizeUrl, as),
    signToken: (claims, signOptions) => entra.keys.sign(claims, signOptions),
    issuer: (tenantId) => `${url}/${tenantId}/v2.0`,
    signingKeyId: () => entra.keys.kid(),
    rotateSigningKey: () => entra.keys.rotate(),
    jwksRequests: () => entra.counts.jwks,
    addFolder: (userId, f) => store.addFolder(userId, f),
    addMessage(userId, folder, m) {
      const user = store.findUser(userId);
      if (!user) throw new Error(`Graph simulator: no user ${userId}`);
      const target = folderOrThrow(user.id, folder);
      return store.insertMessage(user.id, target.id, buildMessage(user, target, m), now());
    },
    updateMessage: (userId, id, patch) => void store.updateMessage(userId, id, patch, now()),
    moveMessage: (userId, id, toFolder) =>
      void store.moveMessage(userId, id, folderOrThrow(userId, toFolder).id, now()),
    deleteMessage: (userId, id) => store.deleteMessage(userId, id),
    getMessage: (userId, id) => store.findMessage(userId, id),
    getFolder: (userId, folder) => store.findFolder(userId, folder),
    users: (tenantId) => store.users(tenantId),
    fault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    expireDeltaTokens: (userId, expireOptions) => delta.expire(userId, expireOptions),
    revokeConsent: (tenantId, clientId) => entra.directory.setRevoked(tenantId, true, clientId),
    restoreConsent: (tenantId, clientId) => entra.directory.setRevoked(tenantId, false, clientId),
    expireAccessTokens: () => tokens.expireAll(),
    denyMailbox(userId, denied) {
      if (denied) mailboxFlags.denied.add(userId);
      else mailboxFlags.denied.delete(userId);
    },
    deactivateMailbox(userId, deactivated = true) {
      if (deactivated) mailboxFlags.deactivated.add(userId);
      else mailboxFlags.deactivated.delete(userId);
    },
    sendLifecycle: (id, event) => subscriptions.sendLifecycle(id, event),
    subscriptions: () => subscriptions.list(),
    flushNotifications: () => subscriptions.drain(),
    requests,
    peakInFlight(userId) {
      return requests
        .filter((r) => (userId === undefined ? r.mailbox !== null : r.mailbox === userId))
        .reduce((peak, r) => Math.max(peak, r.inFlightForMailbox), 0);
    },
    resetStats() {
      requests.length = 0;
    },
    async close() {
      await subscriptions.drain();
      subscriptions.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
