import type { Kysely } from "kysely";
import { type Clock, systemClock } from "../clock/clock.ts";
import { insertInBatches } from "../db/batch-insert.ts";
import type { Database } from "../db/tables.ts";

/** Metadata as stored: compact JSON object text per kind, or null when that kind was never set. */
export interface UserMetadata {
  public: string | null;
  private: string | null;
  unsafe: string | null;
}

/** Metadata as an import brings it, with the times of its user. */
export interface ImportedMetadata {
  userId: string;
  metadata: UserMetadata;
  createdAt: Date;
  updatedAt: Date;
}

/** `user_metadata`: one row per user at most. */
export function userMetadataStore(db: Kysely<Database>, clock: Clock = systemClock) {
  return {
    async get(userId: string): Promise<UserMetadata | undefined> {
      const row = await db.selectFrom("user_metadata").selectAll().where("user_id", "=", userId).executeTakeFirst();
      return row ? { public: row.public_metadata, private: row.private_metadata, unsafe: row.unsafe_metadata } : undefined;
    },

    /** Creates or replaces the row; call inside a transaction, under the user's lock, when it must not race another write. */
    async put(userId: string, metadata: UserMetadata): Promise<void> {
      const at = clock.now();
      const values = {
        public_metadata: metadata.public,
        private_metadata: metadata.private,
        unsafe_metadata: metadata.unsafe,
        updated_at: at,
      };
      const updated = await db.updateTable("user_metadata").set(values).where("user_id", "=", userId).executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) {
        await db
          .insertInto("user_metadata")
          .values({ id: crypto.randomUUID(), user_id: userId, created_at: at, ...values })
          .execute();
      }
    },

    /** Inserts many users' metadata, in batches; for an import, whose users have none yet. */
    async insertMany(rows: readonly ImportedMetadata[]): Promise<void> {
      await insertInBatches(
        db,
        "user_metadata",
        rows.map((row) => ({
          id: crypto.randomUUID(),
          user_id: row.userId,
          public_metadata: row.metadata.public,
          private_metadata: row.metadata.private,
          unsafe_metadata: row.metadata.unsafe,
          created_at: row.createdAt,
          updated_at: row.updatedAt,
        })),
      );
    },
  };
}
