import type { Insertable, Kysely } from "kysely";
import { type Clock, systemClock } from "../clock/clock.ts";
import { insertInBatches } from "../db/batch-insert.ts";
import type { SqlFamily } from "../db/dialect.ts";
import { forUpdate } from "../db/row-lock.ts";
import type { Database } from "../db/tables.ts";
import { writeUnlessTaken } from "../db/unique-write.ts";
import { type UserView, userViews } from "./user-views.ts";

export interface NewUser {
  id?: string;
  /** the creation time the caller names (the admin API's `created_at`); otherwise now */
  createdAt?: Date;
  /** one address, primary, as registration has it */
  email?: { address: string; verified: boolean };
  /** several, one of them primary, as the admin API's creation has them */
  emails?: { address: string; verified: boolean; primary: boolean }[];
  username?: string;
  name?: string;
  givenName?: string;
  familyName?: string;
  picture?: string;
}

export type ProfileFields = Partial<Record<"name" | "given_name" | "family_name" | "picture", string | null>>;

/** A row the new user needs is taken; `value` is the id, address or username concerned. */
export class Taken extends Error {
  constructor(
    readonly kind: "user" | "email" | "username",
    readonly value: string,
  ) {
    super(`${kind} ${value} already exists`);
  }
}

/** A user as an import brings them: the file's times, which their emails and username carry too (the file has none of theirs). */
export interface ImportedUser {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  /** lower-case, exactly one primary when there are any */
  emails: readonly { address: string; verified: boolean; isPrimary: boolean }[];
  /** lower-case */
  username: string | null;
}

/**
 * Every write to users, their emails, primary-email markers and usernames. Addresses and usernames
 * are stored lower-case, as Hanko's flows store them, so lookups are case-insensitive on every
 * dialect. The rules (limits, owners, which address may go) are the user service's; these are the
 * writes it decides on.
 */
export function userStore(db: Kysely<Database>, clock: Clock = systemClock) {
  const insertPrimary = (userId: string, emailId: string, at: Date) =>
    db
      .insertInto("primary_emails")
      .values({ id: crypto.randomUUID(), email_id: emailId, user_id: userId, created_at: at, updated_at: at })
      .execute();

  return {
    /**
     * Creates the user with their emails and username; call inside a transaction. Throws Taken when
     * the id, an address or the username belongs to someone already.
     */
    async create(input: NewUser): Promise<UserView> {
      const at = clock.now();
      const id = input.id ?? crypto.randomUUID();
      const inserted = await writeUnlessTaken(db, () =>
        db
          .insertInto("users")
          .values({
            id,
            created_at: input.createdAt ?? at,
            updated_at: at,
            name: input.name ?? null,
            family_name: input.familyName ?? null,
            given_name: input.givenName ?? null,
            picture: input.picture ?? null,
          })
          .execute(),
      );
      if (!inserted) throw new Taken("user", id);
      const emails = input.email ? [{ ...input.email, primary: true }] : (input.emails ?? []);
      for (const email of emails) {
        const address = email.address.toLowerCase();
        const emailId = await this.insertEmail(id, address, email.verified);
        if (emailId === undefined) throw new Taken("email", address);
        if (email.primary) await insertPrimary(id, emailId, at);
      }
      if (input.username !== undefined && !(await this.setUsername(id, input.username))) {
        throw new Taken("username", input.username.toLowerCase());
      }
      const created = await userViews(db).byId(id);
      if (!created) throw new Error(`user ${id} vanished while being created`);
      return created;
    },

    /**
     * Locks the user's row until the transaction ends, so that what is decided about the user next
     * is decided on what concurrent requests left; false when there is no such user.
     */
    async lock(userId: string, family: SqlFamily): Promise<boolean> {
      return (await forUpdate(db.selectFrom("users").select("id").where("id", "=", userId), family).executeTakeFirst()) !== undefined;
    },

    /** Sets or clears the given profile columns and marks the user updated. */
    async updateProfile(userId: string, fields: ProfileFields): Promise<void> {
      await db
        .updateTable("users")
        .set({ ...fields, updated_at: clock.now() })
        .where("id", "=", userId)
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

    /** Sets the user's username, replacing the one they had; false when another user has it. */
    async setUsername(userId: string, username: string): Promise<boolean> {
      const at = clock.now();
      const lowered = username.toLowerCase();
      return writeUnlessTaken(db, async () => {
        const updated = await db
          .updateTable("usernames")
          .set({ username: lowered, updated_at: at })
          .where("user_id", "=", userId)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) > 0) return;
        await db
          .insertInto("usernames")
          .values({ id: crypto.randomUUID(), user_id: userId, username: lowered, created_at: at, updated_at: at })
          .execute();
      });
    },

    /** Whether there was one to delete. */
    async deleteUsername(userId: string): Promise<boolean> {
      const result = await db.deleteFrom("usernames").where("user_id", "=", userId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /** Adds an address to the user; its id, or undefined when the address is in the database already. */
    async insertEmail(userId: string, address: string, verified: boolean): Promise<string | undefined> {
      const at = clock.now();
      const id = crypto.randomUUID();
      const inserted = await writeUnlessTaken(db, () =>
        db
          .insertInto("emails")
          .values({ id, user_id: userId, address: address.toLowerCase(), verified, created_at: at, updated_at: at })
          .execute(),
      );
      return inserted ? id : undefined;
    },

    /** Gives an unassigned address to the user, keeping its verification state. */
    async assignEmail(emailId: string, userId: string): Promise<void> {
      await db.updateTable("emails").set({ user_id: userId, updated_at: clock.now() }).where("id", "=", emailId).execute();
    },

    /** Removes one of the user's addresses, its primary marker first (that foreign key restricts). */
    async deleteEmail(userId: string, emailId: string): Promise<void> {
      await db.deleteFrom("primary_emails").where("email_id", "=", emailId).where("user_id", "=", userId).execute();
      await db.deleteFrom("emails").where("id", "=", emailId).where("user_id", "=", userId).execute();
    },

    /** Makes the address the user's primary one, creating the marker when they had none. */
    async setPrimaryEmail(userId: string, emailId: string): Promise<void> {
      const at = clock.now();
      const updated = await db
        .updateTable("primary_emails")
        .set({ email_id: emailId, updated_at: at })
        .where("user_id", "=", userId)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) await insertPrimary(userId, emailId, at);
    },

    async markVerified(userId: string, address: string): Promise<void> {
      await db
        .updateTable("emails")
        .set({ verified: true, updated_at: clock.now() })
        .where("user_id", "=", userId)
        .where("address", "=", address.toLowerCase())
        .where("verified", "=", false)
        .execute();
    },

    /** Inserts an import's users with their emails and usernames, in batches; call inside the import's transaction. */
    async insertImported(imported: readonly ImportedUser[]): Promise<void> {
      const users: Insertable<Database["users"]>[] = [];
      const emails: Insertable<Database["emails"]>[] = [];
      const primaries: Insertable<Database["primary_emails"]>[] = [];
      const usernames: Insertable<Database["usernames"]>[] = [];
      for (const user of imported) {
        const stamps = { created_at: user.createdAt, updated_at: user.updatedAt };
        users.push({ id: user.id, ...stamps, name: null, family_name: null, given_name: null, picture: null });
        for (const email of user.emails) {
          const emailId = crypto.randomUUID();
          emails.push({ id: emailId, user_id: user.id, address: email.address, verified: email.verified, ...stamps });
          if (email.isPrimary) primaries.push({ id: crypto.randomUUID(), email_id: emailId, user_id: user.id, ...stamps });
        }
        if (user.username !== null) usernames.push({ id: crypto.randomUUID(), user_id: user.id, username: user.username, ...stamps });
      }
      await insertInBatches(db, "users", users);
      await insertInBatches(db, "emails", emails);
      await insertInBatches(db, "primary_emails", primaries);
      await insertInBatches(db, "usernames", usernames);
    },
  };
}

export type UserStore = ReturnType<typeof userStore>;
