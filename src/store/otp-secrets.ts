import type { Kysely } from "kysely";
import type { Database } from "../db/tables.ts";

/** TOTP secrets; one per user at most. */
export function otpSecretStore(db: Kysely<Database>, now: () => Date = () => new Date()) {
  return {
    /** Replaces the user's secret; returns the new row's id. */
    async set(userId: string, secret: string): Promise<string> {
      const at = now();
      const id = crypto.randomUUID();
      await db.deleteFrom("otp_secrets").where("user_id", "=", userId).execute();
      await db.insertInto("otp_secrets").values({ id, user_id: userId, secret, created_at: at, updated_at: at }).execute();
      return id;
    },

    async delete(userId: string): Promise<void> {
      await db.deleteFrom("otp_secrets").where("user_id", "=", userId).execute();
    },

    async secretOf(userId: string): Promise<string | undefined> {
      return (await db.selectFrom("otp_secrets").select("secret").where("user_id", "=", userId).executeTakeFirst())?.secret;
    },

    async existsFor(userId: string): Promise<boolean> {
      return (await db.selectFrom("otp_secrets").select("id").where("user_id", "=", userId).executeTakeFirst()) !== undefined;
    },
  };
}
