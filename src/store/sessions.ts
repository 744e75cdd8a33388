import type { Kysely } from "kysely";
import { fitToColumn } from "../db/column-width.ts";
import type { Database, Row } from "../db/tables.ts";

export type SessionRow = Row<"sessions">;

export interface NewSession {
  id: string;
  userId: string;
  userAgent: string | null;
  ipAddress: string | null;
  createdAt: Date;
  expiresAt: Date;
}

/** Server-side sessions: the row named by a token's `session_id` must exist for the token to count. */
export function sessionStore(db: Kysely<Database>) {
  return {
    async create(session: NewSession): Promise<void> {
      await db
        .insertInto("sessions")
        .values({
          id: session.id,
          user_id: session.userId,
          user_agent: session.userAgent,
          ip_address: session.ipAddress,
          created_at: session.createdAt,
          updated_at: session.createdAt,
          expires_at: session.expiresAt,
          last_used: session.createdAt,
        })
        .execute();
    },

    async byId(id: string): Promise<SessionRow | undefined> {
      return db.selectFrom("sessions").selectAll().where("id", "=", id).executeTakeFirst();
    },

    async touch(id: string, at: Date): Promise<void> {
      await db.updateTable("sessions").set({ last_used: at }).where("id", "=", id).execute();
    },

    async delete(id: string): Promise<boolean> {
      const result = await db.deleteFrom("sessions").where("id", "=", id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /** The user's sessions that have not expired, oldest first. */
    async active(userId: string, now: Date): Promise<SessionRow[]> {
      return db
        .selectFrom("sessions")
        .selectAll()
        .where("user_id", "=", userId)
        .where("expires_at", ">", now)
        .orderBy("created_at")
        .orderBy("id")
        .execute();
    },

    async deleteMany(ids: readonly string[]): Promise<void> {
      if (ids.length > 0) await db.deleteFrom("sessions").where("id", "in", ids).execute();
    },

    /**
     * Names the client a session was issued for, as the admin API's `POST /sessions` does. The user
     * agent names the client as a User-Agent header does, so it is cut to its column as that is
     * (Hanko fails on a long one).
     */
    async recordClient(sessionId: string, client: { userAgent: string | null; ipAddress: string | null }): Promise<void> {
      await db
        .updateTable("sessions")
        .set({ user_agent: client.userAgent === null ? null : fitToColumn(client.userAgent), ip_address: client.ipAddress })
        .where("id", "=", sessionId)
        .execute();
    },
  };
}

export type SessionStore = ReturnType<typeof sessionStore>;
