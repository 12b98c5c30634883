// Once per e2e run: a directory for the production build of addin/ (pane, console, web
// app) that the first test file asking for it fills (web-harness.ts builtApp) and every
// later file reuses. A run without such a file builds nothing; the directory goes after.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- augmenting vitest's type needs interface merging
  export interface ProvidedContext {
    appBuildDir: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = await mkdtemp(path.join(tmpdir(), 'crm-e2e-build-'));
  project.provide('appBuildDir', dir);
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
