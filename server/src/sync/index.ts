export {
  emptyCounts,
  syncMailbox,
  DEFAULT_FOLDERS,
  type RoundOutcome,
  type SyncDeps,
  type SyncSettings,
} from './mailbox-sync.ts';
export { toEmailToRecord, fieldsFor, type PrivacyPolicy } from './message-mapping.ts';
export { createSyncService, type SyncService, type RoundRequester } from './sync-service.ts';
export { syncRoutes, SyncStatusResponse } from './sync.routes.ts';
export { createSyncRuntime, type SyncRuntime, type SyncRuntimeOptions } from './sync-runtime.ts';
