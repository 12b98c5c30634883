// Rate limits (express-rate-limit) with their windows in PostgreSQL, so that every
// server process on the database shares them (db/rate-limits.ts does the SQL; this
// file adapts it to express-rate-limit's Store). Three limits, each its own keys:
// per signed-in user on /api/v1, per client address on the endpoints open to anyone
// (routes with auth 'none', the development sign-in), and a more generous one per
// address for Microsoft Graph's webhooks. A refused request gets 429 problem+json
// with Retry-After and the RateLimit / RateLimit-Policy headers (IETF draft 8).
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit, type Options, type Store } from 'express-rate-limit';
import type { Clock, CrmContext } from '../crm/index.ts';
import { RateLimitWindows, type SystemDb } from '../db/index.ts';
import type { Logger } from '../shared/log.ts';
import { loggable, sendProblem } from './problem.ts';

export type RateLimitSettings = {
  userPerMinute: number;
  publicPerMinute: number;
  /** Starts every key: servers with the same prefix on one database share their limits (tests give each their own). */
  keyPrefix?: string;
};

const WINDOW_MS = 60_000;
/** Graph posts every tenant's notifications from a few addresses: each gets this many times the public limit. */
export const WEBHOOK_LIMIT_FACTOR = 100;

/** express-rate-limit's Store on the shared windows; also sweeps windows that ended (at most once a window). */
class SharedWindowStore implements Store {
  readonly localKeys = false;
  windowMs = WINDOW_MS;
  constructor(
    readonly prefix: string,
    private readonly windows: RateLimitWindows,
    private readonly clock: Clock,
    private readonly sweep: () => void,
  ) {}

  init(options: Options) {
    this.windowMs = options.windowMs;
  }

  async increment(key: string) {
    const count = await this.windows.hit(this.prefix + key, this.windowMs, this.clock.now());
    this.sweep();
    return { totalHits: count.hits, resetTime: count.resetAt };
  }

  async get(key: string) {
    const count = await this.windows.get(this.prefix + key, this.clock.now());
    return count && { totalHits: count.hits, resetTime: count.resetAt };
  }

  async decrement(key: string) {
    await this.windows.unhit(this.prefix + key, this.clock.now());
  }

  async resetKey(key: string) {
    await this.windows.reset(this.prefix + key);
  }
}

export function createRateLimiters(deps: { system: SystemDb; settings: RateLimitSettings; clock: Clock; log: Logger }) {
  const windows = new RateLimitWindows(deps.system);
  const log = deps.log.child({ module: 'rate-limits' });
  // Windows that ended are deleted by whichever process notices first, once a window at most.
  let sweptAt = deps.clock.now().getTime();
  const sweep = () => {
    const now = deps.clock.now();
    if (now.getTime() - sweptAt < WINDOW_MS) return;
    sweptAt = now.getTime();
    windows.removeExpired(now).then(
      (removed) => {
        if (removed) log.debug({ removed }, 'rate limits: expired windows removed');
      },
      (error: unknown) => log.warn({ err: loggable(error) }, 'rate limits: could not remove expired windows'),
    );
  };
  const prefix = deps.settings.keyPrefix ?? '';

  const limiter = (name: string, limit: number, key: (req: Request, res: Response) => string): RequestHandler =>
    rateLimit({
      windowMs: WINDOW_MS,
      limit,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      identifier: name,
      keyGenerator: key,
      store: new SharedWindowStore(`${prefix}${name}:`, windows, deps.clock, sweep),
      // A database that cannot count would fail the request anyway: let it through and say so.
      passOnStoreError: true,
      logger: {
        error: (error: unknown, message?: string) =>
          log.error({ err: loggable(error) }, message ?? 'rate limits: store error'),
        warn: (error: unknown, message?: string) =>
          log.warn({ err: loggable(error) }, message ?? 'rate limits: warning'),
      },
      handler: (_req, res) => {
        sendProblem(
          res,
          429,
          'RATE_LIMITED',
          `Too many requests: try again in ${String(res.getHeader('Retry-After') ?? 60)} seconds`,
        );
      },
    });
  const address = (req: Request) => ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown');

  return {
    /** After authentication: the signed-in user's id is the key. */
    perUser: limiter('user', deps.settings.userPerMinute, (_req, res) => userOf(res)),
    perAddress: limiter('address', deps.settings.publicPerMinute, address),
    webhooks: limiter('graph', deps.settings.publicPerMinute * WEBHOOK_LIMIT_FACTOR, address),
  };
}

/** The user's id (a UUID, unique across tenants), set by authentication. */
function userOf(res: Response): string {
  const { actor } = res.locals.ctx as CrmContext;
  if (actor.kind !== 'user') throw new Error('rate limits: the API is called by signed-in users only');
  return actor.userId;
}
