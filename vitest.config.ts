import react from '@vitejs/plugin-react';
import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

// Every test that touches a database runs on PGlite; when TEST_DATABASE_URL is set,
// they run a second time on that PostgreSQL, in a database created for the run.
const databaseTests = ['server/test/**/*.test.ts', 'prisma/**/*.test.ts'];
const postgres = process.env.TEST_DATABASE_URL;

// One time zone whatever the machine's, set before the workers start (they inherit
// it): UTC, or TEST_TZ to try another. The pane's tests also run in Honolulu
// (UTC−10, project pane-honolulu), where a date shown in the wrong zone is a day off.
process.env.TZ = process.env.TEST_TZ || 'UTC';
const pane = {
  plugins: [react()],
  include: ['addin/src/**/*.test.{ts,tsx}'],
  environment: 'jsdom' as const,
  // Besides the network guard (every project's): what jsdom lacks that Fluent UI asks for,
  // and how long findBy… and waitFor wait.
  setupFiles: ['addin/src/test/jsdom-setup.ts'],
};

export default defineConfig({
  test: {
    // Every project: no connection leaves this machine (server/test/network-guard.ts).
    setupFiles: ['server/test/network-guard.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // A worker per core. Vitest's default leaves one core idle (cores − 1): on CI's two
    // cores that is one file at a time, while most files spend their time waiting on a
    // database, a child process or Chromium.
    maxWorkers: availableParallelism(),
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'server/src/**/*.test.ts',
            'addin/manifest/**/*.test.ts',
            'scripts/**/*.test.ts',
            'bench/**/*.test.ts',
            'server/test/network-guard.test.ts',
          ],
        },
      },
      {
        extends: true,
        plugins: pane.plugins,
        test: {
          name: 'pane',
          // The guard's test here too: fetch and sockets under jsdom.
          include: [...pane.include, 'server/test/network-guard.test.ts'],
          environment: pane.environment,
          setupFiles: pane.setupFiles,
        },
      },
      {
        extends: true,
        plugins: pane.plugins,
        test: {
          name: 'pane-honolulu',
          include: pane.include,
          environment: pane.environment,
          setupFiles: pane.setupFiles,
          env: { TZ: 'Pacific/Honolulu' },
        },
      },
      {
        // The built pane in headless Chromium against the real server (addin/e2e/README.md).
        extends: true,
        test: {
          name: 'e2e',
          include: ['addin/e2e/**/*.test.ts'],
          // The database, and the directory of the one production build of addin/ (web-harness.ts).
          globalSetup: ['server/test/global-setup.ts', 'addin/e2e/web-build.setup.ts'],
          env: { TEST_DB: 'pglite' },
          testTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'pglite',
          include: databaseTests,
          globalSetup: ['server/test/global-setup.ts'],
          env: { TEST_DB: 'pglite' },
        },
      },
      ...(postgres
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: databaseTests,
                // They start the server on its embedded database (a DATA_DIR of their own)
                // whatever TEST_DB says: a second run would repeat the first.
                exclude: [
                  ...configDefaults.exclude,
                  'server/test/process/entra-start.test.ts',
                  'server/test/process/onboarding-start.test.ts',
                ],
                globalSetup: ['server/test/global-setup.ts'],
                env: { TEST_DB: 'postgres' },
              },
            },
          ]
        : []),
    ],
  },
});
