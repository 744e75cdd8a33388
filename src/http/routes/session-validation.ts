import { Elysia } from "elysia";
import type { Config } from "../../config/schema.ts";
import type { SessionService } from "../../session/session-service.ts";
import { validSessionDto } from "../dto/session-validation.ts";
import { errorResponse } from "../error-body.ts";
import { authenticate } from "../plugins/session-guard.ts";
import { cookieName, deletionCookie } from "../session/cookie.ts";

const NOT_VALID = { is_valid: false };

/**
 * `/sessions/validate`, for back ends that check a token: always 200, `is_valid` says whether the
 * token counts. GET reads the token like the session middleware and leaves `last_used` alone;
 * POST takes it from the body and records the use.
 */
export function sessionValidationRoutes(sessions: SessionService, config: Config) {
  const name = cookieName(config.session.cookie);
  return new Elysia({ name: "session-validation" })
    .get("/sessions/validate", async ({ request, set }) => {
      const found = await authenticate(request, sessions, { touch: false, cookieName: name });
      if (found.sessionEnded) set.headers["set-cookie"] = deletionCookie(config.session.cookie);
      return found.session ? validSessionDto(found.session) : NOT_VALID;
    })
    .post("/sessions/validate", async ({ body, request }) => {
      const token = (body as { session_token?: unknown } | null)?.session_token;
      if (typeof token !== "string" || token === "") {
        return errorResponse(400, "code=400, message=session_token is a required field", request.method);
      }
      const result = await sessions.validate(token, { touch: true });
      return result.valid ? validSessionDto(result) : NOT_VALID;
    });
}
