import type { Kysely } from "kysely";
import type { Database, Row } from "../db/tables.ts";

/** Anything that runs queries: the database itself or an open transaction. */
type Queryable = Kysely<Database>;

export interface EmailRecord {
  id: string;
  address: string;
  verified: boolean;
  isPrimary: boolean;
  createdAt: Date;
}

export interface UserRecord {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  emails: EmailRecord[];
  username: { id: string; username: string; createdAt: Date; updatedAt: Date } | null;
  name: string | null;
  givenName: string | null;
  familyName: string | null;
  picture: string | null;
}

export interface NewUser {
  id?: string;
  email?: { address: string; verified: boolean };
  username?: string;
  name?: string;
  givenName?: string;
  familyName?: string;
  picture?: string;
}

/**
 * Users with their emails and username. Addresses and usernames are stored lower-case, as Hanko's
 * flows store them, so lookups are case-insensitive on every dialect.
 */
export function userStore(db: Queryable, now: () => Date = () => new Date()) {
  return {
    /** Creates the user, its primary email and its username together; call inside a transaction. */
    async create(input: NewUser): Promise<UserRecord> {
      const at = now();
      const id = input.id ?? crypto.randomUUID();
      await db
        .insertInto("users")
        .values({
          id,
          created_at: at,
          updated_at: at,
          name: input.name ?? null,
          family_name: input.familyName ?? null,
          given_name: input.givenName ?? null,
          picture: input.picture ?? null,
        })
        .execute();
      if (input.email) {
        const emailId = crypto.randomUUID();
        await db
          .insertInto("emails")
          .values({
            id: emailId,
            user_id: id,
            address: input.email.address.toLowerCase(),
            verified: input.email.verified,
            created_at: at,
            updated_at: at,
          })
          .execute();
        await db
          .insertInto("primary_emails")
          .values({ id: crypto.randomUUID(), email_id: emailId, user_id: id, created_at: at, updated_at: at })
          .execute();
      }
      if (input.username !== undefined) {
        await db
          .insertInto("usernames")
          .values({ id: crypto.randomUUID(), user_id: id, username: input.username.toLowerCase(), created_at: at, updated_at: at })
          .execute();
      }
      const created = await this.byId(id);
      if (!created) throw new Error(`user ${id} vanished while being created`);
      return created;
    },

    /** The user and their details are read together: the same queries run whether or not the user exists. */
    async byId(id: string): Promise<UserRecord | undefined> {
      const [user, details] = await Promise.all([
        db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst(),
        detailsOf(db, id),
      ]);
      return user ? withDetails(user, details) : undefined;
    },

    async byEmail(address: string): Promise<UserRecord | undefined> {
      const userId = await this.idByEmail(address);
      return userId ? this.byId(userId) : undefined;
    },

    async byUsername(username: string): Promise<UserRecord | undefined> {
      const userId = await this.idByUsername(username);
      return userId ? this.byId(userId) : undefined;
    },

    /** The id of the user owning the address, if any. */
    async idByEmail(address: string): Promise<string | undefined> {
      const email = await db.selectFrom("emails").select("user_id").where("address", "=", address.toLowerCase()).executeTakeFirst();
      return email?.user_id ?? undefined;
    },

    async idByUsername(username: string): Promise<string | undefined> {
      const row = await db.selectFrom("usernames").select("user_id").where("username", "=", username.toLowerCase()).executeTakeFirst();
      return row?.user_id;
    },

    async setUsername(userId: string, username: string): Promise<void> {
      const at = now();
      await db
        .insertInto("usernames")
        .values({ id: crypto.randomUUID(), user_id: userId, username: username.toLowerCase(), created_at: at, updated_at: at })
        .execute();
    },

    /** Sets the user's username, replacing the one they had. */
    async replaceUsername(userId: string, username: string): Promise<void> {
      const updated = await db
        .updateTable("usernames")
        .set({ username: username.toLowerCase(), updated_at: now() })
        .where("user_id", "=", userId)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) await this.setUsername(userId, username);
    },

    async deleteUsername(userId: string): Promise<void> {
      await db.deleteFrom("usernames").where("user_id", "=", userId).execute();
    },

    /** Adds an address to the user; it becomes primary when the user has none yet. */
    async addEmail(userId: string, address: string, verified: boolean): Promise<void> {
      const at = now();
      const id = crypto.randomUUID();
      await db
        .insertInto("emails")
        .values({ id, user_id: userId, address: address.toLowerCase(), verified, created_at: at, updated_at: at })
        .execute();
      const primary = await db.selectFrom("primary_emails").select("id").where("user_id", "=", userId).executeTakeFirst();
      if (!primary)
        await db
          .insertInto("primary_emails")
          .values({ id: crypto.randomUUID(), email_id: id, user_id: userId, created_at: at, updated_at: at })
          .execute();
    },

    /** Removes one of the user's addresses, its primary marker first (that foreign key restricts). */
    async deleteEmail(userId: string, emailId: string): Promise<void> {
      await db.deleteFrom("primary_emails").where("email_id", "=", emailId).where("user_id", "=", userId).execute();
      await db.deleteFrom("emails").where("id", "=", emailId).where("user_id", "=", userId).execute();
    },

    async setPrimaryEmail(userId: string, emailId: string): Promise<void> {
      const updated = await db
        .updateTable("primary_emails")
        .set({ email_id: emailId, updated_at: now() })
        .where("user_id", "=", userId)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) {
        const at = now();
        await db
          .insertInto("primary_emails")
          .values({ id: crypto.randomUUID(), email_id: emailId, user_id: userId, created_at: at, updated_at: at })
          .execute();
      }
    },

    async markVerified(userId: string, address: string): Promise<void> {
      await db
        .updateTable("emails")
        .set({ verified: true, updated_at: now() })
        .where("user_id", "=", userId)
        .where("address", "=", address.toLowerCase())
        .where("verified", "=", false)
        .execute();
    },

    /**
     * Deletes the user and, through the foreign keys, everything that is theirs. The primary-email
     * marker goes first: it restricts deleting its email, and MySQL checks that before cascading.
     */
    async delete(id: string): Promise<boolean> {
      await db.deleteFrom("primary_emails").where("user_id", "=", id).execute();
      const result = await db.deleteFrom("users").where("id", "=", id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}

export type UserStore = ReturnType<typeof userStore>;

async function detailsOf(db: Queryable, userId: string) {
  const [emails, primary, username] = await Promise.all([
    db.selectFrom("emails").selectAll().where("user_id", "=", userId).orderBy("created_at").orderBy("id").execute(),
    db.selectFrom("primary_emails").select("email_id").where("user_id", "=", userId).executeTakeFirst(),
    db.selectFrom("usernames").selectAll().where("user_id", "=", userId).executeTakeFirst(),
  ]);
  return { emails, primary, username };
}

function withDetails(user: Row<"users">, { emails, primary, username }: Awaited<ReturnType<typeof detailsOf>>): UserRecord {
  return {
    id: user.id,
    createdAt: user.created_at,
    updatedAt: user.updated_at,
    emails: emails.map((e) => ({
      id: e.id,
      address: e.address,
      verified: e.verified,
      isPrimary: e.id === primary?.email_id,
      createdAt: e.created_at,
    })),
    username: username
      ? { id: username.id, username: username.username, createdAt: username.created_at, updatedAt: username.updated_at }
      : null,
    name: user.name,
    givenName: user.given_name,
    familyName: user.family_name,
    picture: user.picture,
  };
}
