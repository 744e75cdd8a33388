import type { Kysely } from "kysely";
import { type Clock, systemClock } from "../clock/clock.ts";
import { insertInBatches } from "../db/batch-insert.ts";
import type { Database } from "../db/tables.ts";

/** A password hash as an import brings it, with the times of its file. */
export interface ImportedPassword {
  userId: string;
  hash: string;
  createdAt: Date;
  updatedAt: Date;
}

/** `password_credentials`: at most one hash per user. */
export function passwordStore(db: Kysely<Database>, clock: Clock = systemClock) {
  return {
    async hashOf(userId: string): Promise<string | undefined> {
      return (await db.selectFrom("password_credentials").select("password").where("user_id", "=", userId).executeTakeFirst())?.password;
    },

    /** Whether there was one to delete. */
    async delete(userId: string): Promise<boolean> {
      const result = await db.deleteFrom("password_credentials").where("user_id", "=", userId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /** Creates or replaces the user's password hash. */
    async set(userId: string, hash: string): Promise<void> {
      const at = clock.now();
      const updated = await db
        .updateTable("password_credentials")
        .set({ password: hash, updated_at: at })
        .where("user_id", "=", userId)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) {
        await db
          .insertInto("password_credentials")
          .values({ id: crypto.randomUUID(), user_id: userId, password: hash, created_at: at, updated_at: at })
          .execute();
      }
    },

    /** Inserts many users' hashes, in batches; for an import, whose users have none yet. */
    async insertMany(passwords: readonly ImportedPassword[]): Promise<void> {
      await insertInBatches(
        db,
        "password_credentials",
        passwords.map((p) => ({
          id: crypto.randomUUID(),
          user_id: p.userId,
          password: p.hash,
          created_at: p.createdAt,
          updated_at: p.updatedAt,
        })),
      );
    },
  };
}
