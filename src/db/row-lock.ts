import type { SelectQueryBuilder } from "kysely";
import type { SqlFamily } from "./dialect.ts";

/**
 * Adds `FOR UPDATE` where the dialect has it. SQLite has no row locks and needs none: its writers
 * are serialised, and our connection runs one transaction at a time.
 */
export function forUpdate<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  family: SqlFamily,
): SelectQueryBuilder<DB, TB, O> {
  return family === "sqlite" ? query : query.forUpdate();
}
