import { Elysia } from "elysia";
import type { Config } from "../../config/schema.ts";
import type { Db } from "../../db/connect.ts";
import { loadProfile } from "../../profile/load-profile.ts";
import { profileDto } from "../../profile/profile-dto.ts";
import type { SessionService } from "../../session/session-service.ts";
import { errorResponse } from "../error-body.ts";
import { sessionGuard } from "../plugins/session-guard.ts";

/** `GET /me`: the signed-in user's profile. */
export function meRoute(db: Db, sessions: SessionService, config: Config) {
  return new Elysia({ name: "me" }).use(sessionGuard(sessions, config.session)).get("/me", async ({ session, request }) => {
    const profile = await loadProfile(db.kysely, session!.userId);
    return profile ? profileDto(profile, config) : errorResponse(404, undefined, request.method);
  });
}
