// npm run db:diff -- --name <name>: writes prisma/migrations/<timestamp>_<name>/migration.sql
// with the SQL that takes the existing migrations to prisma/schema.prisma. Runs the
// migrations on a throwaway in-memory PostgreSQL (PGlite), so it needs no database.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { diffMigrationsToSchema, MIGRATIONS_DIR, openDatabase } from '../server/src/db/index.ts';

const { values } = parseArgs({ options: { name: { type: 'string' } } });
const name = values.name ?? '';
if (!/^[a-z0-9_]{1,60}$/.test(name)) {
  console.error('Usage: npm run db:diff -- --name <name>   (lower case letters, digits and _)');
  process.exit(2);
}
const db = await openDatabase({ dataDir: null });
try {
  const sql = await diffMigrationsToSchema(db.adapter);
  if (!sql.trim()) {
    console.log('The migrations already match prisma/schema.prisma: nothing to write.');
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'migration.sql'), sql);
    console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
  }
} finally {
  await db.close();
}
