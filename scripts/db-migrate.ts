// npm run db:migrate: applies pending migrations to DATABASE_URL, or to the
// embedded database in DATA_DIR (stop the server first: PGlite has one owner).
import { loadConfig } from '../server/src/config.ts';
import { applyMigrations, openDatabase } from '../server/src/db/index.ts';

const config = loadConfig();
const db = await openDatabase(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir });
try {
  const applied = await applyMigrations(db.adapter);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
} finally {
  await db.close();
}
