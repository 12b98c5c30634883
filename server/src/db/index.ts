export { defaultPoolSize, openDatabase, type Database, type DatabaseOptions, type SystemDb } from './client.ts';
export { ScopedClients, scopeToTenant, type ScopedDb, type ScopedTx } from './tenant-scope.ts';
export { applyMigrations, diffDatabaseToSchema, diffMigrationsToSchema, MIGRATIONS_DIR } from './schema-engine.ts';
export { Prisma } from './generated/client.ts';
export type * from './generated/models.ts';
export * from './generated/enums.ts';
export { lockDeal, lockPipelines, lockRoles } from './locks.ts';
export { RateLimitWindows, type RateLimitCount } from './rate-limits.ts';
export { advanceLastContactedAt } from './last-contacted.ts';
export { allocateManifestRelease } from './manifest-releases.ts';
export { insertEmailItems, insertLinks, insertParticipants, type EmailItemRow, type LinkRow } from './email-writes.ts';
export {
  isForeignKeyViolation,
  isRecordNotFound,
  isUniqueViolation,
  isWriteConflict,
  rethrowUniqueAs,
} from './errors.ts';
export { escapeLike } from './search.ts';
export {
  EMPTY_FILTER,
  LIST_SORTS,
  listPage,
  type ListAfter,
  type ListEntity,
  type ListFilter,
  type ListHit,
  type ListOrder,
  type ListSort,
} from './lists.ts';
