// No test reaches the network: every project loads this file (vitest.config.ts,
// setupFiles). A TCP or TLS connection, or a DNS lookup, to anything but this
// machine fails with NetworkBlockedError naming the host, and the test that made
// it fails even if the code under test swallowed the error.
//
// Every TCP connection in Node goes through net.Socket.prototype.connect:
// net.connect, tls.connect (TLSSocket is a Socket), http/https agents, pg, and
// fetch (Node's bundled undici connects with net/tls). Guarding that one method
// covers them all, before any DNS lookup. dns.lookup is guarded for code that
// resolves names itself. Out of reach: UDP (dgram), dns.resolve* (c-ares), and
// child processes — the process test's server and the e2e tests' Chromium run
// in their own processes, without this guard.
import dns from 'node:dns';
import net from 'node:net';
import { afterEach } from 'vitest';

const loopback = new net.BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

export class NetworkBlockedError extends Error {
  readonly code = 'ERR_TEST_NETWORK_BLOCKED';
  constructor(readonly host: string) {
    super(
      `Tests may not connect to ${host}: only loopback (127.0.0.0/8, ::1, localhost) and unix sockets ` +
        `(server/test/network-guard.ts). Run a local stand-in instead.`,
    );
    this.name = 'NetworkBlockedError';
  }
}

/** Whether a host is this machine: loopback addresses and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const name = host
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  const family = net.isIP(name);
  if (family === 4) return loopback.check(name, 'ipv4');
  // IPv4-mapped IPv6 (::ffff:127.0.0.1) is loopback when its IPv4 part is.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(name);
  if (family === 6) return mapped ? loopback.check(mapped[1]!, 'ipv4') : loopback.check(name, 'ipv6');
  return false;
}

/** Where a Socket#connect call goes: a host for TCP, or null for a unix socket / named pipe. */
function targetOf(args: unknown[]): string | null {
  // net.connect passes its arguments normalised as one array: [options, callback].
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (first !== null && typeof first === 'object') {
    const options = first as { path?: unknown; host?: unknown };
    if (options.path !== undefined) return null;
    return typeof options.host === 'string' && options.host !== '' ? options.host : 'localhost';
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return null; // a path
  return typeof args[1] === 'string' && args[1] !== '' ? args[1] : 'localhost';
}

const INSTALLED = Symbol.for('crm.test.networkGuard');
type GuardState = { blocked: string[] };
// Builtins can outlive a test file's module graph: the state lives beside the patch, once per process.
const state: GuardState = ((globalThis as { [INSTALLED]?: GuardState })[INSTALLED] ??= { blocked: [] });

/** The blocked attempts since the last call, forgotten: for a test that expects them. */
export function takeBlockedConnections(): string[] {
  return state.blocked.splice(0);
}

function refuse(host: string): NetworkBlockedError {
  const error = new NetworkBlockedError(host);
  state.blocked.push(host);
  return error;
}

function install() {
  const proto = net.Socket.prototype as net.Socket & { [INSTALLED]?: true };
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;

  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with apply(this, args)
  const connect = proto.connect as (...args: unknown[]) => net.Socket;
  proto.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
    const host = targetOf(args);
    if (host !== null && !isLoopbackHost(host)) {
      // Fails like a refused connection: an 'error' event once the caller has listened
      // (tls.connect still uses the socket after this returns).
      const error = refuse(host);
      process.nextTick(() => this.destroy(error));
      return this;
    }
    return connect.apply(this, args);
  };

  const lookup = dns.lookup as (...args: unknown[]) => void;
  dns.lookup = function guardedLookup(hostname: unknown, ...rest: unknown[]) {
    if (typeof hostname === 'string' && !isLoopbackHost(hostname)) {
      const callback = rest.at(-1);
      const error = refuse(hostname);
      if (typeof callback !== 'function') throw error;
      process.nextTick(callback, error);
      return;
    }
    lookup.call(dns, hostname, ...rest);
  } as typeof dns.lookup;

  const lookupPromise = dns.promises.lookup as (...args: unknown[]) => Promise<unknown>;
  dns.promises.lookup = async function guardedLookup(hostname: unknown, ...rest: unknown[]) {
    if (typeof hostname === 'string' && !isLoopbackHost(hostname)) throw refuse(hostname);
    return lookupPromise.call(dns.promises, hostname, ...rest);
  } as typeof dns.promises.lookup;
}

install();

// Code under test may catch the error (a retry loop, a fallback): the test still fails.
afterEach(() => {
  const hosts = takeBlockedConnections();
  if (hosts.length) {
    throw new Error(`This test tried to reach the network: ${[...new Set(hosts)].join(', ')} (blocked; see above)`);
  }
});
