import type { Transaction } from "kysely";
import type { Db } from "./connect.ts";
import type { Database } from "./tables.ts";

export type Tx = Transaction<Database>;

/**
 * Runs `work` in one transaction: all of its writes land, or none do. MySQL runs it at READ
 * COMMITTED, as PostgreSQL does by default: under InnoDB's REPEATABLE READ a transaction keeps reading
 * the snapshot of its first query even after it waited for a row lock, and would decide on stale data.
 */
export function inTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  const transaction = db.kysely.transaction();
  return (db.family === "mysql" ? transaction.setIsolationLevel("read committed") : transaction).execute(work);
}
