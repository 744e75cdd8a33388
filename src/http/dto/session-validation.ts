import { goTime } from "../../gocompat/time.ts";
import { claimsView } from "../../session/claims-view.ts";
import type { AuthenticatedSession } from "../plugins/session-guard.ts";

/** The body of a successful `/sessions/validate`, Hanko's shape. */
export function validSessionDto(found: AuthenticatedSession) {
  const { claims } = found;
  const expiration = typeof claims.exp === "number" ? new Date(claims.exp * 1000) : undefined;
  const idleExpiresAt =
    found.idleExpiresAt && expiration ? (found.idleExpiresAt < expiration ? found.idleExpiresAt : expiration) : found.idleExpiresAt;
  return {
    is_valid: true,
    claims: claimsView(claims),
    ...(expiration && { expiration_time: goTime(expiration) }),
    user_id: claims.sub,
    ...(idleExpiresAt && { idle_expires_at: goTime(idleExpiresAt) }),
  };
}
