// The guard every test project loads (network-guard.ts): only this machine can be reached.
import dns from 'node:dns';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Read before this file loads the guard itself: the project's setupFiles must have installed it.
const installedBySetup = net.Socket.prototype.connect.name === 'guardedConnect';
const { isLoopbackHost, takeBlockedConnections } = await import('./network-guard.ts');

const blockedError = (host: string) =>
  expect.objectContaining({
    code: 'ERR_TEST_NETWORK_BLOCKED',
    message: expect.stringContaining(`Tests may not connect to ${host}:`),
  });

/** The error a socket ends with, or null if it connected. */
async function outcome(socket: net.Socket): Promise<Error | null> {
  const result = await new Promise<Error | null>((resolve) => {
    socket.once(socket instanceof tls.TLSSocket ? 'secureConnect' : 'connect', () => resolve(null));
    socket.once('error', resolve);
  });
  socket.destroy();
  return result;
}

let server: http.Server;
let port: number;
beforeAll(async () => {
  server = http.createServer((_req, res) => res.end('here'));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as net.AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('the test network guard', () => {
  it('is installed by the setup of every test project (vitest.config.ts setupFiles)', () => {
    expect(installedBySetup).toBe(true);
  });

  it.each([
    ['net.connect to an address', () => net.connect(443, '93.184.216.34'), '93.184.216.34'],
    ['net.connect with options', () => net.connect({ host: '10.1.2.3', port: 5432 }), '10.1.2.3'],
    ['tls.connect to a name', () => tls.connect({ host: 'example.com', port: 443 }), 'example.com'],
    ['a bare Socket#connect', () => new net.Socket().connect(80, 'example.org'), 'example.org'],
    [
      'IPv6 outside ::1',
      () => net.connect(443, '2606:2800:220:1:248:1893:25c8:1946'),
      '2606:2800:220:1:248:1893:25c8:1946',
    ],
  ])('fails %s with an error naming the host, before any lookup', async (_name, open, host) => {
    expect(await outcome(open())).toEqual(blockedError(host));
    expect(takeBlockedConnections()).toEqual([host]);
  });

  it('fails fetch (undici) to an address and to a name', async () => {
    for (const [url, host] of [
      ['https://93.184.216.34/', '93.184.216.34'],
      ['https://example.com/path', 'example.com'],
    ] as const) {
      const error = await fetch(url).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(error?.cause, url).toEqual(blockedError(host));
    }
    expect(takeBlockedConnections()).toEqual(['93.184.216.34', 'example.com']);
  });

  it('fails node:http requests and a PostgreSQL client elsewhere', async () => {
    const request = http.get('http://example.net/');
    const [httpError] = await once(request, 'error');
    expect(httpError).toEqual(blockedError('example.net'));
    const client = new pg.Client({ connectionString: 'postgres://u@db.example:5432/x' });
    await expect(client.connect()).rejects.toEqual(blockedError('db.example'));
    expect(takeBlockedConnections()).toEqual(['example.net', 'db.example']);
  });

  it('fails DNS lookups of other names, callback and promise', async () => {
    const [error] = await new Promise<unknown[]>((resolve) => dns.lookup('example.com', (...args) => resolve(args)));
    expect(error).toEqual(blockedError('example.com'));
    await expect(dns.promises.lookup('example.org')).rejects.toEqual(blockedError('example.org'));
    expect((await dns.promises.lookup('localhost')).address).toMatch(/^(127\.|::1$)/);
    expect(takeBlockedConnections()).toEqual(['example.com', 'example.org']);
  });

  it('lets loopback through: 127.0.0.1 and localhost, by fetch and by net', async () => {
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('here');
    expect(await outcome(net.connect(port, '127.0.0.1'))).toBeNull();
    expect(await outcome(net.connect({ port }))).toBeNull(); // no host: localhost
    const local = await fetch(`http://localhost:${port}/`).then(
      (res) => res.text(),
      (e: unknown) => (e as Error).cause,
    );
    // localhost may resolve to ::1 first where nothing listens; never to a blocked error.
    expect(local === 'here' || (local as { code?: string }).code === 'ECONNREFUSED', String(local)).toBe(true);
    expect(takeBlockedConnections()).toEqual([]);
  });

  it('lets unix sockets through', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'guard-'));
    const socketPath = path.join(dir, 's.sock');
    const unix = net.createServer((socket) => socket.end());
    unix.listen(socketPath);
    await once(unix, 'listening');
    try {
      expect(await outcome(net.connect(socketPath))).toBeNull();
      expect(await outcome(net.connect({ path: socketPath }))).toBeNull();
    } finally {
      await new Promise((resolve) => unix.close(resolve));
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['::1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['localhost', true],
    ['LOCALHOST.', true],
    ['pane.localhost', true],
    ['0.0.0.0', false],
    ['128.0.0.1', false],
    ['::ffff:93.184.216.34', false],
    ['localhost.example.com', false],
    ['10.0.0.1', false],
  ])('counts %s as loopback: %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
