import type { JWTPayload } from "jose";
import { goTime } from "../gocompat/time.ts";

const REGISTERED = new Set(["sub", "iat", "exp", "aud", "iss", "nbf", "jti", "email", "username", "session_id"]);

/** The claims of a session token as Hanko reports them (`/sessions/validate`, the flows' `success` payload). */
export function claimsView(claims: JWTPayload) {
  const expiration = typeof claims.exp === "number" ? new Date(claims.exp * 1000) : undefined;
  const audience = typeof claims.aud === "string" ? [claims.aud] : (claims.aud ?? []);
  const custom = Object.fromEntries(Object.entries(claims).filter(([name]) => !REGISTERED.has(name)));
  return {
    subject: claims.sub,
    ...(typeof claims.iat === "number" && { issued_at: goTime(new Date(claims.iat * 1000)) }),
    ...(expiration && { expiration: goTime(expiration) }),
    ...(audience.length > 0 && { audience }),
    ...(typeof claims.iss === "string" && claims.iss !== "" && { issuer: claims.iss }),
    ...(claims.email !== undefined && { email: claims.email }),
    ...(typeof claims.username === "string" && claims.username !== "" && { username: claims.username }),
    session_id: claims.session_id,
    ...custom,
  };
}
