import { Elysia } from "elysia";
import { inTransaction } from "../../db/transaction.ts";
import { adminUserWrites, CreateConflict, isUniqueViolation, type ProfileFields } from "../../store/user-admin.ts";
import { userListStore } from "../../store/user-list.ts";
import { userStore } from "../../store/users.ts";
import { checkUsername } from "../../users/username-rule.ts";
import type { AppDeps } from "../app-deps.ts";
import { errorResponse } from "../error-body.ts";
import { requestEvents } from "../event-origin.ts";
import { adminUserDto } from "./admin-user-dto.ts";
import { parseCreateUser } from "./create-user-body.ts";
import { bindGoInt, boundQueryValue, parseGoQuery } from "../../gocompat/echo/query.ts";
import { goJsonResponse } from "../../gocompat/echo/json-response.ts";
import { parseGoUuid } from "../../gocompat/echo/uuid.ts";
import { loadAdminUser } from "./load-admin-user.ts";
import { pageWindow } from "./page-window.ts";
import { paginationLink, requestUrlParts } from "./pagination.ts";
import { parsePatchUser } from "./patch-user-body.ts";
import { readAdminBody } from "./read-admin-body.ts";

/** An answer decided inside a transaction; throwing it rolls the transaction back. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const DEFAULT_PER_PAGE = 20n;

/** The admin API's `/users` routes (admin-api.md §3). Only creation and deletion send webhooks, as in Hanko. */
export function adminUserRoutes(deps: AppDeps) {
  const { db } = deps;
  const refuse = (error: unknown, method: string) => {
    if (error instanceof Refusal) return errorResponse(error.status, error.message, method);
    throw error;
  };
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
      const store = userListStore(db.kysely);
      const [users, total] = await Promise.all([
        store.page(filter, { offset: window.offset, limit: window.limit, direction }),
        store.count(filter),
      ]);
      return goJsonResponse(users.map(adminUserDto), 200, {
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
        try {
          await inTransaction(db, (tx) =>
            adminUserWrites(tx).create({
              id,
              createdAt: parsed.value.createdAt ?? new Date(),
              emails: emails.map((e) => ({ address: e.address, verified: e.isVerified, primary: e.isPrimary })),
              username,
            }),
          );
        } catch (error) {
          if (!(error instanceof CreateConflict)) throw error;
          return errorResponse(409, conflictMessage(error, id), method);
        }
        const created = await loadAdminUser(db.kysely, id);
        if (!created) return errorResponse(404, "user not found", method);
        const user = adminUserDto(created);
        await requestEvents(deps, { request, server, set }).emit({ webhook: "user.create", userId: id, details: { user } });
        return goJsonResponse(user);
      },
      { parse: "none" },
    )
    .get("/users/:id", async ({ params, request }) => {
      const id = userIdOf(params.id);
      if (id === undefined) return errorResponse(400, "failed to parse userId as uuid", request.method);
      const user = await loadAdminUser(db.kysely, id);
      return user ? goJsonResponse(adminUserDto(user)) : errorResponse(404, "user not found", request.method);
    })
    .patch(
      "/users/:id",
      async ({ params, request }) => {
        const method = request.method;
        const id = userIdOf(params.id);
        if (id === undefined) return errorResponse(400, "failed to parse userId as uuid", method);
        const body = await readAdminBody(request);
        if (!body.ok) return errorResponse(body.status, body.message, method);
        const parsed = parsePatchUser(body.node);
        if (!parsed.ok) return errorResponse(400, parsed.message, method);
        const { username, ...names } = parsed.value;
        try {
          await inTransaction(db, async (tx) => {
            const users = userStore(tx);
            const user = await users.byId(id);
            if (!user) throw new Refusal(404, "user not found");
            // Naming a profile field counts as a change even when the value stays the same, as in Hanko.
            let changed = Object.keys(names).length > 0;
            if (username === null && user.username) {
              await users.deleteUsername(id);
              changed = true;
            } else if (typeof username === "string") {
              const checked = checkUsername(username, deps.config.username);
              if (!checked.ok) throw new Refusal(400, checked.problem);
              const owner = await users.byUsername(checked.username);
              if (owner && owner.id !== id) throw new Refusal(409, "username already exists");
              if (user.username?.username !== checked.username) {
                await users.replaceUsername(id, checked.username).catch((error: unknown) => {
                  throw isUniqueViolation(error) ? new Refusal(409, "username already exists") : error;
                });
                changed = true;
              }
            }
            if (changed) await adminUserWrites(tx).updateProfile(id, names satisfies ProfileFields);
          });
        } catch (error) {
          return refuse(error, method);
        }
        const user = await loadAdminUser(db.kysely, id);
        return user ? goJsonResponse(adminUserDto(user)) : errorResponse(404, "user not found", method);
      },
      { parse: "none" },
    )
    .delete("/users/:id", async ({ params, request, server, set }) => {
      const method = request.method;
      const id = userIdOf(params.id);
      if (id === undefined) return errorResponse(400, "failed to parse userId as uuid", method);
      let user;
      try {
        user = await inTransaction(db, async (tx) => {
          const existing = await loadAdminUser(tx, id);
          if (!existing) throw new Refusal(404, "user not found");
          // Sessions, credentials, passwords, passcodes, tokens and identities go with the user (ON DELETE CASCADE).
          await userStore(tx).delete(id);
          return adminUserDto(existing);
        });
      } catch (error) {
        return refuse(error, method);
      }
      await requestEvents(deps, { request, server, set }).emit({ webhook: "user.delete", userId: id, details: { user } });
      set.status = 204;
      return null;
    });
}

function conflictMessage(conflict: CreateConflict, userId: string): string {
  switch (conflict.kind) {
    case "user":
      return `failed to create user with id '${userId}': user already exists`;
    case "email":
      return `failed to create email '${conflict.value}' for user '${userId}': email already exists`;
    case "username":
      return `failed to create username '${conflict.value}' for user '${userId}': username already exists`;
  }
}
