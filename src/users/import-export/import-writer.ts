import type { Kysely } from "kysely";
import type { Database } from "../../db/tables.ts";
import { IMPORT_TABLES, type ImportRows } from "./import-rows.ts";

/**
 * Rows per INSERT: a statement per row would cost a round trip per row, several per user; 500 rows
 * of at most 14 columns stay far below every dialect's limit on bound parameters (SQLite's 32,766).
 */
const BATCH = 500;

/** Inserts the rows table by table, in batches; run it inside the import's transaction. */
export async function writeImportRows(db: Kysely<Database>, rows: ImportRows): Promise<void> {
  for (const table of IMPORT_TABLES) {
    const tableRows = rows[table];
    for (let start = 0; start < tableRows.length; start += BATCH) {
      // Each table's rows fit its own insert; the union of tables is more than TypeScript can relate here.
      await db
        .insertInto(table)
        .values(tableRows.slice(start, start + BATCH) as never)
        .execute();
    }
  }
}
