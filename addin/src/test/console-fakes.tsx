// Test doubles for the console: an API answering from fixed demo data (each method
// replaceable), recording every call; a browser that keeps saved files and copied
// text; and a render of the whole console signed in as the demo admin.
import { render } from '@testing-library/react';
import { QueryClient } from '@tanstack/react-query';
import { vi } from 'vitest';
import { pickLocale } from '../i18n/index.ts';
import type {
  AuditEvent,
  AuthConfig,
  ConsoleApi,
  ConsoleUser,
  Deployment,
  Me,
  Overview,
  Pipeline,
  SyncSettings,
  SyncStatus,
} from '../console/api.ts';
import { ProblemError } from '../console/api.ts';
import type { ConsoleBrowser } from '../console/browser.ts';
import { ConsoleRoot } from '../console/ConsoleApp.tsx';
import type { OnboardingInfo } from '../console/connect/index.ts';
import { startConsoleI18n } from '../console/i18n.ts';
import { hrefOf, type ConsoleRoute } from '../console/routes.ts';

/** What the test's clock reads: relative times are counted from here. */
export const NOW = new Date('2026-11-20T12:00:00.000Z');
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();
export const HOSTILE = '<img src=x onerror=alert(1)>';

export const ME: Me = {
  id: 'u-alice',
  email: 'alice@contoso.example',
  displayName: 'Alice Larsson',
  role: 'admin',
  tenant: { id: 't-1', slug: 'demo', name: 'Contoso', domains: ['contoso.example'] },
};

export function overview(extra: Partial<Overview> = {}): Overview {
  return {
    tenant: { name: 'Contoso', slug: 'demo', domains: ['contoso.example', 'contoso.test'], entraTenantId: null },
    consent: {
      granted: true,
      at: minutesAgo(60 * 24 * 3),
      by: 'Alice Larsson',
      syncGranted: true,
      syncAt: minutesAgo(60 * 24 * 3),
    },
    users: { total: 12, admins: 2, syncEnabled: 10 },
    connection: { state: 'CONNECTED', reason: null },
    mailboxes: {
      total: 10,
      byState: { ACTIVE: 7, THROTTLED: 0, NEEDS_ADMIN: 0, NOT_PERMITTED: 2, INACTIVE: 0, FAILED: 1, DISABLED: 0 },
      lastSyncAt: minutesAgo(5),
      itemsCaptured: 4321,
    },
    problems: [
      {
        mailboxId: 'm-1',
        address: 'bob@contoso.example',
        state: 'FAILED',
        reason: 'Graph answered 500 five times',
        at: minutesAgo(90),
      },
      {
        mailboxId: 'm-2',
        address: 'ceo@contoso.example',
        state: 'NOT_PERMITTED',
        reason: 'ErrorAccessDenied',
        at: minutesAgo(120),
      },
    ],
    subscriptions: {
      active: 8,
      expiringWithinDay: 1,
      nextExpiry: new Date(NOW.getTime() + 3 * 3600_000).toISOString(),
    },
    ...extra,
  };
}

export function deployment(host = 'https://crm.contoso.example'): Deployment {
  return {
    publicUrl: 'https://crm.contoso.example',
    host,
    addinId: '5f2a0c1e-3b7d-4c55-9a0e-1d2f3a4b5c6d',
    manifests: [
      {
        kind: 'xml',
        fileName: 'manifest.xml',
        stableUrl: `${host}/manifest.xml`,
        downloadPath: `/api/v1/admin/manifest.xml?host=${encodeURIComponent(host)}`,
        version: '1.0.3.0',
        check: { ok: true, problems: [] },
      },
      {
        kind: 'json',
        fileName: 'manifest.json',
        stableUrl: null,
        downloadPath: `/api/v1/admin/manifest.json?host=${encodeURIComponent(host)}`,
        version: '1.0.3',
        check: { ok: false, problems: ['extensions[0].runtimes: must have at least 1 item'] },
      },
    ],
    syncAppId: '11111111-2222-3333-4444-555555555555',
    rbac: {
      powershell:
        'New-ManagementScope -Name "CRM sync" -RecipientRestrictionFilter "MemberOfGroup -eq \'crm-sync\'"\nNew-ManagementRoleAssignment -App 1111 -Role "Application Mail.Read" -CustomResourceScope "CRM sync"',
    },
  };
}

export function pipelines(): Pipeline[] {
  const stage = (id: string, name: string, position: number, probability: number, won = false, lost = false) => ({
    id,
    name,
    position,
    probability,
    isWon: won,
    isLost: lost,
  });
  return [
    {
      id: 'p-1',
      name: 'Sales',
      isDefault: true,
      stages: [
        stage('s-1', 'Lead', 1, 10),
        stage('s-2', 'Proposal', 2, 50),
        stage('s-3', 'Won', 3, 100, true),
        stage('s-4', 'Lost', 4, 0, false, true),
      ],
    },
  ];
}

export const SYNC_SETTINGS: SyncSettings = { bodyStorage: 'preview', skipBulk: true, blocked: ['spam.example'] };

export function syncStatus(): SyncStatus {
  return {
    connection: { directoryTenantId: 'contoso.example', state: 'CONNECTED', stateReason: null },
    mailboxes: [
      {
        id: 'm-alice',
        user: { id: 'u-alice', displayName: 'Alice Larsson', email: 'alice@contoso.example', syncEnabled: true },
        address: 'alice@contoso.example',
        state: 'ACTIVE',
        stateReason: null,
        throttledUntil: null,
        retryAt: null,
        lastRoundAt: minutesAgo(5),
        lastError: null,
        lastErrorAt: null,
        itemsCaptured: 120,
        subscriptionExpiresAt: minutesAgo(-60 * 24),
        folders: [
          {
            folderId: 'AAMk-inbox',
            displayName: 'Inbox',
            wellKnown: 'inbox',
            lastRoundAt: minutesAgo(5),
            roundsDone: 3,
          },
          {
            folderId: 'AAMk-sent',
            displayName: 'Sent Items',
            wellKnown: 'sentitems',
            lastRoundAt: minutesAgo(5),
            roundsDone: 3,
          },
          {
            folderId: 'AAMk-projects',
            displayName: 'Projects',
            wellKnown: null,
            lastRoundAt: minutesAgo(5),
            roundsDone: 1,
          },
        ],
      },
    ],
  };
}

export function users(): ConsoleUser[] {
  return [
    {
      id: 'u-alice',
      email: 'alice@contoso.example',
      displayName: 'Alice Larsson',
      role: 'admin',
      syncEnabled: true,
      createdAt: minutesAgo(9000),
    },
    {
      id: 'u-bob',
      email: 'bob@contoso.example',
      displayName: 'Bob Beridze',
      role: 'member',
      syncEnabled: false,
      createdAt: minutesAgo(8000),
    },
  ];
}

export function auditEvent(i: number, extra: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: `a-${i}`,
    at: minutesAgo(i * 10),
    actor: { userId: 'u-alice', label: 'Alice Larsson' },
    action: 'deal.deleted',
    targetType: 'deal',
    targetId: `d-${i}`,
    summary: `Deleted deal number ${i}`,
    details: null,
    ...extra,
  };
}

/** A problem+json answer, as the server would send it. */
export const problem = (status: number, code: string, detail: string) =>
  new ProblemError(status, { title: `HTTP ${status}`, code, detail });

/** An API answering at once from the data above; each method can be replaced. */
export function fakeConsoleApi(overrides: Partial<ConsoleApi> = {}) {
  const calls: { method: keyof ConsoleApi; args: unknown[] }[] = [];
  const answers: ConsoleApi = {
    me: async () => ME,
    overview: async () => overview(),
    deployment: async (host) => deployment(host ?? undefined),
    download: async () => ({ blob: new Blob(['<xml/>'], { type: 'application/xml' }), fileName: 'manifest.xml' }),
    pipelines: async () => pipelines(),
    createPipeline: async () => pipelines()[0]!,
    updatePipeline: async () => pipelines()[0]!,
    addStage: async () => pipelines()[0]!,
    updateStage: async () => pipelines()[0]!,
    reorderStages: async () => pipelines()[0]!,
    removeStage: async () => pipelines()[0]!,
    updateTenant: async (input) => ({ ...ME.tenant, ...input }),
    syncSettings: async () => SYNC_SETTINGS,
    saveSyncSettings: async (input) => input,
    syncStatus: async () => syncStatus(),
    setMailboxFolders: async (mailboxId, folderIds) => ({ mailboxId, folderIds }),
    users: async () => users(),
    updateUser: async (id, input) => ({ ...users().find((u) => u.id === id)!, ...input }),
    audit: async () => ({ items: [auditEvent(1), auditEvent(2)], nextCursor: null }),
    auditExport: async () => ({
      blob: new Blob(['at,actor\n'], { type: 'text/csv' }),
      fileName: 'audit-2026-11-20.csv',
    }),
    ...overrides,
  };
  const api = new Proxy(answers, {
    get:
      (target, method: keyof ConsoleApi) =>
      (...args: unknown[]) => {
        calls.push({ method, args });
        return (target[method] as (...a: unknown[]) => unknown)(...args);
      },
  });
  const callsOf = (method: keyof ConsoleApi) => calls.filter((call) => call.method === method).map((call) => call.args);
  return { api, calls, callsOf };
}

export function fakeBrowser() {
  const saved: { blob: Blob; fileName: string }[] = [];
  const copied: string[] = [];
  const languages: string[] = [];
  const browser: ConsoleBrowser = {
    saveFile: (blob, fileName) => saved.push({ blob, fileName }),
    copyText: vi.fn(async (text: string) => {
      copied.push(text);
    }),
    now: () => NOW,
    saveLanguage: (language) => languages.push(language),
  };
  return { browser, saved, copied, languages };
}

export function memoryStorage(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  return {
    values,
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    removeItem: (key: string) => void values.delete(key),
  };
}

export type RenderOptions = {
  api?: ConsoleApi;
  config?: AuthConfig;
  route?: ConsoleRoute | '';
  language?: string;
  /** Signed in before in this tab (dev mode): the console opens without the form. */
  signedIn?: boolean;
  browser?: ConsoleBrowser;
  openApi?: (config: AuthConfig, email?: string) => ConsoleApi;
  session?: ReturnType<typeof memoryStorage>;
  /** GET /api/v1/onboarding, for the connect page; default: a development server's. */
  onboarding?: () => Promise<OnboardingInfo>;
};

/** What a development server answers to GET /api/v1/onboarding. */
export const DEV_ONBOARDING: OnboardingInfo = {
  available: false,
  organisation: null,
  needs: { delegated: ['openid', 'profile', 'offline_access', 'User.Read'], application: ['Mail.Read'] },
  startUrl: '/onboarding/start',
  syncStartUrl: '/onboarding/sync/start',
  syncAvailable: false,
};

export async function renderConsole(options: RenderOptions = {}) {
  window.location.hash = options.route ? hrefOf(options.route) : '';
  const locale = pickLocale(options.language ?? 'en-US');
  const i18n = await startConsoleI18n(locale);
  const api = options.api ?? fakeConsoleApi().api;
  const browser = options.browser ?? fakeBrowser().browser;
  const session = options.session ?? memoryStorage(options.signedIn === false ? {} : { 'crm-console-email': ME.email });
  const openApi = vi.fn(options.openApi ?? (() => api));
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const result = render(
    <ConsoleRoot
      locale={locale}
      i18n={i18n}
      loadAuthConfig={async () => options.config ?? { mode: 'dev' }}
      openApi={openApi}
      session={session}
      browser={browser}
      queryClient={queryClient}
      loadOnboarding={options.onboarding ?? (() => Promise.resolve(DEV_ONBOARDING))}
      origin="https://crm.example.com"
    />,
  );
  return { ...result, openApi, session, queryClient };
}
