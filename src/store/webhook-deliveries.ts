import type { Kysely } from "kysely";
import { type Clock, systemClock } from "../clock/clock.ts";
import { fitToColumn } from "../db/column-width.ts";
import type { Database, Row } from "../db/tables.ts";

export type DeliveryRow = Row<"webhook_deliveries">;

/** One event for one hook, as the outbox writer queues it. */
export interface QueuedDelivery {
  webhookId: string | null;
  callback: string;
  event: string;
  data: unknown;
}

/**
 * `webhook_deliveries`, the outbox. A worker leases a due row before it delivers it: the lease is
 * taken by a conditional update, so of several workers on one database exactly one gets it, and a
 * lease that outlives its worker (killed mid-delivery) runs out and the row is due again.
 */
export function webhookDeliveryStore(db: Kysely<Database>, clock: Clock = systemClock) {
  return {
    async enqueue(deliveries: readonly QueuedDelivery[]): Promise<void> {
      if (deliveries.length === 0) return;
      const at = clock.now();
      await db
        .insertInto("webhook_deliveries")
        .values(
          deliveries.map((delivery) => ({
            id: crypto.randomUUID(),
            webhook_id: delivery.webhookId,
            callback: delivery.callback,
            event: delivery.event,
            data: JSON.stringify(delivery.data),
            status: "pending" as const,
            attempts: 0,
            next_attempt_at: at,
            lease_until: null,
            lease_token: null,
            last_status: null,
            last_error: null,
            created_at: at,
            updated_at: at,
          })),
        )
        .execute();
    },

    /** Up to `limit` pending rows due now whose lease, if any, has run out, oldest first. */
    async due(limit: number): Promise<DeliveryRow[]> {
      const now = clock.now();
      return db
        .selectFrom("webhook_deliveries")
        .selectAll()
        .where("status", "=", "pending")
        .where("next_attempt_at", "<=", now)
        .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<", now)]))
        .orderBy("next_attempt_at")
        .limit(limit)
        .execute();
    },

    /**
     * Takes the rows for `token` until `until`, each unless another worker holds a lease on it, in one
     * statement; answers the rows this worker now holds.
     */
    async lease(ids: readonly string[], token: string, until: Date): Promise<DeliveryRow[]> {
      if (ids.length === 0) return [];
      const now = clock.now();
      await db
        .updateTable("webhook_deliveries")
        .set({ lease_until: until, lease_token: token, updated_at: now })
        .where("id", "in", ids)
        .where("status", "=", "pending")
        .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<", now)]))
        .execute();
      return db.selectFrom("webhook_deliveries").selectAll().where("id", "in", ids).where("lease_token", "=", token).execute();
    },

    /** Records an attempt by the lease holder: delivered, failed for good, or due again at `retryAt`. */
    async settle(
      id: string,
      token: string,
      outcome: { status: "delivered" | "failed" | "pending"; httpStatus: number | null; error: string | null; retryAt?: Date },
    ): Promise<boolean> {
      const now = clock.now();
      const result = await db
        .updateTable("webhook_deliveries")
        .set((eb) => ({
          status: outcome.status,
          attempts: eb("attempts", "+", 1),
          next_attempt_at: outcome.retryAt ?? now,
          lease_until: null,
          lease_token: null,
          last_status: outcome.httpStatus,
          last_error: outcome.error === null ? null : fitToColumn(outcome.error),
          updated_at: now,
        }))
        .where("id", "=", id)
        .where("lease_token", "=", token)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** The newest deliveries of a database hook. */
    async ofWebhook(webhookId: string, limit: number): Promise<DeliveryRow[]> {
      return db
        .selectFrom("webhook_deliveries")
        .selectAll()
        .where("webhook_id", "=", webhookId)
        .orderBy("created_at", "desc")
        .orderBy("id")
        .limit(limit)
        .execute();
    },

    async byId(id: string): Promise<DeliveryRow | undefined> {
      return db.selectFrom("webhook_deliveries").selectAll().where("id", "=", id).executeTakeFirst();
    },

    /** Makes a delivery due again now, whatever became of it. */
    async resend(id: string): Promise<boolean> {
      const now = clock.now();
      const result = await db
        .updateTable("webhook_deliveries")
        .set({ status: "pending", next_attempt_at: now, lease_until: null, lease_token: null, updated_at: now })
        .where("id", "=", id)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}
