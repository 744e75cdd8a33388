import { Elysia } from "elysia";
import { userViews } from "../../store/user-views.ts";
import { type Refused, refused } from "../../users/user-service.ts";
import type { AppDeps } from "../app-deps.ts";
import { errorResponse } from "../error-body.ts";
import { requestEvents } from "../event-origin.ts";
import { adminUserDto } from "../../profile/admin-user-dto.ts";
import { parseCreateUser } from "./create-user-body.ts";
import { bindGoInt, boundQueryValue, parseGoQuery } from "../../gocompat/echo/query.ts";
import { goJsonResponse } from "../../gocompat/echo/json-response.ts";
import { parseGoUuid } from "../../gocompat/echo/uuid.ts";
import { adminUsers } from "./admin-users.ts";
import { pageWindow } from "./page-window.ts";
import { paginationLink, requestUrlParts } from "./pagination.ts";
import { parsePatchUser } from "./patch-user-body.ts";
import { readAdminBody } from "./read-admin-body.ts";

const DEFAULT_PER_PAGE = 20n;

/** The admin API's `/users` routes (Hanko's backend/handler/user_admin.go). Only creation and deletion send webhooks, as in Hanko. */
export function adminUserRoutes(deps: AppDeps) {
  const { db } = deps;
  const users = adminUsers(deps);
  const userIdOf = (param: string) => {
    const parsed = parseGoUuid(param);
    return parsed.ok ? parsed.uuid : undefined;
  };

  return new Elysia({ name: "admin-users" })
    .get("/users", async ({ request }) => {
      const method = request.method;
      const url = requestUrlParts(request);
      const query = parseGoQuery(url.rawQuery);
      // Echo binds the fields in declaration order, per_page first, and reports the first failure.
      const perPageBound = bindGoInt(boundQueryValue(query, "per_page"));
      if (!perPageBound.ok) return errorResponse(400, perPageBound.error, method);
      const pageBound = bindGoInt(boundQueryValue(query, "page"));
      if (!pageBound.ok) return errorResponse(400, pageBound.error, method);
      const page = pageBound.value === 0n ? 1n : pageBound.value;
      const perPage = perPageBound.value === 0n ? DEFAULT_PER_PAGE : perPageBound.value;

      const userIds: string[] = [];
      const userIdList = boundQueryValue(query, "user_id") ?? "";
      if (userIdList !== "") {
        for (const text of userIdList.split(",")) {
          const id = userIdOf(text);
          if (id === undefined) return errorResponse(400, "failed to parse user_id as uuid", method);
          userIds.push(id);
        }
      }
      const direction = boundQueryValue(query, "sort_direction") || "desc";
      if (direction !== "asc" && direction !== "desc") return errorResponse(400, "sort_direction must be desc or asc", method);
      const filter = {
        userIds,
        email: (boundQueryValue(query, "email") ?? "").toLowerCase(),
        username: (boundQueryValue(query, "username") ?? "").toLowerCase(),
      };

      // The query clamps what the links keep as requested, as Hanko's paginator does.
      const window = pageWindow(page, perPage, DEFAULT_PER_PAGE);
      if (!window.ok) return errorResponse(400, window.message, method);
      const views = userViews(db.kysely);
      const [listed, total] = await Promise.all([
        views.listPage(filter, { offset: window.offset, limit: window.limit, direction }),
        views.listCount(filter),
      ]);
      return goJsonResponse(listed.map(adminUserDto), 200, {
        link: paginationLink(url, total, page, perPage),
        "x-total-count": String(total),
      });
    })
    .post(
      "/users",
      async ({ request, server, set }) => {
        const method = request.method;
        const body = await readAdminBody(request);
        if (!body.ok) return errorResponse(body.status, body.message, method);
        const parsed = parseCreateUser(body.node, body.bytes, deps.config.username);
        if (!parsed.ok) return errorResponse(400, parsed.message, method);
        const { emails, username } = parsed.value;
        const id = parsed.value.id ?? crypto.randomUUID();
        const decided = await users.decide((service) =>
          service.createUser({
            id,
            createdAt: parsed.value.createdAt,
            emails: emails.map((e) => ({ address: e.address, verified: e.isVerified, primary: e.isPrimary })),
            username,
          }),
        );
        if (!decided.ok) return creationRefusal(decided, id, method);
        const created = await userViews(db.kysely).adminUser(id);
        if (!created) return errorResponse(404, "user not found", method);
        const user = adminUserDto(created);
        await requestEvents(deps, { request, server, set }).emit({ webhook: "user.create", userId: id, data: user });
        return goJsonResponse(user);
      },
      { parse: "none" },
    )
    .get("/users/:id", async ({ params, request }) => {
      const id = userIdOf(params.id);
      if (id === undefined) return errorResponse(400, "failed to parse userId as uuid", request.method);
      const user = await userViews(db.kysely).adminUser(id);
      return user ? goJsonResponse(adminUserDto(user)) : errorResponse(404, "user not found", request.method);
    })
    .patch(
      "/users/:id",
      async ({ params, request, server, set }) => {
        const method = request.method;
        const id = userIdOf(params.id);
        if (id === undefined) return errorResponse(400, "failed to parse userId as uuid", method);
        const body = await readAdminBody(request);
        if (!body.ok) return errorResponse(body.status, body.message, method);
        const parsed = parsePatchUser(body.node);
        if (!parsed.ok) return errorResponse(400, parsed.message, method);
        const decided = await users.decide((service) => service.patchUser(id, parsed.value));
        if (!decided.ok) return changeRefusal(decided, method);
        const user = await userViews(db.kysely).adminUser(id);
        // Hanko's admin PATCH changes the username without an event (its issue #2009); the flows report it, and so does this.
        if (user && decided.username) {
          const webhook = `user.update.username.${decided.username}`;
          await requestEvents(deps, { request, server, set }).emit({ webhook, userId: id, data: adminUserDto(user) });
        }
        return user ? goJsonResponse(adminUserDto(user)) : errorResponse(404, "user not found", method);
      },
      { parse: "none" },
    )
    .delete("/users/:id", async ({ params, request, server, set }) => {
      const method = request.method;
      const id = userIdOf(params.id);
      if (id === undefined) return errorResponse(400, "failed to parse userId as uuid", method);
      const decided = await users.decide(async (service, tx) => {
        // Read under the lock the deletion holds, so that the webhook shows the user as they were deleted.
        const existing = (await service.lock(id)) && (await userViews(tx).adminUser(id));
        if (!existing) return refused("user_not_found");
        // Sessions, credentials, passwords, passcodes, tokens and identities go with the user (ON DELETE CASCADE).
        const deleted = await service.deleteUser(id);
        return deleted.ok ? { ok: true, user: adminUserDto(existing) } : deleted;
      });
      if (!decided.ok) return changeRefusal(decided, method);
      const { user } = decided;
      await requestEvents(deps, { request, server, set }).emit({ webhook: "user.delete", userId: id, data: user });
      set.status = 204;
      return null;
    });
}

/** `POST /users`: what was taken, named as Hanko names it. */
function creationRefusal(
  refusal: Refused<"username_invalid" | "user_exists" | "email_taken" | "username_taken">,
  userId: string,
  method: string,
): Response {
  switch (refusal.refusal) {
    case "user_exists":
      return errorResponse(409, `failed to create user with id '${userId}': user already exists`, method);
    case "email_taken":
      return errorResponse(409, `failed to create email '${refusal.detail}' for user '${userId}': email already exists`, method);
    case "username_taken":
      return errorResponse(409, `failed to create username '${refusal.detail}' for user '${userId}': username already exists`, method);
    case "username_invalid":
      return errorResponse(400, refusal.detail, method);
  }
}

/** `PATCH` and `DELETE /users/:id`. */
function changeRefusal(refusal: Refused<"user_not_found" | "username_invalid" | "username_taken">, method: string): Response {
  switch (refusal.refusal) {
    case "user_not_found":
      return errorResponse(404, "user not found", method);
    case "username_invalid":
      return errorResponse(400, refusal.detail, method);
    case "username_taken":
      return errorResponse(409, "username already exists", method);
  }
}
