import { Elysia } from "elysia";
import { sessionStore } from "../../store/sessions.ts";
import { userViews } from "../../store/user-views.ts";
import { refused } from "../../users/user-service.ts";
import type { AppDeps } from "../app-deps.ts";
import { errorResponse } from "../error-body.ts";
import { requestEvents } from "../event-origin.ts";
import { parseCreateSession } from "./admin-session-create-body.ts";
import { sessionDto } from "../../session/session-dto.ts";
import { loadPathDto, type PathField } from "./admin-session-load-dto.ts";
import { goJsonResponse } from "../../gocompat/echo/json-response.ts";
import { readAdminBody } from "./read-admin-body.ts";
import { adminUsers } from "./admin-users.ts";

// The path says `:id`: the router needs one parameter name per position, and the user routes use `id`.
const USER: PathField = { field: "UserID", param: "id", check: "uuid" };
const SESSION: PathField = { field: "SessionID", param: "session_id", check: "uuid4" };

/** The admin API's session routes (Hanko's backend/handler/session_admin.go): list and revoke a user's sessions, and issue one for a user. */
export function sessionRoutes(deps: AppDeps) {
  const { db } = deps;
  const users = adminUsers(deps);

  return new Elysia({ name: "admin-sessions" })
    .get(
      "/users/:id/sessions",
      async ({ params, request }) => {
        const dto = await loadPathDto(request, "admin.ListSessionsRequestDto", [USER], params);
        if (!dto.ok) return errorResponse(400, dto.message, request.method);
        const userId = dto.values.UserID!;
        if (!(await userViews(db.kysely).exists(userId))) return errorResponse(404, undefined, request.method);
        // Hanko lists them newest first.
        const sessions = (await sessionStore(db.kysely).active(userId, deps.runtime.clock.now())).reverse();
        return goJsonResponse(sessions.map(sessionDto));
      },
      { parse: "none" },
    )
    .delete(
      "/users/:id/sessions/:session_id",
      async ({ params, request, server, set }) => {
        const method = request.method;
        const dto = await loadPathDto(request, "admin.DeleteSessionRequestDto", [USER, SESSION], params);
        if (!dto.ok) return errorResponse(400, dto.message, method);
        const deleted = await users.decide((service) => service.deleteSession(dto.values.UserID!, dto.values.SessionID!));
        if (!deleted.ok) return errorResponse(404, undefined, method);
        const { session } = deleted;
        await requestEvents(deps, { request, server, set }).emit({
          webhook: "session.delete.admin.revoke",
          userId: session.user_id,
          data: sessionDto(session),
        });
        set.status = 204;
        return null;
      },
      { parse: "none" },
    )
    .post(
      "/sessions",
      async ({ request, server, set }) => {
        const method = request.method;
        const body = await readAdminBody(request);
        if (!body.ok) return errorResponse(body.status, body.message, method);
        const parsed = parseCreateSession(body.node);
        if (!parsed.ok) return errorResponse(400, parsed.message, method);
        const { userId, userAgent, ipAddress } = parsed.value;
        const issued = await users.decide(async (service, tx) => {
          if (!(await service.lock(userId))) return refused("user_not_found");
          const session = await deps.runtime.sessions.issueIn(tx, userId);
          // The admin names the client in the body; the request's own headers and session.acquire_* do not count.
          await sessionStore(tx).recordClient(session.sessionId, { userAgent: userAgent || null, ipAddress: ipAddress || null });
          return { ok: true as const, token: session.token, row: (await sessionStore(tx).byId(session.sessionId))! };
        });
        if (!issued.ok) return errorResponse(404, "user not found", method);
        const events = requestEvents(deps, { request, server, set });
        await events.emit({ audit: "login_success", userId, details: { api: "admin" } });
        await events.emit({ webhook: "session.create.admin", userId, data: sessionDto(issued.row) });
        return goJsonResponse({ session_token: issued.token });
      },
      { parse: "none" },
    );
}
