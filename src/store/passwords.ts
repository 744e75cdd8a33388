import type { Kysely } from "kysely";
import type { Database } from "../db/tables.ts";

/** `password_credentials`: at most one hash per user. */
export function passwordStore(db: Kysely<Database>, now: () => Date = () => new Date()) {
  return {
    async hashOf(userId: string): Promise<string | undefined> {
      return (await db.selectFrom("password_credentials").select("password").where("user_id", "=", userId).executeTakeFirst())?.password;
    },

    async delete(userId: string): Promise<void> {
      await db.deleteFrom("password_credentials").where("user_id", "=", userId).execute();
    },

    /** Creates or replaces the user's password hash. */
    async set(userId: string, hash: string): Promise<void> {
      const at = now();
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
  };
}
