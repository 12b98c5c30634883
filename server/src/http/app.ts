// The Express application, without listening: main.ts listens, tests use port 0.
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { z } from 'zod';
import { manifestInvalid, type ManifestService } from '../admin/index.ts';
import type { DevKey, TokenVerifier } from '../auth/index.ts';
import {
  createCrmContext,
  Download,
  isAdmin,
  Reply,
  systemClock,
  type Clock,
  type CrmContext,
  type OnboardingService,
  type PrincipalResolver,
  type PublicCall,
  type RouteSpec,
  type Upload,
} from '../crm/index.ts';
import { ScopedClients, type SystemDb } from '../db/index.ts';
import { AppError, type FieldError } from '../shared/errors.ts';
import type { Logger } from '../shared/log.ts';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { strictCors } from './cors.ts';
import { buildOpenApiDocument } from './openapi.ts';
import { compressResponses } from './delivery.ts';
import { methodGuard } from './methods.ts';
import { ONBOARDING_PATHS, onboardingRouter } from './onboarding.ts';
import { CONSOLE_PATHS, WEB_APP_PATHS, devSignInRouter, paneRouter } from './pane.ts';
import { SIGN_IN_PAGES, signInPagesRouter } from './sign-in-pages.ts';
import { createErrorHandler, fieldErrors, loggable, sendProblem } from './problem.ts';
import { createRateLimiters, type RateLimitSettings } from './rate-limits.ts';

export const API_BASE = '/api/v1';
const ADDIN_PUBLIC_DIR = path.resolve(import.meta.dirname, '../../../addin/public');

export type AppDeps = {
  /** System access: the health check, the dev sign-in and scoping each request to its tenant. */
  system: SystemDb;
  routes: RouteSpec[];
  verifyToken: TokenVerifier;
  resolvePrincipal: PrincipalResolver;
  log: Logger;
  maxBodyBytes: number;
  version: string;
  /** The https address Outlook reaches the server at: the manifest points there. */
  publicUrl: string;
  /** The manifests for a host, at its current release (the stable URLs serve PUBLIC_URL's). */
  manifests: ManifestService;
  /** The built task pane (addin/dist). */
  paneDir: string;
  /** Dev mode: the key that signs the pane's development sign-in tokens. */
  devSignInKey?: DevKey;
  /** Entra mode: the authority the pane and the console sign in at (their CSP lets them reach it). */
  signInAuthority?: string;
  clock?: Clock;
  /** Handles Microsoft Graph's change and lifecycle notifications once they are acknowledged. */
  graphNotifications?: (body: unknown) => Promise<void>;
  /**
   * Requests per minute per user and per address, counted in the database (main.ts passes
   * the config's). Absent: no limits (tests and benchmarks that do not test them).
   */
  rateLimits?: RateLimitSettings;
  /** Entra mode: an organisation's admin connects it (/onboarding/…); else those paths answer 404. */
  onboarding?: OnboardingService | null;
};

export function createHttpApp(deps: AppDeps) {
  const clock = deps.clock ?? systemClock;
  const pass: Middleware = (_req, _res, next) => {
    next();
  };
  const limits = deps.rateLimits
    ? createRateLimiters({ system: deps.system, settings: deps.rateLimits, clock, log: deps.log })
    : { perUser: pass, perAddress: pass, webhooks: pass };
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(helmet());
  // Every text response, brotli or gzip as accepted (http/delivery.ts).
  app.use(compressResponses());
  app.use(
    pinoHttp({
      logger: deps.log,
      // The path only: query strings carry email addresses.
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, path: req.url.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    }),
  );

  // Before everything under /api, the method guard's OPTIONS answer included.
  app.use('/api', strictCors(deps.publicUrl));

  // The fixed paths below, each with the one method it answers (405 with Allow for others).
  app.use(
    methodGuard([
      { path: '/health', method: 'get' },
      { path: '/manifest.xml', method: 'get' },
      { path: '/manifest.json', method: 'get' },
      { path: '/taskpane.html', method: 'get' },
      ...CONSOLE_PATHS.map((consolePath) => ({ path: consolePath, method: 'get' })),
      ...WEB_APP_PATHS.map((appPath) => ({ path: appPath, method: 'get' })),
      ...SIGN_IN_PAGES.map((page) => ({ path: page, method: 'get' })),
      { path: '/api/openapi.json', method: 'get' },
      ...ONBOARDING_PATHS.map((path) => ({ path, method: 'get' })),
      ...(deps.devSignInKey ? [{ path: '/dev/sign-in', method: 'post' }] : []),
      ...(deps.graphNotifications
        ? [
            { path: `${API_BASE}/graph/notifications`, method: 'post' },
            { path: `${API_BASE}/graph/lifecycle`, method: 'post' },
          ]
        : []),
    ]),
  );

  app.get('/health', async (_req, res) => {
    const proc = {
      version: deps.version,
      uptimeSeconds: Math.round(process.uptime()),
      rssMegabytes: Math.round(process.memoryUsage.rss() / 1048576),
    };
    const started = performance.now();
    try {
      await deps.system.$queryRaw`SELECT 1`;
      res.json({
        status: 'ok',
        process: proc,
        database: { status: 'ok', ms: Math.round(performance.now() - started) },
      });
    } catch (error) {
      deps.log.error({ err: loggable(error) }, 'health check: database unreachable');
      res.status(503).json({ status: 'unavailable', process: proc, database: { status: 'unreachable' } });
    }
  });

  // The add-in: its manifests for this server's public address (stable URLs for Microsoft 365
  // admin center, "add a URL link"; revalidated on every fetch, as the version moves on),
  // and its static files. Icons must be cacheable for Outlook (no no-cache/no-store).
  const publicHost = deps.manifests.publicHost;
  for (const kind of ['xml', 'json'] as const) {
    app.get(`/manifest.${kind}`, async (_req, res) => {
      if (!publicHost) {
        return sendProblem(
          res,
          404,
          'ROUTE_NOT_FOUND',
          'Outlook needs https: set PUBLIC_URL to the https address of this server',
        );
      }
      const manifest = (await deps.manifests.manifestsFor(publicHost))[kind];
      if (manifest.problems.length) throw manifestInvalid(manifest, publicHost);
      res.type(manifest.contentType).set('Cache-Control', 'no-cache').send(manifest.body);
    });
  }
  app.use(
    '/assets',
    express.static(ADDIN_PUBLIC_DIR, {
      maxAge: '1d',
      index: false,
      // Outlook shows the icons from its own origin.
      setHeaders: (res) => res.set('Cross-Origin-Resource-Policy', 'cross-origin'),
    }),
  );

  const authorityOrigin = deps.signInAuthority ?? null;
  app.use(paneRouter(deps.paneDir, { authorityOrigin }));
  app.use(signInPagesRouter(deps.paneDir, { authorityOrigin }));
  if (deps.devSignInKey) {
    app.use('/dev/sign-in', limits.perAddress);
    app.use(devSignInRouter(deps.system, deps.devSignInKey));
  }
  // Open to anyone, like Entra's own pages: limited per address.
  app.use(ONBOARDING_PATHS, limits.perAddress);
  app.use(onboardingRouter(deps.onboarding ?? null));

  const openapi = buildOpenApiDocument(deps.routes, API_BASE, deps.version);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openapi);
  });

  if (deps.graphNotifications) {
    const receive = graphNotificationReceiver(deps.graphNotifications, deps.log);
    app.post(`${API_BASE}/graph/notifications`, limits.webhooks, express.json({ limit: '4mb' }), receive);
    app.post(`${API_BASE}/graph/lifecycle`, limits.webhooks, express.json({ limit: '4mb' }), receive);
  }

  const scopedClients = new ScopedClients(deps.system);
  const api = express.Router();
  // Before authentication: a wrong method is the caller's bug whoever the caller is, and reads no body.
  api.use(methodGuard(deps.routes));
  const authenticate = async (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/i.exec(header);
    if (!match?.[1] && !/^Bearer\b/i.test(header)) {
      // No bearer token at all: RFC 6750 says to name the scheme and no error.
      res.set('WWW-Authenticate', 'Bearer');
      return sendProblem(res, 401, 'UNAUTHENTICATED', 'Send a bearer token in the Authorization header');
    }
    let principal;
    try {
      if (!match?.[1]) throw new AppError('UNAUTHENTICATED', 401, 'The bearer token is not valid');
      principal = await deps.resolvePrincipal(await deps.verifyToken(match[1]));
    } catch (error) {
      // A token was sent and refused (bad signature, expired, wrong audience, tenant not onboarded…):
      // say so, so a client knows to get a new one rather than retry.
      if (error instanceof AppError && error.status === 401) res.set('WWW-Authenticate', invalidTokenChallenge(error));
      throw error;
    }
    res.locals.ctx = createCrmContext({
      db: scopedClients.get(principal.tenantId),
      actor: { kind: 'user', userId: principal.userId, email: principal.email, role: principal.role },
      log: req.log.child({ tenantId: principal.tenantId, userId: principal.userId }),
      clock: deps.clock,
    });
    next();
  };
  // Bodies are read only for callers the route admits (authenticated ones, unless it is open to anyone).
  const readBody = express.json({ limit: deps.maxBodyBytes, strict: true });
  for (const route of deps.routes) {
    const read = route.consumes ? readFile(route.consumes) : readBody;
    mountRoute(api, route, {
      // Anyone's calls count per address; a signed-in user's per user, once authenticated.
      before: (route.auth ?? 'user') === 'none' ? [limits.perAddress, read] : [authenticate, limits.perUser, read],
      clock,
    });
  }
  api.use((_req, res) => sendProblem(res, 404, 'ROUTE_NOT_FOUND', 'No such endpoint'));
  app.use(API_BASE, api);

  app.use((_req, res) => sendProblem(res, 404, 'ROUTE_NOT_FOUND', 'No such endpoint'));
  app.use(createErrorHandler(deps.log));
  return app;
}

/**
 * Graph's webhook endpoint, called by Microsoft, not by a signed-in user: no
 * bearer token. Subscribing, Graph posts `?validationToken=…` and wants it back as
 * text/plain within 10 s. A notification is acknowledged (202) at once and handled
 * afterwards: Graph retries one that takes over 3 s, then drops the endpoint. Who
 * sent it is checked by its clientState, in the handler.
 */
function graphNotificationReceiver(handle: (body: unknown) => Promise<void>, log: Logger) {
  return (req: Request, res: Response) => {
    const token = req.query.validationToken;
    if (typeof token === 'string') {
      if (!token || token.length > 2048) return sendProblem(res, 400, 'BAD_REQUEST', 'validationToken is not valid');
      res.status(200).type('text/plain').send(token);
      return;
    }
    if (!req.is('application/json')) {
      return sendProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the notifications as application/json');
    }
    res.status(202).end();
    const body: unknown = req.body;
    setImmediate(() => {
      handle(body).catch((error: unknown) => {
        log.error({ err: loggable(error) }, 'graph notifications: handling failed');
      });
    });
  };
}

/** RFC 6750 §3: the challenge for a token that was sent and refused. */
function invalidTokenChallenge(error: AppError) {
  const description = error.message.replace(/[^\x20-\x7e]|["\\]/g, '');
  return `Bearer error="invalid_token", error_description="${description}"`;
}

type Middleware = (req: Request, res: Response, next: NextFunction) => unknown;

/**
 * The body of a route that takes a file: its bytes as a Buffer, up to the route's
 * limit (413 saying what the limit is), of its content type only (415).
 */
function readFile(upload: Upload): Middleware {
  const raw = express.raw({ type: () => true, limit: upload.maxBytes });
  const { mediaType } = upload;
  return (req, res, next) => {
    // null: no body at all (the route says what is missing); false: a body of another type.
    if (req.is(mediaType) === false) {
      next(new AppError('UNSUPPORTED_MEDIA_TYPE', 415, `Send the file as ${mediaType}`));
      return;
    }
    // express.raw is typed for node's IncomingMessage, which Express's Request extends.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- see above
    raw(req, res, (error?: unknown) => {
      if ((error as { type?: string } | undefined)?.type === 'entity.too.large') {
        next(new AppError('FILE_TOO_LARGE', 413, upload.tooLarge));
        return;
      }
      if (!error && !Buffer.isBuffer(req.body)) req.body = Buffer.alloc(0);
      next(error);
    });
  };
}

function mountRoute(router: express.Router, route: RouteSpec, deps: { before: Middleware[]; clock: Clock }) {
  const access = route.auth ?? 'user';
  router[route.method](route.path, ...deps.before, async (req: Request, res: Response) => {
    const ctx: CrmContext | PublicCall =
      access === 'none'
        ? Object.freeze({ log: req.log, clock: deps.clock, ip: req.ip ?? req.socket.remoteAddress ?? '' })
        : (res.locals.ctx as CrmContext);
    if (access === 'admin' && !isAdmin(ctx as CrmContext)) {
      throw new AppError('FORBIDDEN', 403, 'Only admins may do this');
    }
    // A body of another type is refused; an empty one goes on to zod, which says what is missing.
    const empty = req.headers['content-length'] === '0' || req.is('application/json') === null;
    if (route.body && !route.consumes && !empty && !req.is('application/json')) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 415, 'Send the body as application/json');
    }
    const parts = [
      ['params', route.params, req.params],
      ['query', route.query, req.query],
      ['body', route.body, req.body],
    ] as const;
    const input: Record<string, unknown> = {};
    const errors: FieldError[] = [];
    // PostgreSQL text cannot hold NUL: refuse it here, for every field of every route
    // (a file's bytes are the route's to decode and check).
    for (const [name, , value] of parts) if (!Buffer.isBuffer(value)) errors.push(...nulCharacters(value, name));
    for (const [name, schema, value] of parts) {
      if (!schema) {
        input[name] = name === 'body' ? undefined : {};
        continue;
      }
      const parsed = (schema as z.ZodType).safeParse(value ?? (name === 'body' ? undefined : {}));
      if (parsed.success) input[name] = parsed.data;
      else errors.push(...fieldErrors(parsed.error, name));
    }
    if (errors.length) {
      throw new AppError('VALIDATION_FAILED', 400, 'The request is not valid', { fields: errors });
    }
    const result = await route.handler(input as never, ctx);
    if (result instanceof Download) {
      res
        .status(route.status ?? 200)
        .type(result.contentType)
        .set('Cache-Control', 'no-store')
        .attachment(result.filename);
      if (result.body instanceof Readable) await pipeline(result.body, res);
      else res.send(result.body);
      return;
    }
    const status = result instanceof Reply ? result.status : (route.status ?? 200);
    const body: unknown = result instanceof Reply ? result.body : result;
    if (status === 204 || route.response === null) res.status(status).end();
    else res.status(status).json(body);
  });
}

function nulCharacters(value: unknown, path: string): FieldError[] {
  if (typeof value === 'string')
    return value.includes('\u0000') ? [{ path, message: 'must not contain NUL characters' }] : [];
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) => nulCharacters(inner, `${path}.${key}`));
  }
  return [];
}
