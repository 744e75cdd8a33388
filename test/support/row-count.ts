import type { Kysely } from "kysely";
import type { Database } from "../../src/db/tables.ts";

/** How many rows `table` holds: what a test compares before and after a request to see what it wrote. */
export async function rowCount(db: Kysely<Database>, table: keyof Database): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How many sessions the user has: one per sign-in that went through. */
export async function sessionCount(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await db
    .selectFrom("sessions")
    .where("user_id", "=", userId)
    .select((eb) => eb.fn.countAll().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
