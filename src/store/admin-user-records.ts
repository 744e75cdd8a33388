import type { Kysely } from "kysely";
import type { Database, Row } from "../db/tables.ts";
import type { EmailRecord, UserRecord } from "./users.ts";
import { type CredentialRow, transportsOf } from "./webauthn-credentials.ts";

/** A user as the admin API shows one: the email rows carry their update time too. */
export type AdminUserRecord = Omit<UserRecord, "emails"> & { emails: (EmailRecord & { updatedAt: Date })[] };

/** What Hanko's admin user list loads per user; passwords, OTP, identities and metadata are not part of it. */
export interface ListedUser {
  user: AdminUserRecord;
  credentials: CredentialRow[];
}

/** Emails (with the primary flag), username and WebAuthn credentials of these users, in a fixed number of queries. */
export async function adminUserRecords(db: Kysely<Database>, users: Row<"users">[]): Promise<ListedUser[]> {
  if (users.length === 0) return [];
  const ids = users.map((u) => u.id);
  const [emails, primaries, usernames, credentials] = await Promise.all([
    db.selectFrom("emails").selectAll().where("user_id", "in", ids).orderBy("created_at").orderBy("id").execute(),
    db.selectFrom("primary_emails").select(["user_id", "email_id"]).where("user_id", "in", ids).execute(),
    db.selectFrom("usernames").selectAll().where("user_id", "in", ids).execute(),
    db.selectFrom("webauthn_credentials").selectAll().where("user_id", "in", ids).orderBy("created_at").orderBy("id").execute(),
  ]);
  const transports = await transportsOf(
    db,
    credentials.map((c) => c.id),
  );
  const primaryOf = new Map(primaries.map((p) => [p.user_id, p.email_id]));
  return users.map((user) => {
    const username = usernames.find((u) => u.user_id === user.id);
    return {
      user: {
        id: user.id,
        createdAt: user.created_at,
        updatedAt: user.updated_at,
        emails: emails
          .filter((e) => e.user_id === user.id)
          .map((e) => ({
            id: e.id,
            address: e.address,
            verified: e.verified,
            isPrimary: e.id === primaryOf.get(user.id),
            createdAt: e.created_at,
            updatedAt: e.updated_at,
          })),
        username: username
          ? { id: username.id, username: username.username, createdAt: username.created_at, updatedAt: username.updated_at }
          : null,
        name: user.name,
        givenName: user.given_name,
        familyName: user.family_name,
        picture: user.picture,
      },
      credentials: credentials.filter((c) => c.user_id === user.id).map((c) => ({ ...c, transports: transports.get(c.id) ?? [] })),
    };
  });
}
