import type { Insertable, Kysely } from "kysely";
import type { Database } from "./tables.ts";

/**
 * Rows per INSERT: a statement per row would cost a round trip per row; 500 rows of at most 14
 * columns stay far below every dialect's limit on bound parameters (SQLite's 32,766).
 */
const BATCH = 500;

/** Inserts many rows of one table, a batch per statement. */
export async function insertInBatches<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  rows: readonly Insertable<Database[T]>[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH) {
    // Each table's rows fit its own insert; the generic table is more than TypeScript can relate here.
    await db
      .insertInto(table)
      .values(rows.slice(start, start + BATCH) as never)
      .execute();
  }
}
