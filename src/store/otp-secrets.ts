import type { Kysely } from "kysely";
import type { Database } from "../db/tables.ts";

/** TOTP secrets; one per user at most. */
export function otpSecretStore(db: Kysely<Database>) {
  return {
    async existsFor(userId: string): Promise<boolean> {
      return (await db.selectFrom("otp_secrets").select("id").where("user_id", "=", userId).executeTakeFirst()) !== undefined;
    },
  };
}
