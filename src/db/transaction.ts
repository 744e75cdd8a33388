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

/** Carries a refusal out of the transaction it rolls back. */
class Refused<T> extends Error {
  constructor(readonly decision: T) {
    super("refused");
  }
}

/**
 * `inTransaction` for work that decides whether its writes may stand: a decision that is not `ok`
 * is returned after everything written before it was rolled back.
 */
export async function decideInTransaction<T extends { ok: boolean }>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await inTransaction(db, async (tx) => {
      const decision = await work(tx);
      if (!decision.ok) throw new Refused(decision);
      return decision;
    });
  } catch (error) {
    if (error instanceof Refused) return error.decision as T;
    throw error;
  }
}
