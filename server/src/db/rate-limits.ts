// Rate-limit windows in PostgreSQL, so every server process on the database counts
// against the same limits. Fixed windows: a key's first hit opens a window of
// `windowMs`; hits after it has ended open the next one. Each hit is one atomic
// upsert (no read-then-write race between processes), the same SQL on PGlite and
// PostgreSQL. server/src/http/ adapts this to express-rate-limit's Store.
import type { SystemDb } from './client.ts';

export type RateLimitCount = { hits: number; resetAt: Date };

type Row = { hits: number; resetAt: Date | string };

const toCount = (row: Row): RateLimitCount => ({ hits: row.hits, resetAt: new Date(row.resetAt) });

export class RateLimitWindows {
  constructor(private readonly system: SystemDb) {}

  /** Counts one hit for the key and returns its window: a new one if the last has ended. */
  async hit(key: string, windowMs: number, now: Date): Promise<RateLimitCount> {
    const at = now.toISOString();
    const resetAt = new Date(now.getTime() + windowMs).toISOString();
    const rows = await this.system.$queryRaw<Row[]>`
      INSERT INTO "RateLimitWindow" AS w ("key", "hits", "resetAt")
      VALUES (${key}, 1, ${resetAt}::timestamptz)
      ON CONFLICT ("key") DO UPDATE SET
        "hits" = CASE WHEN w."resetAt" <= ${at}::timestamptz THEN 1 ELSE w."hits" + 1 END,
        "resetAt" = CASE WHEN w."resetAt" <= ${at}::timestamptz THEN EXCLUDED."resetAt" ELSE w."resetAt" END
      RETURNING w."hits", w."resetAt"`;
    const row = rows[0];
    if (!row) throw new Error('rate limit: the upsert returned no row');
    return toCount(row);
  }

  /** The key's current window, if one is open. */
  async get(key: string, now: Date): Promise<RateLimitCount | undefined> {
    const rows = await this.system.$queryRaw<Row[]>`
      SELECT "hits", "resetAt" FROM "RateLimitWindow"
      WHERE "key" = ${key} AND "resetAt" > ${now.toISOString()}::timestamptz`;
    return rows[0] ? toCount(rows[0]) : undefined;
  }

  /** Takes back one hit of the key's open window (a request that is not to count). */
  async unhit(key: string, now: Date): Promise<void> {
    await this.system.$executeRaw`
      UPDATE "RateLimitWindow" SET "hits" = GREATEST("hits" - 1, 0)
      WHERE "key" = ${key} AND "resetAt" > ${now.toISOString()}::timestamptz`;
  }

  async reset(key: string): Promise<void> {
    await this.system.$executeRaw`DELETE FROM "RateLimitWindow" WHERE "key" = ${key}`;
  }

  /** Deletes the windows that ended before `now`; returns how many. */
  async removeExpired(now: Date): Promise<number> {
    return this.system.$executeRaw`
      DELETE FROM "RateLimitWindow" WHERE "resetAt" <= ${now.toISOString()}::timestamptz`;
  }
}
