import { Type } from "@sinclair/typebox";
import { CLOSED, JsonObject, Nullable, PAGINATION_QUERY, Timestamp, Uuid } from "./common.ts";

export const AuditLog = Type.Object(
  {
    id: Uuid,
    type: Type.String(),
    error: Type.Optional(Type.String()),
    meta_http_request_id: Type.String(),
    meta_source_ip: Type.String(),
    meta_user_agent: Type.String(),
    actor_user_id: Type.Optional(Uuid),
    actor_email: Type.Optional(Type.String({ description: "Masked when `audit_log.mask` is on" })),
    details: Nullable(JsonObject),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { ...CLOSED, title: "AuditLog", description: "`error`, `actor_user_id` and `actor_email` are left out when empty" },
);

/** Every parameter is optional; the text filters match substrings. */
export const AuditLogQuery = Type.Partial(
  Type.Object({
    ...PAGINATION_QUERY,
    start_time: Type.String({ format: "date-time", description: "Only entries created after this time" }),
    end_time: Type.String({ format: "date-time", description: "Only entries created before this time" }),
    type: Type.Array(Type.String(), { description: "Only these types; repeat the parameter for several" }),
    actor_user_id: Type.String({ description: "Part of the actor's user id" }),
    actor_email: Type.String({ description: "Part of the actor's (masked) email address" }),
    meta_source_ip: Type.String({ description: "Part of the client address" }),
    q: Type.String({ description: "Part of the actor's email address, user id or client address" }),
  }),
);
