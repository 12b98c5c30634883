// Tenant isolation, enforced here and nowhere else: a client scoped to a tenant
// adds `tenantId` to the filter of every read, update and delete, and stamps it on
// every row it creates or updates, whatever the caller passed (so no row can be
// moved to another tenant either). The tenant condition is added beside the
// caller's own (AND), never in place of it: asking for another tenant's row finds
// nothing rather than this tenant's row. Together with the composite (tenantId, id) keys
// and foreign keys of the schema, a scoped client cannot read, change or link
// another tenant's rows. Raw SQL is not rewritten: the few raw queries (db/locks.ts,
// db/search.ts, db/email-writes.ts, crm/lookup/lookup.repository.ts) are given the
// tenant id explicitly, for every table they read.
import { LRUCache } from 'lru-cache';
import type { SystemDb } from './client.ts';

const FILTERED = new Set([
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'findMany',
  'count',
  'aggregate',
  'groupBy',
  'update',
  'updateMany',
  'updateManyAndReturn',
  'delete',
  'deleteMany',
  'upsert',
]);
/** Operations whose `data` (for upsert: `create` and `update`) gets the tenant stamped on. */
const WRITING: Record<string, string[]> = {
  create: ['data'],
  createMany: ['data'],
  createManyAndReturn: ['data'],
  update: ['data'],
  updateMany: ['data'],
  updateManyAndReturn: ['data'],
  upsert: ['create', 'update'],
};

/**
 * The tenant's own row can be read through its scope, and updated one row at a time
 * (its name, domains and settings, changed by its admins with the audit event in the
 * same transaction); never created, deleted, given another id or written in bulk.
 */
const TENANT_OPERATIONS = new Set(['findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'update']);

/** `where` with the tenant condition added beside the caller's own conditions. */
function andWhere(where: unknown, condition: Record<string, string>) {
  const w = (where ?? {}) as { AND?: unknown };
  const and: unknown[] = w.AND === undefined ? [] : Array.isArray(w.AND) ? (w.AND as unknown[]) : [w.AND];
  return { ...w, AND: [...and, condition] };
}

export function scopeToTenant(db: SystemDb, tenantId: string) {
  const scoped = db.$extends({
    name: 'tenant-scope',
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          // A copy: the caller's own args object is left as it was.
          const a: Record<string, unknown> = { ...args };
          if (model === 'Tenant') {
            if (!TENANT_OPERATIONS.has(operation))
              throw new Error(`Tenant.${operation} is not allowed on a tenant-scoped client`);
            if (operation === 'update' && a.data && typeof a.data === 'object' && 'id' in a.data)
              throw new Error("Tenant.update may not change the tenant's id");
            a.where = andWhere(a.where, { id: tenantId });
            return query(a);
          }
          if (FILTERED.has(operation)) {
            a.where = andWhere(a.where, { tenantId });
          }
          for (const key of WRITING[operation] ?? []) {
            const data = a[key];
            a[key] = Array.isArray(data)
              ? data.map((row: object) => ({ ...row, tenantId }))
              : { ...(data as object), tenantId };
          }
          return query(a);
        },
      },
    },
  });
  return Object.assign(scoped, { tenantId });
}

export type ScopedDb = ReturnType<typeof scopeToTenant>;
/** The client handed to a callback of ScopedDb.$transaction. */
export type ScopedTx = Parameters<Parameters<ScopedDb['$transaction']>[0]>[0];

/** One scoped client per recently active tenant: building one costs about 0.1 ms. */
export class ScopedClients {
  readonly #cache = new LRUCache<string, ScopedDb>({ max: 1000 });
  constructor(private readonly db: SystemDb) {}

  get(tenantId: string): ScopedDb {
    let scoped = this.#cache.get(tenantId);
    if (!scoped) {
      scoped = scopeToTenant(this.db, tenantId);
      this.#cache.set(tenantId, scoped);
    }
    return scoped;
  }
}
