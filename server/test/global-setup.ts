// Once per test run and project: a freshly migrated database. PGlite: a migrated
// in-memory database dumped to a file that every test file starts from.
// PostgreSQL: a database created for this run on TEST_DATABASE_URL, dropped after.
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { applyMigrations, openDatabase } from '../src/db/index.ts';

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- augmenting vitest's type needs interface merging
  export interface ProvidedContext {
    databaseUrl: string | null;
    pgliteSnapshot: string | null;
  }
}

export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  if (project.name === 'postgres') {
    const base = process.env.TEST_DATABASE_URL!;
    const name = `crm_test_${runId}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    const db = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
    await applyMigrations(db.adapter);
    await db.close();
    project.provide('databaseUrl', url.toString());
    project.provide('pgliteSnapshot', null);
    return async () => {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    };
  }
  const db = await openDatabase({ dataDir: null });
  await applyMigrations(db.adapter);
  const dump = await db.pglite!.dumpDataDir('none');
  await db.close();
  const file = path.join(os.tmpdir(), `crm-test-${runId}.tar`);
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('databaseUrl', null);
  project.provide('pgliteSnapshot', file);
  return async () => rm(file, { force: true });
}
