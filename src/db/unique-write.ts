import { type Kysely, sql } from "kysely";
import type { Database } from "./tables.ts";

/** A unique-constraint violation on any of the three databases. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, errno } = error as { code?: unknown; errno?: unknown };
  return code === "23505" || errno === 1062 || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

/**
 * Runs a write that a unique index may refuse and says whether it landed. Inside a transaction it
 * runs under a savepoint: PostgreSQL aborts the whole transaction on a failed statement, and the
 * caller means to go on in it, to answer the refusal or to write a flow's state.
 */
export async function writeUnlessTaken(db: Kysely<Database>, write: () => Promise<unknown>): Promise<boolean> {
  if (db.isTransaction) await sql`savepoint unique_write`.execute(db);
  try {
    await write();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    if (db.isTransaction) await sql`rollback to savepoint unique_write`.execute(db);
    return false;
  }
  if (db.isTransaction) await sql`release savepoint unique_write`.execute(db);
  return true;
}
