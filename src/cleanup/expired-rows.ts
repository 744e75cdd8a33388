import type { Kysely } from "kysely";
import type { Config } from "../config/schema.ts";
import { parseDuration } from "../gocompat/duration.ts";
import type { Db } from "../db/connect.ts";

/** The tables `hanko cleanup` knows, in its order. */
export const CLEANUP_TABLES = ["audit_logs", "flows", "webauthn_session_data"] as const;
export type CleanupTable = (typeof CLEANUP_TABLES)[number];

/** The one shape the three tables share here, so a single query serves each of them. */
type ExpiringRows = Record<CleanupTable, { id: string; created_at: Date; expires_at: Date | null }>;

/** Which column dates a row, and the moment before which a row has expired. */
export function expiryOf(table: CleanupTable, config: Config, now: Date): { column: "created_at" | "expires_at"; cutoff: Date } {
  if (table === "audit_logs") return { column: "created_at", cutoff: new Date(now.getTime() - parseDuration(config.audit_log.retention)) };
  // A challenge without an expiry never expires, as in Hanko.
  return { column: "expires_at", cutoff: now };
}

const expiringRows = (db: Db) => db.kysely as unknown as Kysely<ExpiringRows>;

/** How many rows of `table` have expired: what a dry run reports. */
export async function countExpired(db: Db, table: CleanupTable, config: Config, now: Date): Promise<number> {
  const { column, cutoff } = expiryOf(table, config, now);
  const row = await expiringRows(db)
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as("n"))
    .where(column, "<", cutoff)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Deletes the expired rows of `table`, `pageSize` at a time so that no statement holds locks for long.
 * Several nodes may run this at once: each statement deletes only what has expired, so a page another
 * node took first just means fewer rows here, and the loop ends when a page comes back short.
 */
export async function deleteExpired(db: Db, table: CleanupTable, config: Config, now: Date, pageSize: number): Promise<number> {
  const { column, cutoff } = expiryOf(table, config, now);
  const kysely = expiringRows(db);
  let total = 0;
  for (;;) {
    // MySQL refuses LIMIT in an IN subquery but takes it on DELETE; SQLite and PostgreSQL are the other way round.
    const page =
      db.family === "mysql"
        ? kysely.deleteFrom(table).where(column, "<", cutoff).limit(pageSize)
        : kysely.deleteFrom(table).where("id", "in", (eb) => eb.selectFrom(table).select("id").where(column, "<", cutoff).limit(pageSize));
    const deleted = Number((await page.executeTakeFirst()).numDeletedRows);
    total += deleted;
    if (deleted < pageSize) return total;
  }
}
