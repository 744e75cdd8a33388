import { Elysia } from "elysia";
import { forUpdate } from "../../db/row-lock.ts";
import { inTransaction } from "../../db/transaction.ts";
import { adminEmailStore } from "../../store/admin-emails.ts";
import { userStore } from "../../store/users.ts";
import type { AppDeps } from "../app-deps.ts";
import { errorResponse } from "../error-body.ts";
import { eventOrigin, type RequestContext } from "../event-origin.ts";
import { adminEmailDto } from "./admin-email-dto.ts";
import { columnWidthProblem } from "./column-limit.ts";
import { decodeDtoFields, readDtoBody, uuidProblem, validationMessage } from "./admin-load-dto.ts";
import { adminUserDto } from "./admin-user-dto.ts";
import { isValidEmailAddress } from "../../gocompat/echo/email-syntax.ts";
import { goJsonResponse } from "../../gocompat/echo/json-response.ts";
import { loadAdminUser } from "./load-admin-user.ts";

/**
 * The admin API's `/users/:user_id/emails` routes (admin-api.md §5). Every change sends a webhook
 * carrying the changed user and the admin request's client, as Hanko's `NotifyUserChange` does.
 */
export function emailRoutes(deps: AppDeps) {
  const { db, config } = deps;
  const notify = async (webhook: string, userId: string, context: RequestContext) => {
    const loaded = await loadAdminUser(db.kysely, userId);
    if (!loaded) return;
    const origin = eventOrigin(context, config.server.ip);
    const user = { ...adminUserDto(loaded), ip_address: origin.ip, user_agent: origin.userAgent };
    await deps.runtime.events.bind(db.kysely, origin).emit({ webhook, userId, details: { user } });
  };
  /** The path's ids validated, then the user and one of their emails; an answer when any is missing. */
  const emailOf = async (params: { id: string; email_id: string }, method: string, missingEmail: string | undefined) => {
    const invalid = validationMessage([uuidProblem(params.id, "UserId", "uuid"), uuidProblem(params.email_id, "EmailId", "uuid4")]);
    if (invalid !== undefined) return errorResponse(400, invalid, method);
    const user = await userStore(db.kysely).byId(params.id);
    if (!user) return errorResponse(404, `user with id '${params.id}' was not found`, method);
    const email = (await adminEmailStore(db.kysely).ofUser(params.id)).find((e) => e.id === params.email_id);
    return email ?? errorResponse(404, missingEmail, method);
  };

  return new Elysia({ name: "admin-emails" })
    .get("/users/:id/emails", async ({ params, request }) => {
      const invalid = validationMessage([uuidProblem(params.id, "UserId", "uuid")]);
      if (invalid !== undefined) return errorResponse(400, invalid, request.method);
      // No check that the user exists: an unknown one simply has no emails, as in Hanko.
      return goJsonResponse((await adminEmailStore(db.kysely).ofUser(params.id)).map(adminEmailDto));
    })
    .post(
      "/users/:id/emails",
      async ({ params, request, server, set }) => {
        const method = request.method;
        const userId = params.id;
        const body = await readDtoBody(request);
        if (!body.ok) return errorResponse(400, body.message, method);
        // `is_primary` is bound (so a wrong type is refused) but otherwise ignored, as in Hanko.
        const decoded = decodeDtoFields(body.node, "admin.CreateEmailRequestDto", {
          address: "string",
          is_primary: "bool",
          is_verified: "bool",
        });
        if (!decoded.ok) return errorResponse(400, decoded.message, method);
        const { address, is_verified } = decoded.value;
        const addressProblem =
          address === ""
            ? "address is a required field"
            : isValidEmailAddress(address)
              ? undefined
              : "address must be a valid email address";
        const invalid = validationMessage([uuidProblem(userId, "UserId", "uuid"), addressProblem]);
        if (invalid !== undefined) return errorResponse(400, invalid, method);
        const tooLong = columnWidthProblem("address", address);
        if (tooLong !== undefined) return errorResponse(400, tooLong, method);

        const lowered = address.toLowerCase();
        // Decided under the user's row lock, in the transaction that writes: two requests at the limit
        // must not both see room for one more address.
        const added = await inTransaction(db, async (tx): Promise<{ status: number } | { id: string }> => {
          const user = await forUpdate(tx.selectFrom("users").select("id").where("id", "=", userId), db.family).executeTakeFirst();
          const store = adminEmailStore(tx);
          const count = await store.count(userId);
          if (count >= config.email.limit) return { status: 409 };
          if (!user) return { status: 404 };
          const existing = await store.byAddress(lowered);
          if (existing?.userId) return { status: 400 };
          const id = existing ? (await store.assign(existing.id, userId), existing.id) : await store.create(userId, lowered, is_verified);
          if (count === 0) await store.makePrimary(userId, id);
          return { id };
        });
        if ("status" in added) return errorResponse(added.status, undefined, method);
        await notify("user.update.email.create", userId, { request, server, set });
        return goJsonResponse(adminEmailDto(await adminEmailStore(db.kysely).asCreated(added.id)), 201);
      },
      { parse: "none" },
    )
    .get("/users/:id/emails/:email_id", async ({ params, request }) => {
      const email = await emailOf(params, request.method, `email with id '${params.email_id}' was not found`);
      return email instanceof Response ? email : goJsonResponse(adminEmailDto(email));
    })
    .delete("/users/:id/emails/:email_id", async ({ params, request, server, set }) => {
      const email = await emailOf(params, request.method, `email with id '${params.email_id}' was not found`);
      if (email instanceof Response) return email;
      if (email.isPrimary) return errorResponse(409, undefined, request.method);
      await userStore(db.kysely).deleteEmail(params.id, email.id);
      await notify("user.update.email.delete", params.id, { request, server, set });
      set.status = 204;
      return null;
    })
    .post("/users/:id/emails/:email_id/set_primary", async ({ params, request, server, set }) => {
      const email = await emailOf(params, request.method, undefined);
      if (email instanceof Response) return email;
      set.status = 204;
      if (email.isPrimary) return null;
      await userStore(db.kysely).setPrimaryEmail(params.id, email.id);
      await notify("user.update.email.primary", params.id, { request, server, set });
      return null;
    });
}
