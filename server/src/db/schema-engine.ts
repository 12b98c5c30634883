// Prisma's schema engine compiled to WebAssembly, driven through a driver adapter.
// The native engine (what `prisma migrate` uses) is a binary Prisma downloads at
// first use; this works offline and on PGlite as well as PostgreSQL. The migrations
// stay in Prisma's own layout, so `prisma migrate deploy` can apply them too.
import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import * as bg from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';

const require = createRequire(import.meta.url);

export const PRISMA_DIR = path.resolve(import.meta.dirname, '../../../prisma');
export const SCHEMA_PATH = path.join(PRISMA_DIR, 'schema.prisma');
export const MIGRATIONS_DIR = path.join(PRISMA_DIR, 'migrations');

const NO_FILTER = { externalTables: [], externalEnums: [] };

type WasmApi = {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: { __wbindgen_start(): void } } }>;
};

/**
 * Process-wide state, kept on globalThis: the engine's JS glue is one module per
 * process, but this file may be loaded more than once (test runners load it per
 * project), and a second instantiation would swap the memory under a running engine.
 */
const shared = ((globalThis as Record<symbol, unknown>)[Symbol.for('crm-for-outlook.schema-engine')] ??= {
  wasmReady: undefined,
  queue: Promise.resolve(),
}) as { wasmReady: Promise<void> | undefined; queue: Promise<unknown> };

/** Instantiates the engine's WebAssembly module once per process. */
function loadWasm(): Promise<void> {
  shared.wasmReady ??= (async () => {
    // The package does not export the .wasm file: find it beside its JS glue.
    const wasmPath = path.join(
      path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')),
      'schema_engine_bg.wasm',
    );
    const bytes = await readFile(wasmPath);
    // Node has WebAssembly; its type declarations come with lib "dom", which a server does not load.
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const { instance } = await wasm.instantiate(bytes, { './schema_engine_bg.js': bg });
    bg.__wbg_set_wasm(instance.exports);
    instance.exports.__wbindgen_start();
  })();
  return shared.wasmReady;
}

/**
 * The WASM engine is one instance per process and does not survive two commands
 * in flight at once (seen: corrupted strings), so commands run one after another.
 */
function serialized<T>(task: () => Promise<T>): Promise<T> {
  const run = shared.queue.then(task, task);
  shared.queue = run.catch(() => {
    // The caller gets the failure through `run`; the queue goes on to the next command.
  });
  return run;
}

async function openSchemaEngine(
  factory: SqlMigrationAwareDriverAdapterFactory,
  log: (message: string) => void = () => {
    // Quiet unless the caller asks for the engine's messages.
  },
): Promise<SchemaEngine> {
  await loadWasm();
  const schema = await readFile(SCHEMA_PATH, 'utf8');
  return bg.SchemaEngine.new(
    { datamodels: [[SCHEMA_PATH, schema]] },
    log,
    bindMigrationAwareSqlAdapterFactory(factory),
  );
}

/** Reads prisma/migrations the way the Prisma CLI does. */
export async function readMigrations(dir = MIGRATIONS_DIR): Promise<MigrationList> {
  const lockPath = path.join(dir, 'migration_lock.toml');
  const names = existsSync(dir)
    ? (await readdir(dir, { withFileTypes: true }))
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  return {
    baseDir: dir,
    lockfile: {
      path: 'migration_lock.toml',
      content: existsSync(lockPath) ? await readFile(lockPath, 'utf8') : null,
    },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      names.map(async (name) => {
        const file = path.join(dir, name, 'migration.sql');
        const content = existsSync(file)
          ? ({ tag: 'ok', value: await readFile(file, 'utf8') } as const)
          : ({ tag: 'error', value: `${file} is missing` } as const);
        return { path: name, migrationFile: { path: 'migration.sql', content } };
      }),
    ),
  };
}

/** Applies every migration not yet recorded in _prisma_migrations; returns their names. */
export function applyMigrations(factory: SqlMigrationAwareDriverAdapterFactory): Promise<string[]> {
  return serialized(async () => {
    const engine = await openSchemaEngine(factory);
    try {
      const result = await engine.applyMigrations({ migrationsList: await readMigrations(), filters: NO_FILTER });
      return result.appliedMigrationNames;
    } finally {
      engine.free();
    }
  });
}

/**
 * The SQL that takes a database built from the migrations to what schema.prisma
 * describes: empty when the two agree. Uses the factory's shadow database.
 */
export function diffMigrationsToSchema(factory: SqlMigrationAwareDriverAdapterFactory): Promise<string> {
  return diffToSchema(factory, async () => ({ tag: 'migrations', ...(await readMigrations()) }));
}

/**
 * The SQL that takes the connected database itself to what schema.prisma describes: empty when
 * they agree. Prisma reads only the datasource's schema (public): the job queue's tables in
 * their own schema (pgboss, server/src/queue/) are neither drift nor dropped.
 */
export function diffDatabaseToSchema(factory: SqlMigrationAwareDriverAdapterFactory): Promise<string> {
  return diffToSchema(factory, (files) => ({ tag: 'schemaDatasource', files, configDir: PRISMA_DIR }));
}

/** The SQL from `from` to schema.prisma, empty when they agree. */
type DiffSource = Parameters<SchemaEngine['diff']>[0]['from'];

function diffToSchema(
  factory: SqlMigrationAwareDriverAdapterFactory,
  from: (files: { path: string; content: string }[]) => Promise<DiffSource> | DiffSource,
): Promise<string> {
  return serialized(async () => {
    const engine = await openSchemaEngine(factory);
    try {
      const files = [{ path: SCHEMA_PATH, content: await readFile(SCHEMA_PATH, 'utf8') }];
      const result = await engine.diff({
        from: await from(files),
        to: { tag: 'schemaDatamodel', files },
        script: true,
        exitCode: null,
        filters: NO_FILTER,
      });
      const script = result.stdout ?? '';
      return script.includes('This is an empty migration.') ? '' : script;
    } finally {
      engine.free();
    }
  });
}
