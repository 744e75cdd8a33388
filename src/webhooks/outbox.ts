import type { Clock } from "../clock/clock.ts";
import type { Config } from "../config/schema.ts";
import type { EmittedEvent, EventListener } from "../events/events.ts";
import { adminUserDto } from "../profile/admin-user-dto.ts";
import { userViews } from "../store/user-views.ts";
import { type QueuedDelivery, webhookDeliveryStore } from "../store/webhook-deliveries.ts";
import { webhookStore } from "../store/webhooks.ts";

/** A hook subscribes to an event when one of its names is a prefix of the event's (Hanko's `strings.HasPrefix`). */
function subscribes(events: readonly string[], event: string): boolean {
  return events.some((subscribed) => event.startsWith(subscribed));
}

/**
 * The outbox writer: for an event with a webhook name, one delivery row per hook it is for, written
 * on the event's connection, so inside a transaction the rows land with the change that caused them
 * or not at all. Subscribe it as required, so that an event that cannot be queued fails its
 * operation rather than being lost. `queued` is told after each write, so a worker can look soon.
 */
export function webhookOutbox(config: Config, clock: Clock, queued: () => void): EventListener {
  const configHooks = config.webhooks.enabled ? config.webhooks.hooks : [];
  return async (event) => {
    const name = event.webhook;
    if (!name) return;
    const fromConfig = configHooks.filter((hook) => subscribes(hook.events, name));
    const fromDatabase = await webhookStore(event.executor, clock).enabledFor(name);
    if (fromConfig.length === 0 && fromDatabase.length === 0) return;
    const data = await dataOf(event);
    const deliveries: QueuedDelivery[] = [
      ...fromConfig.map((hook) => ({ webhookId: null, callback: hook.callback, event: name, data })),
      ...fromDatabase.map((hook) => ({ webhookId: hook.id, callback: hook.callback, event: name, data })),
    ];
    await webhookDeliveryStore(event.executor, clock).enqueue(deliveries);
    queued();
  };
}

/**
 * Hanko's `data` for the event: what the emitter handed over, else the user as the admin API shows
 * them now; a sign-in adds where it came from.
 */
async function dataOf(event: EmittedEvent): Promise<unknown> {
  let data = event.data;
  if (data === undefined && event.userId !== null) {
    const user = await userViews(event.executor).adminUser(event.userId);
    data = user ? adminUserDto(user) : { id: event.userId };
  }
  if (event.webhook === "user.login" && data !== null && typeof data === "object") {
    return { ...data, ip_address: event.origin.ip, user_agent: event.origin.userAgent };
  }
  return data ?? null;
}
