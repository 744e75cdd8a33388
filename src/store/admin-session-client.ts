import type { Kysely } from "kysely";
import type { Database } from "../db/tables.ts";

/** The client a session was issued for, as the admin API names it (whatever `session.acquire_*` say). */
export function adminSessionClientStore(db: Kysely<Database>) {
  return {
    async record(sessionId: string, client: { userAgent: string | null; ipAddress: string | null }): Promise<void> {
      await db
        .updateTable("sessions")
        .set({ user_agent: client.userAgent, ip_address: client.ipAddress })
        .where("id", "=", sessionId)
        .execute();
    },
  };
}
