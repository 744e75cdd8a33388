import type { Kysely } from "kysely";
import type { Database, Row } from "../db/tables.ts";

export type FlowRow = Row<"flows">;

/** Flow API state: one row per flow, updated optimistically by version. */
export function flowStore(db: Kysely<Database>) {
  return {
    async create(flow: { id: string; data: string; csrfToken: string; expiresAt: Date; createdAt: Date }): Promise<void> {
      await db
        .insertInto("flows")
        .values({
          id: flow.id,
          data: flow.data,
          version: 0,
          csrf_token: flow.csrfToken,
          expires_at: flow.expiresAt,
          created_at: flow.createdAt,
          updated_at: flow.createdAt,
        })
        .execute();
    },

    async byId(id: string): Promise<FlowRow | undefined> {
      return db.selectFrom("flows").selectAll().where("id", "=", id).executeTakeFirst();
    },

    /** Writes the new state if nobody else did since `version` was read; false when someone did. */
    async update(flow: { id: string; version: number; data: string; csrfToken: string; updatedAt: Date }): Promise<boolean> {
      const result = await db
        .updateTable("flows")
        .set({ data: flow.data, csrf_token: flow.csrfToken, version: flow.version + 1, updated_at: flow.updatedAt })
        .where("id", "=", flow.id)
        .where("version", "=", flow.version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}
