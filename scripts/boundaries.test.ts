// The boundaries of STYLE.md, checked by dependency-cruiser (.dependency-cruiser.cjs and
// .dependency-cruiser.folders.cjs): one test per rule, each listing every import that breaks it.
// The last tests cruise a small project written to a temporary folder that breaks every
// rule, so a rule that silently stopped matching (a renamed folder, a typo in a regex)
// fails here instead of passing forever.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import { ESLint } from 'eslint';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const MODULES = path.join(ROOT, '.dependency-cruiser.cjs');
const FOLDERS = path.join(ROOT, '.dependency-cruiser.folders.cjs');
/** Everything that imports project code; addin/e2e and addin/manifest are reached through these. */
const SOURCES = ['server/src', 'addin/src', 'scripts', 'prisma', 'bench'];

async function violations(configFile: string, sources: string[], baseDir: string): Promise<IViolation[]> {
  const options = await extractDepcruiseOptions(configFile);
  const { output } = await cruise(sources, { ...options, baseDir });
  return (output as ICruiseResult).summary.violations;
}

const describeViolation = (v: IViolation) =>
  v.cycle?.length ? `${v.from} → ${v.cycle.map((step) => step.name).join(' → ')}` : `${v.from} → ${v.to}`;

async function ruleNames(configFile: string): Promise<string[]> {
  const { ruleSet } = await extractDepcruiseOptions(configFile);
  return (ruleSet?.forbidden ?? []).map((rule) => rule.name ?? '(unnamed)');
}

describe('the boundaries', async () => {
  const rules = [
    ...(await ruleNames(MODULES)).map((name) => ({ name, config: MODULES, sources: SOURCES })),
    ...(await ruleNames(FOLDERS)).map((name) => ({ name, config: FOLDERS, sources: ['server/src'] })),
  ];
  const found = new Map<string, Promise<IViolation[]>>();
  const cruiseOnce = (config: string, sources: string[]) => {
    let result = found.get(config);
    if (!result) {
      result = violations(config, sources, ROOT);
      found.set(config, result);
    }
    return result;
  };

  it.each(rules)('hold for $name', async ({ name, config, sources }) => {
    const broken = (await cruiseOnce(config, sources)).filter((v) => v.rule.name === name).map(describeViolation);
    expect(broken, `${name} is broken by:\n  ${broken.join('\n  ')}\n`).toEqual([]);
  });
});

describe('the boundary rules bite', () => {
  let dir: string;
  const file = async (name: string, text: string) => {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'boundaries-'));
    // Allowed: each boundary's own folder using its library, and a .ts-extension import.
    await file('server/src/http/app.ts', "import express from 'express';\nexport const app = express();\n");
    await file('server/src/db/client.ts', "import { PrismaClient } from '@prisma/client';\nexport { PrismaClient };\n");
    await file('server/src/auth/index.ts', "import { jwtVerify } from 'jose';\nexport { jwtVerify };\n");
    await file(
      'server/src/graph/client.ts',
      "import { Client } from '@microsoft/microsoft-graph-client';\nexport { Client };\n",
    );
    await file('server/src/queue/job-queue.ts', "import { PgBoss } from 'pg-boss';\nexport { PgBoss };\n");
    await file('server/src/crm/tenants/tenants.service.ts', "export const provision = () => 'tenant';\n");
    await file('server/src/crm/pipelines/pipelines.service.ts', 'export const pipeline = 1;\n');
    await file('server/src/test/tokens.test.ts', "import { SignJWT } from 'jose';\nexport { SignJWT };\n");
    // Broken: a CRM service that knows its transport, the database driver, tokens, Graph and the queue library.
    await file(
      'server/src/crm/deals/deals.service.ts',
      [
        "import type { Request } from 'express';",
        "import type { RequestContext } from '../../http/route.ts';",
        "import { PGlite } from '@electric-sql/pglite';",
        "import { decodeJwt } from 'jose';",
        "import { ConfidentialClientApplication } from '@azure/msal-node';",
        "import type { PgBoss } from 'pg-boss';",
        'export type Uses = [Request, RequestContext, PGlite, typeof decodeJwt, ConfidentialClientApplication, PgBoss];',
        '',
      ].join('\n'),
    );
    // Broken: the loop http -> auth -> crm/tenants -> crm/pipelines -> http, folder by folder,
    // and a module cycle a -> b -> a.
    await file(
      'server/src/http/route.ts',
      "import { principal } from '../auth/principal.ts';\nexport type RequestContext = typeof principal;\n",
    );
    await file(
      'server/src/auth/principal.ts',
      "import { provision } from '../crm/tenants/tenants.service.ts';\nexport const principal = provision();\n",
    );
    await file(
      'server/src/crm/tenants/provision.ts',
      "import { pipeline } from '../pipelines/pipelines.routes.ts';\nexport const p = pipeline;\n",
    );
    await file(
      'server/src/crm/pipelines/pipelines.routes.ts',
      "import type { RequestContext } from '../../http/route.ts';\nexport const pipeline = 2;\nexport type C = RequestContext;\n",
    );
    await file('server/src/shared/a.ts', "import { b } from './b.ts';\nexport const a = () => b;\n");
    await file('server/src/shared/b.ts', "import { a } from './a.ts';\nexport const b = () => a;\n");
    // Broken: a script building its own Prisma client; pane code faking Office.js.
    await file(
      'scripts/seed.ts',
      "import { PrismaClient } from '../server/src/db/generated/client.ts';\nexport { PrismaClient };\n",
    );
    await file('server/src/db/generated/client.ts', 'export class PrismaClient {}\n');
    await file(
      'addin/src/components/Card.tsx',
      "import { OfficeMockObject } from 'office-addin-mock';\nexport { OfficeMockObject };\n",
    );
    await file('addin/src/components/Missing.tsx', "export { gone } from './gone.ts';\n");
    // Broken: a shared feature reaching into the pane's surface and the Office boundary; its test may.
    await file('addin/src/office/mailbox.ts', 'export type Person = { email: string };\n');
    await file('addin/src/pane/App.tsx', 'export const App = 1;\n');
    await file(
      'addin/src/features/card/Card.tsx',
      "import type { Person } from '../../office/mailbox.ts';\nimport { App } from '../../pane/App.tsx';\nexport const card = (p: Person) => [p, App];\n",
    );
    await file(
      'addin/src/features/card/Card.test.tsx',
      "import type { Person } from '../../office/mailbox.ts';\nexport const person: Person = { email: 'a@b.example' };\n",
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const edges = async (config: string, sources: string[]) =>
    (await violations(config, sources, dir)).map((v) => `${v.rule.name}: ${describeViolation(v)}`);

  it('report each broken boundary and nothing that is allowed', async () => {
    const found = await edges(MODULES, ['server/src', 'addin/src', 'scripts']);
    const broken = (rule: string) => found.filter((line) => line.startsWith(`${rule}: `));
    expect(broken('only-http-knows-express')).toEqual([
      expect.stringMatching(/^only-http-knows-express: server\/src\/crm\/deals\/deals.service.ts → express$/),
    ]);
    expect(broken('crm-not-http')).toEqual([
      // The .ts extension resolves to the file: the rule sees the real edge.
      'crm-not-http: server/src/crm/deals/deals.service.ts → server/src/http/route.ts',
      'crm-not-http: server/src/crm/pipelines/pipelines.routes.ts → server/src/http/route.ts',
    ]);
    expect(broken('only-db-builds-prisma-clients')).toEqual([
      'only-db-builds-prisma-clients: scripts/seed.ts → server/src/db/generated/client.ts',
      expect.stringMatching(
        /^only-db-builds-prisma-clients: server\/src\/crm\/deals\/deals.service.ts → @electric-sql\/pglite$/,
      ),
    ]);
    expect(broken('only-auth-verifies-tokens')).toEqual([
      'only-auth-verifies-tokens: server/src/crm/deals/deals.service.ts → jose',
    ]);
    expect(broken('only-graph-talks-to-graph')).toEqual([
      'only-graph-talks-to-graph: server/src/crm/deals/deals.service.ts → @azure/msal-node',
    ]);
    expect(broken('only-queue-knows-pg-boss')).toEqual([
      expect.stringMatching(/^only-queue-knows-pg-boss: server\/src\/crm\/deals\/deals.service.ts → pg-boss$/),
    ]);
    expect(broken('office-fakes-at-the-boundary')).toEqual([
      'office-fakes-at-the-boundary: addin/src/components/Card.tsx → office-addin-mock',
    ]);
    expect(broken('features-mount-anywhere')).toEqual([
      'features-mount-anywhere: addin/src/features/card/Card.tsx → addin/src/office/mailbox.ts',
      'features-mount-anywhere: addin/src/features/card/Card.tsx → addin/src/pane/App.tsx',
    ]);
    expect(broken('no-circular')).toEqual(
      expect.arrayContaining([expect.stringContaining('server/src/shared/a.ts → server/src/shared/b.ts')]),
    );
    expect(broken('not-to-unresolvable')).toEqual(
      expect.arrayContaining(['not-to-unresolvable: addin/src/components/Missing.tsx → ./gone.ts']),
    );
  });

  it('report the loop between folders', async () => {
    expect(await edges(FOLDERS, ['server/src'])).toEqual(
      expect.arrayContaining([
        'no-circular-folders: server/src/http → server/src/auth → server/src/crm/tenants → server/src/crm/pipelines → server/src/http',
      ]),
    );
  });
});

/**
 * The hits of the given rules when `source` is linted as if it were `filePath` (an
 * existing file, which the type-aware parser needs), as "rule line".
 */
async function ruleHits(source: string, filePath: string, ruleIds: string[]) {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(source, { filePath: path.join(ROOT, filePath) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId !== null && ruleIds.includes(m.ruleId))
    .map((m) => `${String(m.ruleId)} ${String(m.line)}`);
}

// Office.js is a global, so ESLint guards it rather than dependency-cruiser
// (no-restricted-globals and no-restricted-syntax in eslint.config.js). The text is
// linted as if it were an existing file, which the type-aware parser needs.
describe('Office.js outside addin/src/office/', () => {
  const OFFICE_USE = [
    'export const language = Office.context.displayLanguage;',
    'export const global = (window as unknown as { Office: unknown }).Office;',
    'export type Item = Office.MessageRead;',
    'export type Api = typeof Office;',
    '',
  ].join('\n');
  const officeErrors = (filePath: string) =>
    ruleHits(OFFICE_USE, filePath, ['no-restricted-globals', 'no-restricted-syntax']);

  it('is an error in the rest of the pane', async () => {
    expect(await officeErrors('addin/src/features/card/Initials.tsx')).toEqual([
      'no-restricted-globals 1',
      'no-restricted-syntax 2',
      'no-restricted-syntax 3',
      'no-restricted-syntax 4',
    ]);
  });

  it('is allowed in addin/src/office/', async () => {
    expect(await officeErrors('addin/src/office/samples.ts')).toEqual([]);
  });
});

describe('system access (the unscoped client) outside crm/tenants and the HTTP edge', () => {
  const SYSTEM_USE = [
    "import type { SystemDb } from '../../db/index.ts';",
    "import { openDatabase, scopeToTenant } from '../../db/index.ts';",
    "import { isUniqueViolation, type ScopedDb } from '../../db/index.ts';",
    'export type Uses = [SystemDb, ScopedDb, typeof openDatabase, typeof scopeToTenant, typeof isUniqueViolation];',
    '',
  ].join('\n');
  const systemErrors = (filePath: string) => ruleHits(SYSTEM_USE, filePath, ['no-restricted-imports']);

  it('is an error in a CRM service, for types and values alike; the scoped client is not', async () => {
    expect(await systemErrors('server/src/crm/deals/deals.service.ts')).toEqual([
      'no-restricted-imports 1',
      'no-restricted-imports 2',
      'no-restricted-imports 2',
    ]);
  });

  it('is allowed in crm/tenants, which resolves which tenant a token belongs to', async () => {
    expect(await systemErrors('server/src/crm/tenants/tenants.service.ts')).toEqual([]);
  });
});
