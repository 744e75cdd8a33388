import { Elysia } from "elysia";
import { sessionDto } from "../../session/session-dto.ts";
import type { Config } from "../../config/schema.ts";
import type { Db } from "../../db/connect.ts";
import type { EventBus } from "../../events/events.ts";
import type { SessionService } from "../../session/session-service.ts";
import { eventOrigin } from "../event-origin.ts";
import { sessionGuard } from "../plugins/session-guard.ts";
import { deletionCookie } from "../session/cookie.ts";

/**
 * `POST /logout`: ends the server-side session, so its token is refused everywhere at once, records
 * `user_logged_out` and clears the cookie. As in Hanko the entry is written after the session is gone,
 * outside any transaction, and a failed write fails the request.
 */
export function logoutRoute(db: Db, sessions: SessionService, events: EventBus, config: Config) {
  return new Elysia({ name: "logout" })
    .use(sessionGuard(sessions, config.session))
    .post("/logout", async ({ session, request, server, set }) => {
      await sessions.end(session!.session.id);
      await events.bind(db.kysely, eventOrigin({ request, server, set }, config.server.ip)).emit({
        webhook: "session.delete.explicit.logout",
        audit: "user_logged_out",
        userId: session!.userId,
        data: sessionDto(session!.session),
      });
      // Hanko clears the cookie in header mode too.
      set.headers["set-cookie"] = deletionCookie(config.session.cookie);
      set.status = 204;
      return null;
    });
}
