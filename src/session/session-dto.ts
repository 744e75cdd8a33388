import { goTime } from "../gocompat/time.ts";
import type { SessionRow } from "../store/sessions.ts";

/** Hanko's raw `Session` model (backend/persistence/models/session.go), as its admin API and session webhooks write it. */
export function sessionDto(session: SessionRow) {
  return {
    id: session.id,
    user_id: session.user_id,
    user_agent: session.user_agent,
    ip_address: session.ip_address,
    created_at: goTime(session.created_at),
    updated_at: goTime(session.updated_at),
    expires_at: session.expires_at === null ? null : goTime(session.expires_at),
    last_used: goTime(session.last_used),
  };
}
