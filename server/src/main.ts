// npm start: migrate, seed the demo tenant on first run, listen, shut down cleanly.
import { createServer as createHttpServer, type Server } from 'node:http';
import path from 'node:path';
import { createServer as createHttpsServer } from 'node:https';
import { clientAuthConfig, createApp, createVerifier, type OnboardingSettings } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { applyMigrations, openDatabase, type Database } from './db/index.ts';
import { loggable } from './http/index.ts';
import { loadOrCreateCertificate } from './http/tls.ts';
import { createLogger } from './shared/log.ts';
import { readFileSync } from 'node:fs';
import { linkDemoTenantToDirectory, seedDemoTenant } from '../../prisma/seed.ts';
import { systemClock } from './crm/index.ts';
import { trustCertificate } from './graph/index.ts';
import { DEMO_ENTRA_CLIENT_SECRET, startDemoGraph, type DemoGraph } from './graph/simulator/demo.ts';
import { openQueue, type JobQueue } from './queue/index.ts';
import { createSyncRuntime, type SyncRuntime } from './sync/index.ts';

const DEFAULT_DATA_DIR = path.resolve(import.meta.dirname, '../../data');

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const log = createLogger(config.logLevel);
let db: Database;
/** Set once the database is open: what a shutdown during start-up has to close. */
let opened: Database | undefined;
// The sync's parts, once started (see below).
let queue: JobQueue | undefined;
let sync: SyncRuntime | undefined;
let demoGraph: DemoGraph | undefined;

let stopping = false;
let server: Server | undefined;
/**
 * Stops cleanly on SIGINT/SIGTERM at any point, start-up included: the HTTP
 * server, the sync's workers (running rounds finish or are failed, to be retried),
 * the demo's simulator, the database.
 */
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down');
  const force = setTimeout(() => process.exit(1), 10_000).unref();
  if (server) {
    const listening = server.listening;
    const closed = new Promise((resolve) => server?.once('close', resolve));
    server.close();
    server.closeIdleConnections();
    if (listening) await closed;
  }
  demoGraph?.stopMailFlow();
  await queue?.stop({ timeoutMs: 8_000 });
  await demoGraph?.close();
  await opened?.close();
  clearTimeout(force);
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

try {
  db = await openDatabase(
    config.databaseUrl
      ? { databaseUrl: config.databaseUrl, poolSize: config.databasePoolSize }
      : { dataDir: config.dataDir },
  );
  opened = db;
  // Several processes may start together on one PostgreSQL: one migrates and seeds at a time.
  await db.exclusive('migrate-and-seed', async () => {
    const applied = await applyMigrations(db.adapter);
    if (applied.length) log.info({ migrations: applied }, 'migrations applied');
    if (config.seedDemo && (await seedDemoTenant(db.system))) log.info({ tenant: 'demo' }, 'demo tenant seeded');
  });
} catch (error) {
  log.fatal({ err: loggable(error) }, 'could not prepare the database');
  console.error(`Could not prepare the database: ${(error as Error).message.split('\n')[0]}`);
  process.exit(1);
}

// The Graph simulator in this process (development only): the demo's Microsoft 365 for the
// mail sync and, with AUTH_MODE=entra, its Entra ID too: sign-in then runs against it with
// real signed tokens, the product's app registered there with the development ids.
const simulatedEntra = config.auth.mode === 'entra' && config.graph.simulator;
/** The sign-in settings in force: the configured ones, or pointed at the simulator. */
let auth: Config['auth'] = config.auth;
if (config.graph.simulator && (config.sync.enabled || simulatedEntra)) {
  try {
    const entraApp =
      config.auth.mode === 'entra' && simulatedEntra
        ? {
            clientId: config.auth.clientId,
            clientSecret: config.auth.clientSecret ?? DEMO_ENTRA_CLIENT_SECRET,
            apiScope: config.auth.apiScope,
            publicUrl: config.publicUrl,
          }
        : undefined;
    demoGraph = await startDemoGraph({ log, entra: entraApp });
    trustCertificate(demoGraph.ca);
    if (config.auth.mode === 'entra' && entraApp) {
      auth = {
        ...config.auth,
        clientSecret: entraApp.clientSecret,
        authorityHost: demoGraph.url,
        jwksUrl: `${demoGraph.url}/common/discovery/v2.0/keys`,
      };
      // The seeded demo tenant is Contoso's directory there, already onboarded.
      if (config.seedDemo) await linkDemoTenantToDirectory(db.system, demoGraph.directories.contoso);
    }
  } catch (error) {
    log.fatal({ err: loggable(error) }, 'could not start the Graph simulator');
    console.error(`Could not start the Graph simulator: ${(error as Error).message.split('\n')[0]}`);
    await db.close();
    process.exit(1);
  }
}

// The mail sync: Microsoft Graph, or in the demo the Graph simulator in this process.
if (config.sync.enabled) {
  try {
    let graph = {
      baseUrl: config.graph.baseUrl,
      authorityHost: config.graph.authorityHost,
      clientId: config.graph.clientId ?? '',
      clientSecret: config.graph.clientSecret ?? '',
    };
    let connect = config.graph.connect;
    if (config.graph.caFile) trustCertificate(readFileSync(config.graph.caFile, 'utf8'));
    if (demoGraph) {
      graph = demoGraph.credentials;
      connect = { demo: demoGraph.directoryTenantId, ...connect };
    }
    const heartbeatSeconds = config.sync.jobHeartbeatSeconds;
    queue = openQueue(db, {
      log,
      settings: { 'mailbox-sync': { heartbeatSeconds } },
      // A lapsed heartbeat is looked for this often: a dead process's round waits at most
      // about two heartbeats for another process (pg-boss's default would add up to 30 s).
      superviseIntervalSeconds: Math.min(30, heartbeatSeconds),
    });
    await queue.start();
    sync = createSyncRuntime({
      system: db.system,
      queue,
      log,
      clock: systemClock,
      graph,
      appConcurrency: config.sync.appConcurrency,
      settings: { pageSize: config.sync.pageSize, bodies: config.sync.bodies },
      pollSeconds: config.sync.pollSeconds,
      workers: config.sync.workers,
      connect,
    });
    if (demoGraph) {
      // A new simulator: the delta links, ids and subscriptions of an earlier run mean nothing to it.
      const demo = await db.system.tenant.findUnique({ where: { slug: 'demo' }, select: { id: true } });
      if (demo) await sync.service.forgetGraphState(demo.id);
    }
  } catch (error) {
    log.fatal({ err: loggable(error) }, 'could not start the mail sync');
    console.error(`Could not start the mail sync: ${(error as Error).message.split('\n')[0]}`);
    await db.close();
    process.exit(1);
  }
}

/** Where Graph posts notifications: configured, this server's public https address, or (simulator) loopback. */
function notificationUrl(port: number): string | null {
  if (config.sync.notificationUrl) return config.sync.notificationUrl;
  const path = '/api/v1/graph/notifications';
  if (config.graph.simulator) {
    return `${config.tls.enabled ? 'https' : 'http'}://127.0.0.1:${port}${path}`;
  }
  const publicUrl = new URL(config.publicUrl);
  if (publicUrl.protocol !== 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(publicUrl.hostname)) return null;
  return `${config.publicUrl}${path}`;
}

const { verifyToken, devKey } = await createVerifier(config, auth);
/** Entra mode with the product app's secret: an admin can connect an organisation (/onboarding). */
function onboardingSettings(): OnboardingSettings | undefined {
  if (auth.mode !== 'entra' || !auth.clientSecret) return undefined;
  return {
    authorityHost: auth.authorityHost,
    clientId: auth.clientId,
    clientSecret: auth.clientSecret,
    apiScope: auth.apiScope,
    graphBaseUrl: demoGraph?.credentials.baseUrl ?? config.graph.baseUrl,
    // The sync's app, whose consent is the second step: the simulator's in the demo.
    syncClientId: demoGraph?.credentials.clientId ?? config.graph.clientId,
  };
}
const app = createApp({
  system: db.system,
  verifyToken,
  devSignInKey: devKey,
  authMode: auth.mode,
  authConfig: clientAuthConfig(auth),
  log,
  maxBodyBytes: config.maxBodyBytes,
  publicUrl: config.publicUrl,
  sync: sync?.service,
  syncAppId: config.graph.clientId ?? null,
  rateLimits: config.rateLimits,
  onboarding: onboardingSettings(),
});

if (config.tls.enabled) {
  const tls = await loadOrCreateCertificate(config.dataDir, config.tls);
  if (tls.generated) log.info({ cert: tls.generated }, 'generated a self-signed certificate for localhost');
  server = createHttpsServer({ cert: tls.cert, key: tls.key }, app);
} else {
  server = createHttpServer(app);
}
server.keepAliveTimeout = 65_000;
server.on('error', (error: NodeJS.ErrnoException) => {
  const reason = error.code === 'EADDRINUSE' ? `port ${config.port} is already in use (set PORT)` : error.message;
  log.fatal({ err: error }, 'cannot listen');
  console.error(`Cannot listen: ${reason}`);
  void db.close().finally(() => process.exit(1));
});
server.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info({ port, database: db.kind, auth: config.auth.mode }, 'listening');
  const url = config.publicUrl.replace(/:\d+$/, `:${port}`);
  const lines = [
    '',
    `  CRM for Outlook is running at ${url}`,
    `  Pane:     ${url}/taskpane.html   (manifests for Outlook: ${url}/manifest.xml, ${url}/manifest.json)`,
    `  App:      ${url}/app   (the CRM in a browser tab: contacts, deals, tasks, import, dashboard)`,
    `  Console:  ${url}/console   (admins: health, deployment, settings, audit log)`,
    `  Database: ${db.kind === 'pglite' ? `embedded PostgreSQL in ${config.dataDir}/pglite` : 'PostgreSQL (DATABASE_URL)'}`,
    `  API:      ${url}/api/v1   (OpenAPI: ${url}/api/openapi.json)`,
    `  Mail sync: ${syncLine()}`,
  ];
  if (config.auth.mode === 'dev') {
    lines.push(
      `  Token:    TOKEN=$(${tokenCommand(config.dataDir)} --tenant demo --email alice@contoso.example --role admin)`,
      `  Try:      curl${config.tls.enabled ? ' -k' : ''} -H "Authorization: Bearer $TOKEN" ${url}/api/v1/me`,
    );
  } else if (demoGraph && auth.mode === 'entra') {
    const who = (users: { email: string; admin: boolean }[]) =>
      users.map((u) => `${u.email}${u.admin ? ' (admin)' : ''}`).join(', ');
    lines.push(
      `  Sign-in:  Entra ID simulated at ${demoGraph.url} (app ${auth.clientId})`,
      `            Contoso, onboarded: ${who(demoGraph.directories.contoso.users)}`,
      `            Tailspin Toys, not onboarded yet: ${who(demoGraph.directories.tailspin.users)}`,
      `  Connect:  ${url}/console#/connect   (an organisation's admin connects it there)`,
    );
  } else if (auth.mode === 'entra') {
    lines.push(`  Sign-in:  Entra ID at ${auth.authorityHost} (app ${auth.clientId})`);
  }
  console.log(lines.join('\n') + '\n');
  // Started once the server listens: subscribing, Graph calls it back to validate.
  sync?.start(notificationUrl(port)).catch((error: unknown) => {
    log.error({ err: loggable(error) }, 'the mail sync could not start');
  });
  demoGraph?.startMailFlow();
});

function syncLine() {
  if (!sync) return 'off (set GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET; see the README)';
  if (demoGraph) return `demo mailboxes from the Graph simulator at ${demoGraph.url} (status: GET /api/v1/sync/status)`;
  return `Microsoft Graph at ${config.graph.baseUrl} (status: GET /api/v1/sync/status)`;
}

/**
 * The token command for this server's signing key: npm runs scripts in the project
 * root, so the default ./data is the same folder; any other DATA_DIR is named, absolute.
 */
function tokenCommand(dataDir: string) {
  if (dataDir === DEFAULT_DATA_DIR) return 'npm run -s token --';
  const quoted = /^[\w@%+=:,./-]+$/.test(dataDir) ? dataDir : `'${dataDir.replaceAll("'", `'\\''`)}'`;
  return `DATA_DIR=${quoted} npm run -s token --`;
}
