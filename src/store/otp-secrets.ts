import type { Kysely } from "kysely";
import { type Clock, systemClock } from "../clock/clock.ts";
import { insertInBatches } from "../db/batch-insert.ts";
import type { Database } from "../db/tables.ts";

/** A TOTP secret as an import brings it, with the times of its file. */
export interface ImportedOtpSecret {
  userId: string;
  secret: string;
  createdAt: Date;
  updatedAt: Date;
}

/** TOTP secrets; one per user at most. */
export function otpSecretStore(db: Kysely<Database>, clock: Clock = systemClock) {
  return {
    /** Replaces the user's secret; returns the new row's id. */
    async set(userId: string, secret: string): Promise<string> {
      const at = clock.now();
      const id = crypto.randomUUID();
      await db.deleteFrom("otp_secrets").where("user_id", "=", userId).execute();
      await db.insertInto("otp_secrets").values({ id, user_id: userId, secret, created_at: at, updated_at: at }).execute();
      return id;
    },

    /** Whether there was one to delete. */
    async delete(userId: string): Promise<boolean> {
      const result = await db.deleteFrom("otp_secrets").where("user_id", "=", userId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async secretOf(userId: string): Promise<string | undefined> {
      return (await db.selectFrom("otp_secrets").select("secret").where("user_id", "=", userId).executeTakeFirst())?.secret;
    },

    async existsFor(userId: string): Promise<boolean> {
      return (await db.selectFrom("otp_secrets").select("id").where("user_id", "=", userId).executeTakeFirst()) !== undefined;
    },

    /** Inserts many users' secrets, in batches; for an import, whose users have none yet. */
    async insertMany(secrets: readonly ImportedOtpSecret[]): Promise<void> {
      await insertInBatches(
        db,
        "otp_secrets",
        secrets.map((s) => ({
          id: crypto.randomUUID(),
          user_id: s.userId,
          secret: s.secret,
          created_at: s.createdAt,
          updated_at: s.updatedAt,
        })),
      );
    },
  };
}
