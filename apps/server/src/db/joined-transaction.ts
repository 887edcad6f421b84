import type { Transaction } from 'kysely';
import type { Database, Db } from './database.ts';

/**
 * A transaction that services can be built on when one operation spans several of them: their own
 * `db.transaction().execute(...)` calls run inside it instead of opening a second one (which Kysely refuses on a
 * transaction, and which on SQLite would wait for the connection this one holds).
 */
export function joinedTransaction(trx: Transaction<Database>): Db {
  const joined: Db = new Proxy(trx, {
    get(target, prop) {
      if (prop === 'transaction') {
        const builder = {
          setIsolationLevel: () => builder,
          setAccessMode: () => builder,
          execute: <T>(fn: (t: Db) => Promise<T>): Promise<T> => fn(joined),
        };
        return () => builder;
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) as unknown as Db;
  return joined;
}
