import type { Kysely } from "kysely";
import type { Database } from "../../db/tables.ts";
import { adminUserRecords } from "../../store/admin-user-records.ts";
import { credentialTimestamps } from "../../store/credential-timestamps.ts";
import { identityStore } from "../../store/identities.ts";
import { userMetadataStore } from "../../store/user-metadata.ts";
import type { AdminUserSource } from "./admin-user-dto.ts";

/** Everything `GET /users/:id` shows of a user, or undefined when there is no such user. */
export async function loadAdminUser(db: Kysely<Database>, userId: string): Promise<AdminUserSource | undefined> {
  const row = await db.selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirst();
  if (!row) return undefined;
  const timestamps = credentialTimestamps(db);
  const [[record], identities, password, otp, metadata] = await Promise.all([
    adminUserRecords(db, [row]),
    identityStore(db).ofUser(userId),
    timestamps.password(userId),
    timestamps.otp(userId),
    userMetadataStore(db).get(userId),
  ]);
  return { ...record!, identities, password, otp, metadata };
}
