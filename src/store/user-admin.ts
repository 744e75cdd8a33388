import type { Kysely } from "kysely";
import type { Database } from "../db/tables.ts";

export interface AdminNewUser {
  id: string;
  createdAt: Date;
  /** at most one primary; addresses are stored lower-case */
  emails: { address: string; verified: boolean; primary: boolean }[];
  /** stored exactly as given, as Hanko's admin API does */
  username?: string;
}

/** A row the new user needs is taken; `value` is the id, address or username concerned. */
export class CreateConflict extends Error {
  constructor(
    readonly kind: "user" | "email" | "username",
    readonly value: string,
  ) {
    super(`${kind} ${value} already exists`);
  }
}

export type ProfileFields = Partial<Record<"name" | "given_name" | "family_name" | "picture", string | null>>;

/** The writes of the admin API's user routes that the flows do not share; call inside a transaction. */
export function adminUserWrites(db: Kysely<Database>, now: () => Date = () => new Date()) {
  return {
    /** Creates the user with all its emails and its username; throws CreateConflict when one is taken. */
    async create(input: AdminNewUser): Promise<void> {
      const at = now();
      await conflictAs(new CreateConflict("user", input.id), () =>
        db
          .insertInto("users")
          .values({
            id: input.id,
            created_at: input.createdAt,
            updated_at: at,
            name: null,
            family_name: null,
            given_name: null,
            picture: null,
          })
          .execute(),
      );
      for (const email of input.emails) {
        const emailId = crypto.randomUUID();
        const address = email.address.toLowerCase();
        await conflictAs(new CreateConflict("email", address), () =>
          db
            .insertInto("emails")
            .values({ id: emailId, user_id: input.id, address, verified: email.verified, created_at: at, updated_at: at })
            .execute(),
        );
        if (email.primary) {
          await db
            .insertInto("primary_emails")
            .values({ id: crypto.randomUUID(), email_id: emailId, user_id: input.id, created_at: at, updated_at: at })
            .execute();
        }
      }
      if (input.username !== undefined) {
        const username = input.username;
        await conflictAs(new CreateConflict("username", username), () =>
          db
            .insertInto("usernames")
            .values({ id: crypto.randomUUID(), user_id: input.id, username, created_at: at, updated_at: at })
            .execute(),
        );
      }
    },

    /** Sets or clears the given profile columns and marks the user updated. */
    async updateProfile(userId: string, fields: ProfileFields): Promise<void> {
      await db
        .updateTable("users")
        .set({ ...fields, updated_at: now() })
        .where("id", "=", userId)
        .execute();
    },
  };
}

async function conflictAs(conflict: CreateConflict, insert: () => Promise<unknown>): Promise<void> {
  try {
    await insert();
  } catch (error) {
    throw isUniqueViolation(error) ? conflict : error;
  }
}

/** A unique-constraint violation on any of the three databases. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, errno } = error as { code?: unknown; errno?: unknown };
  return code === "23505" || errno === 1062 || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}
