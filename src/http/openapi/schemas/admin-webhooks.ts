import { Type } from "@sinclair/typebox";
import { WEBHOOK_EVENTS } from "../../../config/schema.ts";
import { CLOSED, Nullable, Timestamp, Uuid } from "./common.ts";

const WebhookEvent = Type.Union(
  WEBHOOK_EVENTS.map((event) => Type.Literal(event)),
  { description: "An event name; a prefix such as `user.update` stands for the events under it" },
);

export const Webhook = Type.Object(
  {
    id: Uuid,
    callback: Type.String(),
    enabled: Type.Boolean(),
    failures: Type.Integer({ minimum: 0 }),
    expires_at: Timestamp,
    events: Type.Array(Type.Object({ id: Uuid, event: WebhookEvent }, CLOSED)),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { ...CLOSED, title: "Webhook" },
);

export const WebhookList = Type.Object(
  {
    database: Type.Array(Webhook, { description: "Webhooks managed through this API, enabled or not" }),
    config: Nullable(
      Type.Array(Type.Object({ callback: Type.String(), events: Type.Array(WebhookEvent) }, CLOSED), {
        description: "`webhooks.hooks` of the configuration; null when there are none",
      }),
    ),
  },
  CLOSED,
);

const events = Type.Array(WebhookEvent, { minItems: 1, uniqueItems: true });

export const CreateWebhookBody = Type.Object({ callback: Type.String({ format: "uri" }), events });

export const UpdateWebhookBody = Type.Object({
  callback: Type.String({ format: "uri" }),
  events,
  enabled: Type.Literal(true, { description: "Required, and false is refused, as in Hanko" }),
});

export const WebhookDelivery = Type.Object(
  {
    id: Uuid,
    event: Type.String(),
    status: Type.Union([Type.Literal("pending"), Type.Literal("delivered"), Type.Literal("failed")]),
    attempts: Type.Integer({ minimum: 0 }),
    last_status: Nullable(Type.Integer({ description: "The HTTP status of the last attempt, if the receiver answered" })),
    last_error: Nullable(Type.String({ description: "Why the last attempt failed" })),
    next_attempt_at: Nullable(Timestamp),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { ...CLOSED, title: "WebhookDelivery" },
);
