import { goTime } from "../../gocompat/time.ts";
import type { WebhookRow } from "../../store/webhooks.ts";

/** Hanko's `Webhook` model as its admin API writes it (backend/persistence/models/webhook.go). */
export function adminWebhookDto(webhook: WebhookRow) {
  return {
    id: webhook.id,
    callback: webhook.callback,
    enabled: webhook.enabled,
    failures: webhook.failures,
    expires_at: goTime(webhook.expires_at),
    events: webhook.events.map((e) => ({ id: e.id, event: e.event })),
    created_at: goTime(webhook.created_at),
    updated_at: goTime(webhook.updated_at),
  };
}
