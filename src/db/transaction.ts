import type { Transaction } from "kysely";
import type { Db } from "./connect.ts";
import type { Database } from "./tables.ts";

export type Tx = Transaction<Database>;

/** Runs `work` in one transaction: all of its writes land, or none do. */
export function inTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.kysely.transaction().execute(work);
}
