import type { Config } from "../../config/schema.ts";
import type { IssuedSession } from "../../session/session-service.ts";
import { sessionCookie } from "./cookie.ts";

export type Retention = "persistent" | "session";

/**
 * The response headers that hand a new session to the client, as Hanko sends them: a cookie, or with
 * `session.enable_auth_token_header` the `X-Auth-Token` header instead; always `X-Session-Lifetime`
 * and `X-Session-Retention`. `rememberMe` is the user's answer where `session.cookie.retention` is
 * `prompt`.
 */
export function sessionTransportHeaders(
  issued: IssuedSession,
  session: Config["session"],
  rememberMe = true,
): Record<string, string | string[]> {
  const retention: Retention =
    session.cookie.retention === "session" || (session.cookie.retention === "prompt" && !rememberMe) ? "session" : "persistent";
  const headers: Record<string, string | string[]> = {
    "x-session-lifetime": String(issued.lifespanSeconds),
    "x-session-retention": retention,
  };
  if (session.enable_auth_token_header) headers["x-auth-token"] = issued.token;
  else
    headers["set-cookie"] = [sessionCookie(session.cookie, issued.token, retention === "persistent" ? issued.lifespanSeconds : undefined)];
  return headers;
}
