import type { Kysely } from "kysely";
import type { Database } from "../db/tables.ts";

export interface CredentialTimestamps {
  id: string;
  createdAt: Date;
  updatedAt: Date;
}

/** When a user's password and TOTP secret were set, without the secrets themselves. */
export function credentialTimestamps(db: Kysely<Database>) {
  const of = async (table: "password_credentials" | "otp_secrets", userId: string): Promise<CredentialTimestamps | undefined> => {
    const row = await db.selectFrom(table).select(["id", "created_at", "updated_at"]).where("user_id", "=", userId).executeTakeFirst();
    return row && { id: row.id, createdAt: row.created_at, updatedAt: row.updated_at };
  };
  return {
    password: (userId: string) => of("password_credentials", userId),
    otp: (userId: string) => of("otp_secrets", userId),
  };
}
