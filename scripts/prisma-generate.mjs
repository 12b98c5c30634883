// Generates the Prisma client offline.
// The Prisma CLI insists that a native schema-engine binary exists before it runs any
// command, and downloads one when it does not. `generate` never uses it, so we point the
// variable at a file that exists (node itself) unless the user provided a real engine.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const cli = require.resolve('prisma/build/index.js');
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1' };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
const result = spawnSync(process.execPath, [cli, 'generate'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
