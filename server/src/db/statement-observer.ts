// Sees every SQL statement Prisma sends through a driver adapter, in and out of
// transactions: for tests and benchmarks that assert how many statements an
// operation costs (Prisma's own query log is typed into the client's generics and
// does not show what a relation join became).
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  SqlQueryable,
  Transaction,
} from '@prisma/driver-adapter-utils';

export type StatementObserver = (sql: string) => void;

/** target with some members replaced; the others bound to target (adapters keep private fields). */
function intercept<T extends object>(target: T, replaced: Partial<T>): T {
  return new Proxy(target, {
    get(t, prop) {
      if (prop in replaced) return replaced[prop as keyof T];
      const value: unknown = Reflect.get(t, prop, t);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(t) : value;
    },
  });
}

/** The queryable with queryRaw and executeRaw reporting each statement before running it. */
function observed<T extends SqlQueryable>(target: T, onStatement: StatementObserver, replaced: Partial<T> = {}): T {
  return intercept(target, {
    queryRaw: (query: SqlQuery) => {
      onStatement(query.sql);
      return target.queryRaw(query);
    },
    executeRaw: (query: SqlQuery) => {
      onStatement(query.sql);
      return target.executeRaw(query);
    },
    ...replaced,
  });
}

export function observeStatements<F extends SqlMigrationAwareDriverAdapterFactory>(
  factory: F,
  onStatement: StatementObserver,
): F {
  const wrapAdapter = (adapter: SqlDriverAdapter): SqlDriverAdapter =>
    observed(adapter, onStatement, {
      startTransaction: async (...args: Parameters<SqlDriverAdapter['startTransaction']>): Promise<Transaction> =>
        observed(await adapter.startTransaction(...args), onStatement),
    });
  return intercept(factory, { connect: async () => wrapAdapter(await factory.connect()) } as Partial<F>);
}
