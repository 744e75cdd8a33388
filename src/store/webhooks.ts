import type { Kysely } from "kysely";
import { type Clock, systemClock } from "../clock/clock.ts";
import type { SqlFamily } from "../db/dialect.ts";
import { forUpdate } from "../db/row-lock.ts";
import type { Database, Row } from "../db/tables.ts";

export type WebhookEventRow = Row<"webhook_events">;
export type WebhookRow = Row<"webhooks"> & { events: WebhookEventRow[] };

/** What a database-managed webhook is set to; the store stamps the times and ids. */
export interface WebhookFields {
  callback: string;
  enabled: boolean;
  events: readonly string[];
  expiresAt: Date;
}

/**
 * `webhooks` with their `webhook_events`. Writes that touch both tables should run in a transaction;
 * one event name twice for a webhook breaks a unique index, as in Hanko.
 */
export function webhookStore(db: Kysely<Database>, clock: Clock = systemClock) {
  const insertEvents = async (webhookId: string, events: readonly string[], at: Date) => {
    if (events.length === 0) return;
    await db
      .insertInto("webhook_events")
      .values(events.map((event) => ({ id: crypto.randomUUID(), webhook_id: webhookId, event, created_at: at, updated_at: at })))
      .execute();
  };
  const eventsOf = async (webhookIds: string[]) => {
    if (webhookIds.length === 0) return [];
    // Hanko loads them in no particular order; by id keeps answers stable.
    return db.selectFrom("webhook_events").selectAll().where("webhook_id", "in", webhookIds).orderBy("id").execute();
  };
  const withEvents = async (rows: Row<"webhooks">[]): Promise<WebhookRow[]> => {
    const events = await eventsOf(rows.map((r) => r.id));
    return rows.map((row) => ({ ...row, events: events.filter((e) => e.webhook_id === row.id) }));
  };

  return {
    async create(fields: WebhookFields): Promise<string> {
      const id = crypto.randomUUID();
      const at = clock.now();
      await db
        .insertInto("webhooks")
        .values({
          id,
          callback: fields.callback,
          enabled: fields.enabled,
          failures: 0,
          expires_at: fields.expiresAt,
          created_at: at,
          updated_at: at,
        })
        .execute();
      await insertEvents(id, fields.events, at);
      return id;
    },

    /** All webhooks, enabled or not, oldest first. */
    async list(): Promise<WebhookRow[]> {
      return withEvents(await db.selectFrom("webhooks").selectAll().orderBy("created_at").orderBy("id").execute());
    },

    async byId(id: string): Promise<WebhookRow | undefined> {
      const row = await db.selectFrom("webhooks").selectAll().where("id", "=", id).executeTakeFirst();
      return row ? (await withEvents([row]))[0] : undefined;
    },

    /** Locks the webhook's row until the transaction ends, so that a replacement and a deletion do not interleave; false when there is none. */
    async lock(id: string, family: SqlFamily): Promise<boolean> {
      return (await forUpdate(db.selectFrom("webhooks").select("id").where("id", "=", id), family).executeTakeFirst()) !== undefined;
    },

    /** Replaces the callback, the state and every event, and clears the failure count. */
    async replace(id: string, fields: WebhookFields): Promise<void> {
      const at = clock.now();
      await db.deleteFrom("webhook_events").where("webhook_id", "=", id).execute();
      await db
        .updateTable("webhooks")
        .set({ callback: fields.callback, enabled: fields.enabled, failures: 0, expires_at: fields.expiresAt, updated_at: at })
        .where("id", "=", id)
        .execute();
      await insertEvents(id, fields.events, at);
    },

    /**
     * The enabled webhooks with an event that is a prefix of `event`, as Hanko matches subscriptions:
     * one query, as every event with a webhook name asks it.
     */
    async enabledFor(event: string): Promise<{ id: string; callback: string }[]> {
      const subscriptions = await db
        .selectFrom("webhooks")
        .innerJoin("webhook_events", "webhook_events.webhook_id", "webhooks.id")
        .select(["webhooks.id", "webhooks.callback", "webhook_events.event"])
        .where("webhooks.enabled", "=", true)
        .orderBy("webhooks.created_at")
        .orderBy("webhooks.id")
        .execute();
      const matching = new Map<string, { id: string; callback: string }>();
      for (const { id, callback, event: subscribed } of subscriptions) {
        if (event.startsWith(subscribed)) matching.set(id, { id, callback });
      }
      return [...matching.values()];
    },

    /** After a delivered event: failures cleared and the expiry moved to `expiresAt`, as Hanko does. */
    async recordSuccess(id: string, expiresAt: Date): Promise<void> {
      await db.updateTable("webhooks").set({ failures: 0, expires_at: expiresAt, updated_at: clock.now() }).where("id", "=", id).execute();
    },

    /** After an event that could not be delivered: one more failure; past `maxFailures` the webhook is disabled. */
    async recordFailure(id: string, maxFailures: number): Promise<void> {
      await db
        .updateTable("webhooks")
        // `enabled` first: MySQL evaluates the assignments in order, and must see the old count as the others do.
        .set((eb) => ({
          enabled: eb.case().when("failures", ">=", maxFailures).then(false).else(eb.ref("enabled")).end(),
          failures: eb("failures", "+", 1),
          updated_at: clock.now(),
        }))
        .where("id", "=", id)
        .execute();
    },

    async disable(id: string): Promise<void> {
      await db.updateTable("webhooks").set({ enabled: false, updated_at: clock.now() }).where("id", "=", id).execute();
    },

    async delete(id: string): Promise<void> {
      await db.deleteFrom("webhook_events").where("webhook_id", "=", id).execute();
      await db.deleteFrom("webhooks").where("id", "=", id).execute();
    },
  };
}
