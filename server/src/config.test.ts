import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('runs the embedded demo with no variables at all', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      dataDir: path.resolve('data'),
      databaseUrl: undefined,
      tls: { enabled: true },
      publicUrl: 'https://localhost:3000',
      auth: { mode: 'dev' },
      seedDemo: true,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads PORT, DATA_DIR, DATABASE_URL and the plain HTTP switch', () => {
    const config = loadConfig({
      PORT: '8443',
      DATA_DIR: '/tmp/crm',
      DATABASE_URL: 'postgres://crm@db:5432/crm',
      PLAIN_HTTP: 'true',
    });
    expect(config).toMatchObject({
      port: 8443,
      dataDir: '/tmp/crm',
      databaseUrl: 'postgres://crm@db:5432/crm',
      tls: { enabled: false },
      publicUrl: 'http://localhost:8443',
    });
  });

  it.each([
    [{}, '127.0.0.1'],
    [{ AUTH_MODE: 'dev', HOST: '0.0.0.0' }, '0.0.0.0'],
    [{ AUTH_MODE: 'dev', HOST: '' }, '127.0.0.1'],
    [{ AUTH_MODE: 'entra', ENTRA_CLIENT_ID: 'app' }, '0.0.0.0'],
    [{ AUTH_MODE: 'entra', ENTRA_CLIENT_ID: 'app', NODE_ENV: 'production' }, '0.0.0.0'],
    [{ AUTH_MODE: 'entra', ENTRA_CLIENT_ID: 'app', HOST: '10.0.0.4' }, '10.0.0.4'],
  ])('listens on loopback in dev mode unless HOST says otherwise: %j → %s', (env, host) => {
    const config = loadConfig(env);
    expect(config.host).toBe(host);
    if (host !== '10.0.0.4') expect(config.publicUrl).toBe('https://localhost:3000');
  });

  it("takes a dead process's mail sync round up again after 60 s unless SYNC_JOB_HEARTBEAT_SECONDS says otherwise", () => {
    expect(loadConfig({}).sync.jobHeartbeatSeconds).toBe(60);
    expect(loadConfig({ SYNC_JOB_HEARTBEAT_SECONDS: '10' }).sync.jobHeartbeatSeconds).toBe(10);
  });

  it('leaves the pool size to the database (twice the cores) unless DATABASE_POOL_SIZE sets it', () => {
    expect(loadConfig({}).databasePoolSize).toBeUndefined();
    expect(loadConfig({ DATABASE_POOL_SIZE: '6' }).databasePoolSize).toBe(6);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({ port: 3000, databaseUrl: undefined });
  });

  it.each([
    [{ PORT: 'http' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_POOL_SIZE: '0' }, 'DATABASE_POOL_SIZE'],
    [{ DATABASE_POOL_SIZE: 'many' }, 'DATABASE_POOL_SIZE'],
    [{ PLAIN_HTTP: 'maybe' }, 'PLAIN_HTTP'],
    [{ AUTH_MODE: 'none' }, 'AUTH_MODE'],
    [{ AUTH_MODE: 'entra' }, 'ENTRA_CLIENT_ID'],
    [{ NODE_ENV: 'production' }, 'AUTH_MODE'],
    [{ TLS_CERT_FILE: '/x.crt' }, 'TLS_KEY_FILE'],
    [{ PUBLIC_URL: 'crm.example.com' }, 'PUBLIC_URL'],
    // pg-boss refuses a heartbeat under 10 s: stop here, with the variable's name, not in the queue.
    [{ SYNC_JOB_HEARTBEAT_SECONDS: '5' }, 'SYNC_JOB_HEARTBEAT_SECONDS'],
  ])('stops on %j with a message naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`\\b${variable}\\b`));
  });

  describe('the mail sync', () => {
    it('syncs the demo from the in-process simulator when no Graph application is configured', () => {
      const config = loadConfig({});
      expect(config.graph.simulator).toBe(true);
      expect(config.sync).toMatchObject({ enabled: true, pollSeconds: 300, appConcurrency: 32, bodies: 'delta' });
    });

    it('uses Microsoft Graph with an application, and connects the tenants named at start', () => {
      const config = loadConfig({
        GRAPH_CLIENT_ID: 'app',
        GRAPH_CLIENT_SECRET: 'secret',
        GRAPH_CONNECT: 'acme=0f4b3c1e-1111-4222-8333-944455556666,demo=contoso.onmicrosoft.com',
      });
      expect(config.graph).toMatchObject({
        simulator: false,
        baseUrl: 'https://graph.microsoft.com',
        authorityHost: 'https://login.microsoftonline.com',
        connect: { acme: '0f4b3c1e-1111-4222-8333-944455556666', demo: 'contoso.onmicrosoft.com' },
      });
      expect(config.sync.enabled).toBe(true);
    });

    it('is off without an application outside the demo, and on request', () => {
      expect(loadConfig({ SEED_DEMO: 'false' }).sync.enabled).toBe(false);
      expect(loadConfig({ SYNC_ENABLED: 'false' }).sync.enabled).toBe(false);
    });

    it.each([
      [{ GRAPH_CLIENT_ID: 'app' }, 'GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET: give both or neither'],
      [{ GRAPH_BASE_URL: 'http://graph.example' }, 'GRAPH_BASE_URL: must be an https URL'],
      [{ GRAPH_CONNECT: 'acme' }, 'GRAPH_CONNECT: must be slug=directory-tenant-id'],
      [{ SYNC_POLL_SECONDS: '1' }, 'SYNC_POLL_SECONDS'],
      [{ SYNC_BODIES: 'all' }, 'SYNC_BODIES'],
      [
        { NODE_ENV: 'production', AUTH_MODE: 'entra', ENTRA_CLIENT_ID: 'x', GRAPH_SIMULATOR: 'true' },
        'GRAPH_SIMULATOR: the Graph simulator is refused when NODE_ENV=production',
      ],
    ])('refuses %j', (env, message) => {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(message);
    });
  });
});
