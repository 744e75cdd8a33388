import { Elysia } from "elysia";
import type { Config } from "../../config/schema.ts";
import type { SessionService, Validation } from "../../session/session-service.ts";
import { errorResponse } from "../error-body.ts";
import { cookieName, deletionCookie } from "../session/cookie.ts";
import { tokenCandidates } from "../session/token-candidates.ts";

export type AuthenticatedSession = Extract<Validation, { valid: true }>;

/**
 * Finds the request's session among its token candidates and records its use. Without one the
 * route answers 401; a session that just idled out also takes its cookie with it.
 */
export async function authenticate(
  request: Request,
  sessions: SessionService,
  options: { touch: boolean; cookieName: string },
): Promise<{ session: AuthenticatedSession | null; sessionEnded: boolean }> {
  let sessionEnded = false;
  for (const token of tokenCandidates(request, options.cookieName)) {
    const result = await sessions.validate(token, { touch: options.touch });
    if (result.valid) return { session: result, sessionEnded };
    sessionEnded ||= result.ended;
  }
  return { session: null, sessionEnded };
}

/** Routes after this plugin see `session`; requests without a valid one get Hanko's 401. */
export function sessionGuard(sessions: SessionService, session: Config["session"]) {
  const name = cookieName(session.cookie);
  return new Elysia({ name: "session-guard" })
    .resolve({ as: "scoped" }, async ({ request, set }) => {
      const found = await authenticate(request, sessions, { touch: true, cookieName: name });
      if (found.sessionEnded) set.headers["set-cookie"] = deletionCookie(session.cookie);
      return { session: found.session };
    })
    .onBeforeHandle({ as: "scoped" }, ({ session: found, request, set }) => {
      if (!found) {
        set.status = 401;
        return errorResponse(401, undefined, request.method, set.headers as Record<string, string>);
      }
    });
}
