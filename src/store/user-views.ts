import type { ExpressionBuilder, Kysely } from "kysely";
import type { Database, Row } from "../db/tables.ts";
import { type CredentialTimestamps, credentialTimestamps } from "./credential-timestamps.ts";
import { type IdentityRow, identityStore } from "./identities.ts";
import { otpSecretStore } from "./otp-secrets.ts";
import { passwordStore } from "./passwords.ts";
import { type UserMetadata, userMetadataStore } from "./user-metadata.ts";
import { type CredentialRow, transportsOf, webauthnCredentialStore } from "./webauthn-credentials.ts";

export interface EmailView {
  id: string;
  address: string;
  verified: boolean;
  isPrimary: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface UsernameView {
  id: string;
  username: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A user with their emails (oldest first) and username. */
export interface UserView {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  emails: EmailView[];
  username: UsernameView | null;
  name: string | null;
  givenName: string | null;
  familyName: string | null;
  picture: string | null;
}

/** What Hanko's admin user list loads per user; passwords, OTP, identities and metadata are not part of it. */
export interface ListedUser {
  user: UserView;
  credentials: CredentialRow[];
}

/** Everything the admin API's `User` shows; the list leaves the optional parts out. */
export interface AdminUserView extends ListedUser {
  identities?: IdentityRow[];
  password?: CredentialTimestamps;
  otp?: CredentialTimestamps;
  metadata?: UserMetadata;
}

/** Everything Hanko's ProfileData shows of a user. */
export interface ProfileView {
  user: UserView;
  credentials: CredentialRow[];
  identities: IdentityRow[];
  metadata: UserMetadata | undefined;
  hasOtpSecret: boolean;
  hasPassword: boolean;
}

export interface UserListFilter {
  /** canonical UUIDs; empty: any user */
  userIds: string[];
  /** substring of an address (SQL LIKE, so `%` and `_` are wildcards); empty: no condition */
  email: string;
  /** substring of the username, likewise */
  username: string;
}

export interface UserListPage {
  offset: number;
  limit: number;
  direction: "asc" | "desc";
}

/** The values that are unique across users, as an import claims them. */
export type UniqueValueKind = "user_id" | "address" | "username" | "credential_id" | "user_handle";

/**
 * The read models of users: for sign-in lookups, the profile, the admin API and the export.
 * Addresses and usernames are stored lower-case, so lookups lower-case what they are given.
 */
export function userViews(db: Kysely<Database>) {
  return {
    /** The user and their details are read together: the same queries run whether or not the user exists. */
    async byId(id: string): Promise<UserView | undefined> {
      const [user, details] = await Promise.all([
        db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst(),
        detailsOf(db, [id]),
      ]);
      return user ? details(user) : undefined;
    },

    async byEmail(address: string): Promise<UserView | undefined> {
      const userId = await this.idByEmail(address);
      return userId ? this.byId(userId) : undefined;
    },

    async byUsername(username: string): Promise<UserView | undefined> {
      const userId = await this.idByUsername(username);
      return userId ? this.byId(userId) : undefined;
    },

    /** The id of the user owning the address, if any. */
    async idByEmail(address: string): Promise<string | undefined> {
      return (await this.emailByAddress(address))?.userId ?? undefined;
    },

    async idByUsername(username: string): Promise<string | undefined> {
      const row = await db.selectFrom("usernames").select("user_id").where("username", "=", username.toLowerCase()).executeTakeFirst();
      return row?.user_id;
    },

    /** The row for an address, assigned to a user or not. */
    async emailByAddress(address: string): Promise<{ id: string; userId: string | null } | undefined> {
      const row = await db.selectFrom("emails").select(["id", "user_id"]).where("address", "=", address.toLowerCase()).executeTakeFirst();
      return row && { id: row.id, userId: row.user_id };
    },

    /** The user's emails, oldest first. */
    async emailsOf(userId: string): Promise<EmailView[]> {
      const [rows, primary] = await Promise.all([
        db.selectFrom("emails").selectAll().where("user_id", "=", userId).orderBy("created_at").orderBy("id").execute(),
        db.selectFrom("primary_emails").select("email_id").where("user_id", "=", userId).executeTakeFirst(),
      ]);
      return rows.map((row) => emailView(row, primary?.email_id));
    },

    async exists(userId: string): Promise<boolean> {
      return (await db.selectFrom("users").select("id").where("id", "=", userId).executeTakeFirst()) !== undefined;
    },

    /** Everything `GET /users/:id` shows of a user. */
    async adminUser(userId: string): Promise<AdminUserView | undefined> {
      const row = await db.selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirst();
      if (!row) return undefined;
      const timestamps = credentialTimestamps(db);
      const [[listed], identities, password, otp, metadata] = await Promise.all([
        listedUsers(db, [row]),
        identityStore(db).ofUser(userId),
        timestamps.password(userId),
        timestamps.otp(userId),
        userMetadataStore(db).get(userId),
      ]);
      return { ...listed!, identities, password, otp, metadata };
    },

    /**
     * The admin API's user list. Users with neither an email nor a username are never listed (they
     * cannot sign in with anything the list would show); when both an email and a username filter are
     * given, a user matching either is listed.
     */
    async listCount(filter: UserListFilter): Promise<number> {
      const row = await db
        .selectFrom("users")
        .select((eb) => eb.fn.countAll().as("count"))
        .where(listed(filter))
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },

    /** One page, oldest or newest first; equal creation times are ordered by id so pages do not overlap. */
    async listPage(filter: UserListFilter, page: UserListPage): Promise<ListedUser[]> {
      const users = await db
        .selectFrom("users")
        .selectAll()
        .where(listed(filter))
        .orderBy("created_at", page.direction)
        .orderBy("id", page.direction)
        .limit(page.limit)
        .offset(page.offset)
        .execute();
      return listedUsers(db, users);
    },

    /** Everything the profile (flows and `GET /me`) shows of a user. */
    async profile(userId: string): Promise<ProfileView | undefined> {
      const user = await this.byId(userId);
      if (!user) return undefined;
      const [credentials, identities, metadata, hasOtpSecret, password] = await Promise.all([
        webauthnCredentialStore(db).ofUser(userId),
        identityStore(db).ofUser(userId),
        userMetadataStore(db).get(userId),
        otpSecretStore(db).existsFor(userId),
        passwordStore(db).hashOf(userId),
      ]);
      return { user, credentials, identities, metadata, hasOtpSecret, hasPassword: password !== undefined };
    },

    /** Which of these values the database holds already, each with the user holding it (none for an unassigned address). */
    async holders(kind: UniqueValueKind, values: string[]): Promise<{ value: string; owner: string | null }[]> {
      switch (kind) {
        case "user_id":
          return db.selectFrom("users").select(["id as value", "id as owner"]).where("id", "in", values).execute();
        case "address":
          return db.selectFrom("emails").select(["address as value", "user_id as owner"]).where("address", "in", values).execute();
        case "username":
          return db.selectFrom("usernames").select(["username as value", "user_id as owner"]).where("username", "in", values).execute();
        case "credential_id":
          return db.selectFrom("webauthn_credentials").select(["id as value", "user_id as owner"]).where("id", "in", values).execute();
        case "user_handle":
          return db
            .selectFrom("webauthn_credential_user_handles")
            .select(["handle as value", "user_id as owner"])
            .where("handle", "in", values)
            .execute();
      }
    },

    /** Every table the export reads, each once; users oldest first. */
    async exportRows() {
      const [users, emails, primaries, usernames, passwords, credentials, transports, handles, otpSecrets, metadata] = await Promise.all([
        db.selectFrom("users").selectAll().orderBy("created_at").orderBy("id").execute(),
        db.selectFrom("emails").selectAll().where("user_id", "is not", null).orderBy("created_at").orderBy("address").execute(),
        db.selectFrom("primary_emails").select("email_id").execute(),
        db.selectFrom("usernames").selectAll().execute(),
        db.selectFrom("password_credentials").selectAll().execute(),
        db.selectFrom("webauthn_credentials").selectAll().orderBy("created_at").orderBy("id").execute(),
        db.selectFrom("webauthn_credential_transports").select(["webauthn_credential_id", "name"]).orderBy("name").execute(),
        db.selectFrom("webauthn_credential_user_handles").select(["id", "handle"]).execute(),
        db.selectFrom("otp_secrets").selectAll().execute(),
        db.selectFrom("user_metadata").selectAll().execute(),
      ]);
      return { users, emails, primaries, usernames, passwords, credentials, transports, handles, otpSecrets, metadata };
    },
  };
}

/** Emails (with the primary flag) and usernames of these users, in a fixed number of queries; gives each user row its view. */
async function detailsOf(db: Kysely<Database>, ids: string[]): Promise<(user: Row<"users">) => UserView> {
  const [emails, primaries, usernames] = await Promise.all([
    db.selectFrom("emails").selectAll().where("user_id", "in", ids).orderBy("created_at").orderBy("id").execute(),
    db.selectFrom("primary_emails").select(["user_id", "email_id"]).where("user_id", "in", ids).execute(),
    db.selectFrom("usernames").selectAll().where("user_id", "in", ids).execute(),
  ]);
  const primaryOf = new Map(primaries.map((p) => [p.user_id, p.email_id]));
  return (user) => {
    const username = usernames.find((u) => u.user_id === user.id);
    return {
      id: user.id,
      createdAt: user.created_at,
      updatedAt: user.updated_at,
      emails: emails.filter((e) => e.user_id === user.id).map((e) => emailView(e, primaryOf.get(user.id))),
      username: username
        ? { id: username.id, username: username.username, createdAt: username.created_at, updatedAt: username.updated_at }
        : null,
      name: user.name,
      givenName: user.given_name,
      familyName: user.family_name,
      picture: user.picture,
    };
  };
}

/** The users with their details and WebAuthn credentials. */
async function listedUsers(db: Kysely<Database>, users: Row<"users">[]): Promise<ListedUser[]> {
  if (users.length === 0) return [];
  const ids = users.map((u) => u.id);
  const [details, credentials] = await Promise.all([
    detailsOf(db, ids),
    db.selectFrom("webauthn_credentials").selectAll().where("user_id", "in", ids).orderBy("created_at").orderBy("id").execute(),
  ]);
  const transports = await transportsOf(
    db,
    credentials.map((c) => c.id),
  );
  return users.map((user) => ({
    user: details(user),
    credentials: credentials.filter((c) => c.user_id === user.id).map((c) => ({ ...c, transports: transports.get(c.id) ?? [] })),
  }));
}

function emailView(row: Row<"emails">, primaryId: string | undefined): EmailView {
  return {
    id: row.id,
    address: row.address,
    verified: row.verified,
    isPrimary: row.id === primaryId,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function listed(filter: UserListFilter) {
  return (eb: ExpressionBuilder<Database, "users">) => {
    const withEmail = (pattern?: string) => {
      const emails = eb.selectFrom("emails").select("emails.id").whereRef("emails.user_id", "=", "users.id");
      return eb.exists(pattern === undefined ? emails : emails.where("emails.address", "like", pattern));
    };
    const withUsername = (pattern?: string) => {
      const usernames = eb.selectFrom("usernames").select("usernames.id").whereRef("usernames.user_id", "=", "users.id");
      return eb.exists(pattern === undefined ? usernames : usernames.where("usernames.username", "like", pattern));
    };
    const { email, username, userIds } = filter;
    const conditions = [
      email !== "" && username !== ""
        ? eb.or([withEmail(`%${email}%`), withUsername(`%${username}%`)])
        : email !== ""
          ? withEmail(`%${email}%`)
          : username !== ""
            ? withUsername(`%${username}%`)
            : eb.or([withEmail(), withUsername()]),
    ];
    if (userIds.length > 0) conditions.push(eb("users.id", "in", userIds));
    return eb.and(conditions);
  };
}
