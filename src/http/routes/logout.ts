import { Elysia } from "elysia";
import type { Config } from "../../config/schema.ts";
import type { SessionService } from "../../session/session-service.ts";
import { sessionGuard } from "../plugins/session-guard.ts";
import { deletionCookie } from "../session/cookie.ts";

/** `POST /logout`: ends the server-side session, so its token is refused everywhere at once, and clears the cookie. */
export function logoutRoute(sessions: SessionService, config: Config) {
  return new Elysia({ name: "logout" }).use(sessionGuard(sessions, config.session)).post("/logout", async ({ session, set }) => {
    await sessions.end(session!.session.id);
    // Hanko clears the cookie in header mode too.
    set.headers["set-cookie"] = deletionCookie(config.session.cookie);
    set.status = 204;
    return null;
  });
}
