import { Type } from "@sinclair/typebox";
import { CLOSED, Nullable, Timestamp, Uuid } from "./common.ts";

/** Hanko's raw session row as its admin API writes it. */
export const AdminSession = Type.Object(
  {
    id: Uuid,
    user_id: Uuid,
    user_agent: Nullable(Type.String()),
    ip_address: Nullable(Type.String()),
    created_at: Timestamp,
    updated_at: Timestamp,
    expires_at: Nullable(Timestamp),
    last_used: Timestamp,
  },
  { ...CLOSED, title: "Session" },
);

export const CreateSessionBody = Type.Object({
  user_id: Type.String({ format: "uuid" }),
  user_agent: Type.Optional(Type.String({ description: "Recorded with the session" })),
  ip_address: Type.Optional(Type.String({ description: "An IPv4 or IPv6 address, recorded with the session" })),
});

export const IssuedSessionToken = Type.Object({ session_token: Type.String({ description: "A session JWT" }) }, CLOSED);
