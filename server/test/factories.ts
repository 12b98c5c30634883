// Each test builds its own tenant and data through the API.
import { beforeAll, expect } from 'vitest';
import { type ApiClient, type TestServer, type TestServerOptions, unique, useTestServer } from './harness.ts';

export type TestTenant = {
  slug: string;
  admin: ApiClient;
  adminId: string;
  /** A second user (member) of the same tenant. */
  member: () => Promise<{ api: ApiClient; id: string }>;
  domain: string;
};

export async function createTenant(server: TestServer): Promise<TestTenant> {
  const slug = unique('t');
  const domain = `${slug}.example`;
  const admin = await server.as(slug, `admin@${domain}`, 'admin');
  const me = await admin.get('/api/v1/me');
  expect(me.status).toBe(200);
  return {
    slug,
    admin,
    adminId: me.body.id,
    domain,
    member: async () => {
      const api = await server.as(slug, `${unique('member')}@${domain}`, 'member');
      const res = await api.get('/api/v1/me');
      expect(res.status).toBe(200);
      return { api, id: res.body.id as string };
    },
  };
}

/**
 * A tenant (and its admin) for the tests of this file, on a server of its own that
 * starts before them and closes after; or on `server`, one this file already uses
 * (another tenant's `.server`). The result stands for the tenant; use it inside tests and hooks.
 */
export function useTestTenant(
  options: TestServerOptions & { server?: TestServer } = {},
): TestTenant & { readonly server: TestServer } {
  const { server: shared, ...serverOptions } = options;
  if (shared && Object.keys(serverOptions).length)
    throw new Error('useTestTenant(): options for a server it does not start');
  const server = shared ?? useTestServer(serverOptions);
  let tenant: TestTenant | undefined;
  beforeAll(async () => {
    tenant = await createTenant(server);
  });
  const current = () => {
    if (!tenant) throw new Error('useTestTenant(): the tenant exists only inside tests and hooks of this file');
    return tenant;
  };
  return {
    server,
    get slug() {
      return current().slug;
    },
    get admin() {
      return current().admin;
    },
    get adminId() {
      return current().adminId;
    },
    get domain() {
      return current().domain;
    },
    member: () => current().member(),
  };
}

async function created(promise: Promise<{ status: number; body: any }>) {
  const res = await promise;
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

export const createCompany = (api: ApiClient, overrides: Record<string, unknown> = {}) =>
  created(
    api.post('/api/v1/companies', { name: unique('Company'), domains: [`${unique('co')}.example`], ...overrides }),
  );

export const createContact = (api: ApiClient, overrides: Record<string, unknown> = {}) =>
  created(
    api.post('/api/v1/contacts', {
      name: unique('Contact'),
      emails: [`${unique('c')}@customer.example`],
      ...overrides,
    }),
  );

export const createDeal = (api: ApiClient, overrides: Record<string, unknown> = {}) =>
  created(api.post('/api/v1/deals', { name: unique('Deal'), value: '1000.00', currency: 'EUR', ...overrides }));

export const logEmail = (api: ApiClient, overrides: Record<string, unknown> = {}) =>
  api.post('/api/v1/timeline/emails', {
    internetMessageId: `<${unique('m')}@mail.example>`,
    subject: 'Hello',
    sentAt: new Date().toISOString(),
    from: { email: 'someone@customer.example' },
    to: [{ email: 'me@contoso.example' }],
    ...overrides,
  });

export async function defaultPipeline(api: ApiClient) {
  const res = await api.get('/api/v1/pipelines');
  expect(res.status).toBe(200);
  return res.body.items.find((p: any) => p.isDefault);
}
