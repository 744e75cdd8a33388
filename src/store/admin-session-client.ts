import type { Kysely } from "kysely";
import { fitToColumn } from "../db/column-width.ts";
import type { Database } from "../db/tables.ts";

/** The client a session was issued for, as the admin API names it (whatever `session.acquire_*` say). */
export function adminSessionClientStore(db: Kysely<Database>) {
  return {
    /** The user agent names the client as a User-Agent header does, so it is cut to its column as that is (Hanko fails on a long one). */
    async record(sessionId: string, client: { userAgent: string | null; ipAddress: string | null }): Promise<void> {
      await db
        .updateTable("sessions")
        .set({ user_agent: client.userAgent === null ? null : fitToColumn(client.userAgent), ip_address: client.ipAddress })
        .where("id", "=", sessionId)
        .execute();
    },
  };
}
