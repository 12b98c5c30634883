// Prisma 7 reads this file from the repository root. The CLI is only used offline
// for `generate` (see scripts/prisma-generate.mjs); migrations run through
// scripts/db-migrate.ts on the WASM schema engine, so no datasource URL is needed here.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
