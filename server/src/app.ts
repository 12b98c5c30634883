// Wires the server together from a Config: database, auth, routes. main.ts runs
// it; tests call it with their own database and key.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  createDevTokenVerifier,
  createEntraTokenVerifier,
  createPrincipalResolver,
  loadOrCreateDevKey,
  type TokenVerifier,
} from './auth/index.ts';
import type { Config } from './config.ts';
import { crmRoutes } from './crm/index.ts';
import type { Db } from './db/index.ts';
import { createHttpApp } from './http/index.ts';
import type { Logger } from './shared/log.ts';

export const VERSION: string = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8'),
).version;

export async function createVerifier(config: Config): Promise<TokenVerifier> {
  return config.auth.mode === 'dev'
    ? createDevTokenVerifier(await loadOrCreateDevKey(config.auth.keyFile))
    : createEntraTokenVerifier(config.auth);
}

export function createApp(deps: {
  prisma: Db;
  verifyToken: TokenVerifier;
  authMode: 'dev' | 'entra';
  log: Logger;
  maxBodyBytes?: number;
  publicUrl?: string;
  now?: () => Date;
}) {
  return createHttpApp({
    prisma: deps.prisma,
    routes: crmRoutes,
    verifyToken: deps.verifyToken,
    resolvePrincipal: createPrincipalResolver(deps.prisma, deps.authMode),
    log: deps.log,
    maxBodyBytes: deps.maxBodyBytes ?? 1024 * 1024,
    version: VERSION,
    publicUrl: deps.publicUrl ?? 'https://localhost:3000',
    now: deps.now,
  });
}
