import type { Kysely } from "kysely";
import { type Clock, systemClock } from "../clock/clock.ts";
import type { Database, Row } from "../db/tables.ts";

export type PasscodeRow = Row<"passcodes">;

/** `passcodes`: each row holds the digest of one code sent, with its lifetime and the wrong attempts made. */
export function passcodeStore(db: Kysely<Database>, clock: Clock = systemClock) {
  return {
    async create(passcode: { id: string; ttlSeconds: number; digest: string }): Promise<void> {
      const at = clock.now();
      await db
        .insertInto("passcodes")
        .values({
          id: passcode.id,
          user_id: null,
          email_id: null,
          ttl: passcode.ttlSeconds,
          code: passcode.digest,
          try_count: 0,
          created_at: at,
          updated_at: at,
        })
        .execute();
    },

    async byId(id: string): Promise<PasscodeRow | undefined> {
      return db.selectFrom("passcodes").selectAll().where("id", "=", id).executeTakeFirst();
    },

    /** Counts one wrong attempt in the statement that writes it, so concurrent attempts are all counted. */
    async countAttempt(id: string): Promise<void> {
      await db
        .updateTable("passcodes")
        .set((eb) => ({ try_count: eb("try_count", "+", 1), updated_at: clock.now() }))
        .where("id", "=", id)
        .execute();
    },

    async delete(id: string): Promise<void> {
      await db.deleteFrom("passcodes").where("id", "=", id).execute();
    },
  };
}
