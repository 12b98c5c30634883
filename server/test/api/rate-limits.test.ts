// Rate limits, counted in the database: two server processes on one database share
// each limit; per signed-in user on the API, per address on what anyone may call
// (the development sign-in here), a separate and larger one for Graph's webhooks,
// none on /health. A refused request is 429 problem+json with Retry-After and the
// RateLimit headers, and does no work. Windows that ended are swept away.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app.ts';
import { createDevTokenVerifier } from '../../src/auth/index.ts';
import { RateLimitWindows } from '../../src/db/index.ts';
import { createLogger } from '../../src/shared/log.ts';
import type { SyncService } from '../../src/sync/index.ts';
import { startTestServer, unique, type TestServer } from '../harness.ts';

const prefix = `${randomUUID()}:`;
const limits = { userPerMinute: 5, publicPerMinute: 3, keyPrefix: prefix };
let clock = Date.now();
let first: TestServer;
let second: TestServer;
beforeAll(async () => {
  first = await startTestServer({ rateLimits: limits, now: () => new Date(clock) });
  second = await startTestServer({ rateLimits: limits, now: () => new Date(clock), sameDatabaseAs: first });
});
afterAll(async () => {
  await second.close();
  await first.close();
});

/** Polls until check passes (the sweep runs after the request that starts it): every 50 ms for 10 s. */
const eventually = (check: () => Promise<void> | void) => vi.waitFor(check, { timeout: 10_000, interval: 50 });

const windowsOf = () => first.db.system.rateLimitWindow.findMany({ where: { key: { startsWith: prefix } } });

describe('rate limits', () => {
  it('counts a user on every process against one limit, and refuses the sixth request with 429', async () => {
    const slug = unique('limited');
    const onFirst = await first.as(slug, `alice@${slug}.example`, 'admin');
    const onSecond = await second.as(slug, `alice@${slug}.example`, 'admin');
    const answers = [
      await onFirst.get('/api/v1/me'),
      await onSecond.get('/api/v1/me'),
      await onFirst.get('/api/v1/contacts'),
      await onSecond.get('/api/v1/contacts'),
      await onFirst.get('/api/v1/contacts'),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    // IETF draft 8: the policy (quota q, window w, partition key pk) and what is left of it.
    expect(answers[4]!.headers.get('ratelimit')).toMatch(/^"user"; r=0; t=\d+(; pk=:[\w+/=]+:)?$/);
    expect(answers[4]!.headers.get('ratelimit-policy')).toMatch(/^"user"; q=5; w=60(; pk=:[\w+/=]+:)?$/);

    const refused = await onSecond.post('/api/v1/contacts', { name: 'Not created' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.body.detail).toBe(`Too many requests: try again in ${retryAfter} seconds`);
    expect((await onFirst.get('/api/v1/me')).status).toBe(429);

    // Another user of the same tenant has a limit of their own; nothing was created.
    const bob = await first.as(slug, `bob@${slug}.example`, 'member');
    const contacts = await bob.get('/api/v1/contacts');
    expect(contacts.status).toBe(200);
    expect(contacts.body.items).toEqual([]);

    // The next window admits the user again.
    clock += 60_001;
    expect((await onSecond.get('/api/v1/me')).status).toBe(200);
  });

  it('counts the development sign-in per address, on every process, and never /health', async () => {
    const signIn = (server: TestServer) =>
      fetch(`${server.base}/dev/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `nobody@${unique('nowhere')}.example` }),
      });
    const statuses = [(await signIn(first)).status, (await signIn(second)).status, (await signIn(first)).status];
    expect(statuses).toEqual([404, 404, 404]);
    const refused = await signIn(second);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('ratelimit-policy')).toMatch(/^"address"; q=3; w=60(; pk=:[\w+/=]+:)?$/);
    for (let i = 0; i < 6; i++) expect((await fetch(`${first.base}/health`)).status).toBe(200);
  });

  it('sweeps away the windows that ended', async () => {
    const before = await windowsOf();
    expect(before.length).toBeGreaterThan(0);
    clock += 120_000;
    // Any counted request after a window's time notices and sweeps; its own window is new.
    const slug = unique('sweeper');
    expect((await (await first.as(slug, `sam@${slug}.example`)).get('/api/v1/me')).status).toBe(200);
    await eventually(async () => {
      const left = await windowsOf();
      expect(left).toHaveLength(1);
      expect(left[0]!.resetAt.getTime()).toBe(clock + 60_000);
    });
  });
});

describe("Graph's webhooks", () => {
  it('have a limit of their own, a hundred times the public one, per address', async () => {
    const key = first.key;
    const app = createApp({
      system: first.db.system,
      verifyToken: createDevTokenVerifier(key),
      devSignInKey: key,
      authMode: 'dev',
      log: createLogger('silent'),
      sync: { handleNotifications: async () => {} } as unknown as SyncService,
      rateLimits: { userPerMinute: 5, publicPerMinute: 1, keyPrefix: `${randomUUID()}:` },
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const signIn = () =>
        fetch(`${base}/dev/sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
      expect((await signIn()).status).toBe(400);
      expect((await signIn()).status).toBe(429);
      const validate = () => fetch(`${base}/api/v1/graph/notifications?validationToken=hello`, { method: 'POST' });
      for (let i = 0; i < 100; i++) expect((await validate()).status).toBe(200);
      const refused = await validate();
      expect(refused.status).toBe(429);
      expect(refused.headers.get('ratelimit-policy')).toMatch(/^"graph"; q=100; w=60(; pk=:[\w+/=]+:)?$/);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('the shared windows', () => {
  it('count concurrent hits exactly once each', async () => {
    const windows = new RateLimitWindows(first.db.system);
    const key = `${prefix}concurrent`;
    const now = new Date(clock);
    const counts = await Promise.all(Array.from({ length: 20 }, () => windows.hit(key, 60_000, now)));
    expect(counts.map((c) => c.hits).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(counts.map((c) => c.resetAt.getTime()))).toEqual(new Set([now.getTime() + 60_000]));
    await windows.unhit(key, now);
    expect((await windows.get(key, now))?.hits).toBe(19);
    expect(await windows.get(key, new Date(now.getTime() + 60_000))).toBeUndefined();
    expect((await windows.hit(key, 60_000, new Date(now.getTime() + 60_000))).hits).toBe(1);
    await windows.reset(key);
    expect(await windows.get(key, now)).toBeUndefined();
  });
});
