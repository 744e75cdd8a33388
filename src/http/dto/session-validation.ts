import type { AuthenticatedSession } from "../plugins/session-guard.ts";
import { goTime } from "./go-time.ts";

const REGISTERED = new Set(["sub", "iat", "exp", "aud", "iss", "nbf", "jti", "email", "username", "session_id"]);

/** The body of a successful `/sessions/validate`, Hanko's shape. */
export function validSessionDto(found: AuthenticatedSession) {
  const { claims } = found;
  const expiration = typeof claims.exp === "number" ? new Date(claims.exp * 1000) : undefined;
  const audience = typeof claims.aud === "string" ? [claims.aud] : (claims.aud ?? []);
  const custom = Object.fromEntries(Object.entries(claims).filter(([name]) => !REGISTERED.has(name)));
  const idleExpiresAt =
    found.idleExpiresAt && expiration ? (found.idleExpiresAt < expiration ? found.idleExpiresAt : expiration) : found.idleExpiresAt;
  return {
    is_valid: true,
    claims: {
      subject: claims.sub,
      ...(typeof claims.iat === "number" && { issued_at: goTime(new Date(claims.iat * 1000)) }),
      ...(expiration && { expiration: goTime(expiration) }),
      ...(audience.length > 0 && { audience }),
      ...(typeof claims.iss === "string" && claims.iss !== "" && { issuer: claims.iss }),
      ...(claims.email !== undefined && { email: claims.email }),
      ...(typeof claims.username === "string" && claims.username !== "" && { username: claims.username }),
      session_id: claims.session_id,
      ...custom,
    },
    ...(expiration && { expiration_time: goTime(expiration) }),
    user_id: claims.sub,
    ...(idleExpiresAt && { idle_expires_at: goTime(idleExpiresAt) }),
  };
}
