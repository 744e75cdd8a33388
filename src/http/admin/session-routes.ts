import { Elysia } from "elysia";
import { inTransaction } from "../../db/transaction.ts";
import { adminSessionClientStore } from "../../store/admin-session-client.ts";
import { sessionStore } from "../../store/sessions.ts";
import { userStore } from "../../store/users.ts";
import type { AppDeps } from "../app-deps.ts";
import { errorResponse } from "../error-body.ts";
import { requestEvents } from "../event-origin.ts";
import { parseCreateSession } from "./admin-session-create-body.ts";
import { adminSessionDto } from "./admin-session-dto.ts";
import { loadPathDto, type PathField } from "./admin-session-load-dto.ts";
import { goJsonResponse } from "../../gocompat/echo/json-response.ts";
import { readAdminBody } from "./read-admin-body.ts";

// The path says `:id`: the router needs one parameter name per position, and the user routes use `id`.
const USER: PathField = { field: "UserID", param: "id", check: "uuid" };
const SESSION: PathField = { field: "SessionID", param: "session_id", check: "uuid4" };

/** The admin API's session routes (admin-api.md §8): list and revoke a user's sessions, and issue one for a user. */
export function sessionRoutes(deps: AppDeps) {
  const { db } = deps;
  const userExists = async (id: string) => (await userStore(db.kysely).byId(id)) !== undefined;

  return new Elysia({ name: "admin-sessions" })
    .get(
      "/users/:id/sessions",
      async ({ params, request }) => {
        const dto = await loadPathDto(request, "admin.ListSessionsRequestDto", [USER], params);
        if (!dto.ok) return errorResponse(400, dto.message, request.method);
        const userId = dto.values.UserID!;
        if (!(await userExists(userId))) return errorResponse(404, undefined, request.method);
        // Hanko lists them newest first.
        const sessions = (await sessionStore(db.kysely).active(userId, new Date())).reverse();
        return goJsonResponse(sessions.map(adminSessionDto));
      },
      { parse: "none" },
    )
    .delete(
      "/users/:id/sessions/:session_id",
      async ({ params, request, set }) => {
        const method = request.method;
        const dto = await loadPathDto(request, "admin.DeleteSessionRequestDto", [USER, SESSION], params);
        if (!dto.ok) return errorResponse(400, dto.message, method);
        const userId = dto.values.UserID!;
        if (!(await userExists(userId))) return errorResponse(404, undefined, method);
        const sessions = sessionStore(db.kysely);
        const session = await sessions.byId(dto.values.SessionID!);
        if (!session || session.user_id !== userId) return errorResponse(404, undefined, method);
        await sessions.delete(session.id);
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
        if (!(await userExists(userId))) return errorResponse(404, "user not found", method);
        const issued = await inTransaction(db, async (tx) => {
          const session = await deps.runtime.sessions.issueIn(tx, userId);
          // The admin names the client in the body; the request's own headers and session.acquire_* do not count.
          await adminSessionClientStore(tx).record(session.sessionId, { userAgent: userAgent || null, ipAddress: ipAddress || null });
          return session;
        });
        await requestEvents(deps, { request, server, set }).emit({ audit: "login_success", userId, details: { api: "admin" } });
        return goJsonResponse({ session_token: issued.token });
      },
      { parse: "none" },
    );
}
