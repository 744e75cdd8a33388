import type { Kysely } from "kysely";
import type { Database } from "../db/tables.ts";

export interface StoredJwk {
  id: number;
  keyData: string;
  createdAt: Date;
}

/** The `jwks` table: encrypted signing keys, oldest first. */
export function jwkStore(db: Kysely<Database>) {
  return {
    async all(): Promise<StoredJwk[]> {
      const rows = await db.selectFrom("jwks").selectAll().orderBy("created_at").orderBy("id").execute();
      return rows.map((r) => ({ id: r.id, keyData: r.key_data, createdAt: r.created_at }));
    },

    async exists(id: number): Promise<boolean> {
      return (await db.selectFrom("jwks").select("id").where("id", "=", id).executeTakeFirst()) !== undefined;
    },

    async insert(keyData: string, createdAt: Date): Promise<void> {
      await db.insertInto("jwks").values({ key_data: keyData, created_at: createdAt }).execute();
    },

    /** A cheap fingerprint of the table, to notice keys added by another node. */
    async version(): Promise<string> {
      const row = await db
        .selectFrom("jwks")
        .select((eb) => [eb.fn.countAll<number>().as("count"), eb.fn.max("id").as("max_id")])
        .executeTakeFirst();
      return `${Number(row?.count ?? 0)}:${Number(row?.max_id ?? 0)}`;
    },
  };
}

export type JwkStore = ReturnType<typeof jwkStore>;
