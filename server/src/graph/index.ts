export { createAppTokens, GRAPH_DEFAULT_SCOPE, type AppTokens } from './app-tokens.ts';
export { classifyFailure, GraphFailure, parseRetryAfter, type GraphFailureKind } from './graph-errors.ts';
export { MAX_CONCURRENT_REQUESTS_PER_MAILBOX } from './limiter.ts';
export {
  BATCH_LIMIT,
  createMailGraph,
  GraphMessage,
  type DeltaPage,
  type GraphFolder,
  type MailboxAddress,
  type MailGraph,
  type MailGraphOptions,
} from './mail-graph.ts';
export { trustCertificate } from './trust.ts';
export {
  AdminConsentFailure,
  createAdminConsent,
  type AdminConsent,
  type AdminConsentOptions,
  type ConsentingAdmin,
  type DirectoryOrganization,
} from './admin-consent.ts';
