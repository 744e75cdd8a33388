import type { Kysely } from "kysely";
import type { Database, Row } from "../db/tables.ts";

export interface AdminEmailRow {
  id: string;
  address: string;
  verified: boolean;
  isPrimary: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** Email rows with both timestamps and the primary flag, as the admin `Email` shape shows them. */
export function adminEmailStore(db: Kysely<Database>, now: () => Date = () => new Date()) {
  const withPrimary = async (rows: Row<"emails">[], userId: string): Promise<AdminEmailRow[]> => {
    const primary = await db.selectFrom("primary_emails").select("email_id").where("user_id", "=", userId).executeTakeFirst();
    return rows.map((row) => ({
      id: row.id,
      address: row.address,
      verified: row.verified,
      isPrimary: row.id === primary?.email_id,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }));
  };
  return {
    async ofUser(userId: string): Promise<AdminEmailRow[]> {
      const rows = await db.selectFrom("emails").selectAll().where("user_id", "=", userId).orderBy("created_at").orderBy("id").execute();
      return withPrimary(rows, userId);
    },

    async count(userId: string): Promise<number> {
      const row = await db
        .selectFrom("emails")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("user_id", "=", userId)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    /** The row for an address, assigned to a user or not. */
    async byAddress(address: string): Promise<{ id: string; userId: string | null } | undefined> {
      const row = await db.selectFrom("emails").select(["id", "user_id"]).where("address", "=", address).executeTakeFirst();
      return row && { id: row.id, userId: row.user_id };
    },

    async create(userId: string, address: string, verified: boolean): Promise<string> {
      const at = now();
      const id = crypto.randomUUID();
      await db.insertInto("emails").values({ id, user_id: userId, address, verified, created_at: at, updated_at: at }).execute();
      return id;
    },

    /** Gives an unassigned address to the user, keeping its verification state. */
    async assign(emailId: string, userId: string): Promise<void> {
      await db.updateTable("emails").set({ user_id: userId, updated_at: now() }).where("id", "=", emailId).execute();
    },

    async makePrimary(userId: string, emailId: string): Promise<void> {
      const at = now();
      await db
        .insertInto("primary_emails")
        .values({ id: crypto.randomUUID(), email_id: emailId, user_id: userId, created_at: at, updated_at: at })
        .execute();
    },

    /** The row as the admin shape shows it, with `is_primary` false: Hanko answers a creation so. */
    async asCreated(emailId: string): Promise<AdminEmailRow> {
      const row = await db.selectFrom("emails").selectAll().where("id", "=", emailId).executeTakeFirstOrThrow();
      return {
        id: row.id,
        address: row.address,
        verified: row.verified,
        isPrimary: false,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
      };
    },
  };
}
