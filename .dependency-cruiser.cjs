// The boundaries of STYLE.md ("Boundaries"), as rules a test fails on
// (scripts/boundaries.test.ts; by hand: npm run lint:deps). Loops between the folders of
// server/src are checked with .dependency-cruiser.folders.cjs. Each library that ties us to
// a vendor or a transport is imported by one folder, so changing it touches one folder.
// Office.js is a global, not an import: ESLint guards it (eslint.config.js).

/** An npm package, installed (resolved into node_modules) or not (yet): the Graph rule guards packages not installed today. */
const npm = (...names) => `(^|/node_modules/|^node_modules/)(${names.join('|')})(/|$)`;

const TESTS = '(^server/test/|\\.test\\.tsx?$)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'only-db-builds-prisma-clients',
      comment:
        'Only server/src/db/ constructs Prisma clients and their drivers (PGlite or pg through an adapter). ' +
        'Everyone else, prisma/seed.ts, scripts and benchmarks included, opens the database through server/src/db/index.ts.',
      severity: 'error',
      from: { pathNot: '^server/src/db/' },
      to: {
        path: [
          npm('@prisma/client', '@prisma/adapter-pg', 'pglite-prisma-adapter', '@electric-sql/pglite'),
          '^server/src/db/generated/',
        ],
      },
    },
    {
      name: 'only-http-knows-express',
      comment:
        'Only server/src/http/ knows Express and its middleware. Domain code takes plain input and a context, ' +
        'never req/res; tests reach the API over real HTTP on port 0, so they need no exception either.',
      severity: 'error',
      from: { pathNot: '^server/src/http/' },
      to: { path: npm('express', '@types/express', 'helmet', 'pino-http') },
    },
    {
      name: 'only-auth-verifies-tokens',
      comment:
        'Only server/src/auth/ signs and verifies tokens with jose. Tests are exempt: they play the identity ' +
        'provider, forging tokens with wrong keys, issuers and claims, which production code must never do. ' +
        'So is the Graph simulator (server/src/graph/simulator/), test infrastructure that plays Entra ID.',
      severity: 'error',
      from: { pathNot: ['^server/src/auth/', '^server/src/graph/simulator/', TESTS] },
      to: { path: npm('jose') },
    },
    {
      name: 'only-graph-talks-to-graph',
      comment:
        'Only server/src/graph/ imports the Microsoft Graph SDK and MSAL; sync code gets a Graph client from there.',
      severity: 'error',
      from: { pathNot: '^server/src/graph/' },
      to: { path: npm('@microsoft/microsoft-graph-client', '@azure/msal-node') },
    },
    {
      name: 'only-queue-knows-pg-boss',
      comment:
        'Only server/src/queue/ imports pg-boss: the rest of the server sends and works jobs through its typed ' +
        'queue (openQueue), so the queue library, its adapters and its settings are one folder to change.',
      severity: 'error',
      from: { pathNot: '^server/src/queue/' },
      to: { path: npm('pg-boss') },
    },
    {
      name: 'crm-not-http',
      comment:
        'The CRM modules are transport-neutral: they never import server/src/http/. ' +
        'This includes defineRoute/Reply/RouteSpec, which hold no Express and belong in a neutral place beside ' +
        'the request context (so *.routes.ts get no exception, and http/ -> auth/ -> crm/ cannot close a loop).',
      severity: 'error',
      from: { path: '^server/src/crm/' },
      to: { path: '^server/src/http/' },
    },
    {
      name: 'office-fakes-at-the-boundary',
      comment:
        'office-addin-mock fakes Office.js, which only addin/src/office/ touches; ' +
        'the rest of the pane is tested against a fake Mailbox (addin/src/test/fakes.ts).',
      severity: 'error',
      from: { pathNot: '^addin/src/office/' },
      to: { path: npm('office-addin-mock') },
    },
    {
      name: 'features-mount-anywhere',
      comment:
        'The features (addin/src/features/) and the shared components are mounted by the pane and by the web ' +
        'app: they never import a surface (pane/, console/, web/) nor the Office.js boundary (office/). What ' +
        'they need comes through their props and the providers of addin/src/state/. Their tests may use the stand-in mailbox.',
      severity: 'error',
      from: { path: '^addin/src/(features|components)/', pathNot: TESTS },
      to: { path: '^addin/src/(pane|console|web|office)/' },
    },
    {
      name: 'no-circular',
      comment: 'Modules import in one direction: a cycle makes load order and module boundaries fragile.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every relative import resolves (so the rules above see every edge).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, pathNot: npm('@microsoft/microsoft-graph-client', '@azure/msal-node') },
    },
  ],
  options: {
    // Type-only imports count: `import type { AppDeps } from '../../http/app.ts'` is a dependency.
    tsPreCompilationDeps: true,
    doNotFollow: { path: ['node_modules', '^server/src/db/generated/'] },
    exclude: { path: ['^addin/dist/', '^bench/out/'] },
    // Resolve packages as Node and Vite do (vite and the schema engine export ESM only).
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
