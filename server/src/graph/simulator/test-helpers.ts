// Shared by the simulator's tests: a simulator with one tenant and user, trusted by this
// process, and a real @microsoft/microsoft-graph-client pointed at it.
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import { Client, type AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import { startGraphSimulator, type GraphSimulator, type GraphSimulatorOptions } from './index.ts';

export const TENANT = {
  directoryTenantId: '6f1c2c55-1c1d-4a45-9d36-5c2f8f1b0a11',
  clientId: 'app-1',
  clientSecret: 's3cret~',
};
export const FIXTURES = '/work/shared/reference/graph-fixtures';

export function fixture(name: string): {
  request: { body: unknown } | null;
  response: { body: unknown; status: number | null } | null;
} {
  return JSON.parse(readFileSync(`${FIXTURES}/${name}.json`, 'utf8')) as ReturnType<typeof fixture>;
}

const trusted = new Set<string>();
export function trust(ca: string): void {
  trusted.add(ca);
  tls.setDefaultCACertificates([...tls.getCACertificates('default'), ...trusted]);
}

export async function startTestSimulator(options: GraphSimulatorOptions = {}) {
  const sim = await startGraphSimulator(options);
  trust(sim.ca);
  sim.addTenant(TENANT);
  const user = sim.addUser(TENANT.directoryTenantId, { mail: 'ada@contoso.example', displayName: 'Ada Lovelace' });
  return { sim, user };
}

export async function getToken(sim: GraphSimulator, form: Record<string, string> = {}) {
  const response = await fetch(`${sim.url}/${TENANT.directoryTenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: TENANT.clientId,
      client_secret: TENANT.clientSecret,
      scope: 'https://graph.microsoft.com/.default',
      ...form,
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The real Graph SDK client with a token from the simulator, retries off (tests see every status). */
export async function graphClient(sim: GraphSimulator): Promise<Client> {
  const { body } = await getToken(sim);
  const token = String(body.access_token);
  const authProvider: AuthenticationProvider = { getAccessToken: () => Promise.resolve(token) };
  return Client.initWithMiddleware({
    authProvider,
    baseUrl: sim.url + '/',
    customHosts: new Set(['localhost']),
    defaultVersion: 'v1.0',
  });
}

/** A GraphError's status and code from the SDK. */
export async function failure(
  promise: Promise<unknown>,
): Promise<{ statusCode: number; code: string; headers?: Headers; body?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as { statusCode: number; code: string };
  }
  throw new Error('expected the request to fail');
}
