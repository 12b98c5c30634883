// Transaction-scoped locks for the few places where reading then writing must
// not interleave with another request. Raw SQL: the tenant id is passed explicitly.
import type { ScopedTx } from './tenant-scope.ts';

/**
 * Serializes changes to a tenant's pipelines and stages (exclusive) against deals
 * entering a stage (shared): a stage cannot be removed while a deal moves into
 * it, and concurrent stage edits cannot interleave their renumbering.
 */
export async function lockPipelines(tx: ScopedTx, tenantId: string, mode: 'exclusive' | 'shared') {
  if (mode === 'exclusive') {
    await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext('crm:pipelines'), hashtext(${tenantId}))`;
  } else {
    await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock_shared(hashtext('crm:pipelines'), hashtext(${tenantId}))`;
  }
}

/** Locks one deal until the transaction ends, so two moves of it apply one after the other. */
export async function lockDeal(tx: ScopedTx, tenantId: string, dealId: string) {
  await tx.$queryRaw`SELECT 1 AS locked FROM "Deal" WHERE "tenantId" = ${tenantId}::uuid AND "id" = ${dealId}::uuid FOR UPDATE`;
}

/**
 * Serializes role changes within a tenant, so two admins demoting each other at the
 * same time cannot leave it without an admin: the second sees the first's change.
 */
export async function lockRoles(tx: ScopedTx, tenantId: string) {
  await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext('crm:roles'), hashtext(${tenantId}))`;
}
