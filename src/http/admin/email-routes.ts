import { Elysia } from "elysia";
import { userViews } from "../../store/user-views.ts";
import { type Refused, refused } from "../../users/user-service.ts";
import type { AppDeps } from "../app-deps.ts";
import { errorResponse } from "../error-body.ts";
import { eventOrigin, type RequestContext } from "../event-origin.ts";
import { adminEmailDto } from "./admin-email-dto.ts";
import { columnWidthProblem } from "./column-limit.ts";
import { decodeDtoFields, readDtoBody, uuidProblem, validationMessage } from "./admin-load-dto.ts";
import { adminUserDto } from "../../profile/admin-user-dto.ts";
import { isValidEmailAddress } from "../../gocompat/echo/email-syntax.ts";
import { goJsonResponse } from "../../gocompat/echo/json-response.ts";
import { adminUsers } from "./admin-users.ts";

/** Hanko's bare answers when an address cannot be added. */
const ADD_REFUSALS = { email_limit_reached: 409, user_not_found: 404, email_taken: 400 } as const;

/**
 * The admin API's `/users/:user_id/emails` routes (Hanko's backend/handler/email_admin.go). Every change sends a webhook
 * carrying the changed user and the admin request's client, as Hanko's `NotifyUserChange` does.
 */
export function emailRoutes(deps: AppDeps) {
  const { db, config } = deps;
  const users = adminUsers(deps);
  const notify = async (webhook: string, userId: string, context: RequestContext) => {
    const loaded = await userViews(db.kysely).adminUser(userId);
    if (!loaded) return;
    const origin = eventOrigin(context, config.server.ip);
    const user = { ...adminUserDto(loaded), ip_address: origin.ip, user_agent: origin.userAgent };
    await deps.runtime.events.bind(db.kysely, origin).emit({ webhook, userId, data: user });
  };
  /** The path's ids, validated; an answer when they are not. */
  const pathProblem = (params: { id: string; email_id: string }, method: string) => {
    const invalid = validationMessage([uuidProblem(params.id, "UserId", "uuid"), uuidProblem(params.email_id, "EmailId", "uuid4")]);
    return invalid === undefined ? undefined : errorResponse(400, invalid, method);
  };
  /** Hanko's 404s name the user, and the email except when setting the primary one; the primary email cannot go (409). */
  const refusalAnswer = (
    refusal: Refused<"user_not_found" | "email_not_found" | "primary_email">,
    params: { id: string; email_id: string },
    method: string,
    missingEmail: string | undefined,
  ) => {
    switch (refusal.refusal) {
      case "user_not_found":
        return errorResponse(404, `user with id '${params.id}' was not found`, method);
      case "email_not_found":
        return errorResponse(404, missingEmail, method);
      case "primary_email":
        return errorResponse(409, undefined, method);
    }
  };

  return new Elysia({ name: "admin-emails" })
    .get("/users/:id/emails", async ({ params, request }) => {
      const invalid = validationMessage([uuidProblem(params.id, "UserId", "uuid")]);
      if (invalid !== undefined) return errorResponse(400, invalid, request.method);
      // No check that the user exists: an unknown one simply has no emails, as in Hanko.
      return goJsonResponse((await userViews(db.kysely).emailsOf(params.id)).map(adminEmailDto));
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

        // Decided under the user's row lock, in the transaction that writes: two requests at the limit
        // must not both see room for one more address.
        const added = await users.decide(async (service, tx) => {
          const decided = await service.addEmail(userId, address, is_verified);
          if (!decided.ok) return decided;
          // Written just now, in this transaction.
          const email = (await userViews(tx).emailsOf(userId)).find((e) => e.id === decided.emailId)!;
          // Hanko answers with the row as it was before it became primary.
          return { ok: true as const, email: { ...email, isPrimary: false } };
        });
        if (!added.ok) return errorResponse(ADD_REFUSALS[added.refusal], undefined, method);
        await notify("user.update.email.create", userId, { request, server, set });
        return goJsonResponse(adminEmailDto(added.email), 201);
      },
      { parse: "none" },
    )
    .get("/users/:id/emails/:email_id", async ({ params, request }) => {
      const invalid = pathProblem(params, request.method);
      if (invalid) return invalid;
      const views = userViews(db.kysely);
      const missingEmail = `email with id '${params.email_id}' was not found`;
      if (!(await views.exists(params.id))) return refusalAnswer(refused("user_not_found"), params, request.method, missingEmail);
      const email = (await views.emailsOf(params.id)).find((e) => e.id === params.email_id);
      return email ? goJsonResponse(adminEmailDto(email)) : refusalAnswer(refused("email_not_found"), params, request.method, missingEmail);
    })
    .delete("/users/:id/emails/:email_id", async ({ params, request, server, set }) => {
      const invalid = pathProblem(params, request.method);
      if (invalid) return invalid;
      const deleted = await users.decide((service) => service.deleteEmail(params.id, params.email_id, { primary: "refused" }));
      if (!deleted.ok) return refusalAnswer(deleted, params, request.method, `email with id '${params.email_id}' was not found`);
      await notify("user.update.email.delete", params.id, { request, server, set });
      set.status = 204;
      return null;
    })
    .post("/users/:id/emails/:email_id/set_primary", async ({ params, request, server, set }) => {
      const invalid = pathProblem(params, request.method);
      if (invalid) return invalid;
      const decided = await users.decide((service) => service.setPrimaryEmail(params.id, params.email_id));
      if (!decided.ok) return refusalAnswer(decided, params, request.method, undefined);
      if (decided.changed) await notify("user.update.email.primary", params.id, { request, server, set });
      set.status = 204;
      return null;
    });
}
