import { Elysia } from "elysia";
import { goTime } from "../../gocompat/time.ts";
import { MAX_PASSWORD_BYTES } from "../../services/password/password-hasher.ts";
import { credentialTimestamps } from "../../store/credential-timestamps.ts";
import { passwordStore } from "../../store/passwords.ts";
import type { AppDeps } from "../app-deps.ts";
import { errorResponse } from "../error-body.ts";
import { decodeDtoFields, readDtoBody, uuidProblem, validationMessage } from "./admin-load-dto.ts";
import { goJsonResponse } from "../../gocompat/echo/json-response.ts";

/**
 * The admin API's `/users/:user_id/password` routes (admin-api.md §7): no password policy beyond
 * Hanko's 72-byte limit, no audit log and no webhook.
 */
export function passwordRoutes(deps: AppDeps) {
  const { db } = deps;
  const userExists = async (userId: string) =>
    (await db.kysely.selectFrom("users").select("id").where("id", "=", userId).executeTakeFirst()) !== undefined;
  const credentialOf = (userId: string) => credentialTimestamps(db.kysely).password(userId);
  const credentialResponse = async (userId: string) => {
    const credential = await credentialOf(userId);
    if (!credential) return errorResponse(404);
    return goJsonResponse({ id: credential.id, created_at: goTime(credential.createdAt), updated_at: goTime(credential.updatedAt) });
  };

  /** Binds and validates `{"password": …}` as `loadDto` does; a Response when that fails. */
  const passwordOf = async (request: Request, userId: string): Promise<string | Response> => {
    const body = await readDtoBody(request);
    if (!body.ok) return errorResponse(400, body.message, request.method);
    const decoded = decodeDtoFields(body.node, "admin.CreateOrUpdatePasswordCredentialRequestDto", { password: "string" });
    if (!decoded.ok) return errorResponse(400, decoded.message, request.method);
    const { password } = decoded.value;
    const invalid = validationMessage([
      uuidProblem(userId, "UserID", "uuid"),
      password === "" ? "password is a required field" : undefined,
    ]);
    if (invalid !== undefined) return errorResponse(400, invalid, request.method);
    // Hanko's bcrypt fails on more with a 500. No sign-in takes a longer password, so it is refused here, as bad input.
    if (new TextEncoder().encode(password).length > MAX_PASSWORD_BYTES) {
      return errorResponse(400, `password must not be longer than ${MAX_PASSWORD_BYTES} bytes`, request.method);
    }
    return password;
  };

  return new Elysia({ name: "admin-password" })
    .get("/users/:id/password", async ({ params, request }) => {
      const invalid = validationMessage([uuidProblem(params.id, "UserID", "uuid")]);
      if (invalid !== undefined) return errorResponse(400, invalid, request.method);
      if (!(await userExists(params.id))) return errorResponse(404, undefined, request.method);
      return credentialResponse(params.id);
    })
    .post(
      "/users/:id/password",
      async ({ params, request }) => {
        const userId = params.id;
        const password = await passwordOf(request, userId);
        if (password instanceof Response) return password;
        if (!(await userExists(userId))) return errorResponse(404, undefined, request.method);
        if (await credentialOf(userId)) return errorResponse(409, undefined, request.method);
        await passwordStore(db.kysely).set(userId, await deps.runtime.passwords.hash(password));
        return credentialResponse(userId);
      },
      { parse: "none" },
    )
    .put(
      "/users/:id/password",
      async ({ params, request }) => {
        const userId = params.id;
        const password = await passwordOf(request, userId);
        if (password instanceof Response) return password;
        if (!(await userExists(userId))) return errorResponse(404, undefined, request.method);
        if (!(await credentialOf(userId))) return errorResponse(404, undefined, request.method);
        await passwordStore(db.kysely).set(userId, await deps.runtime.passwords.hash(password));
        return credentialResponse(userId);
      },
      { parse: "none" },
    )
    .delete("/users/:id/password", async ({ params, request, set }) => {
      const invalid = validationMessage([uuidProblem(params.id, "UserID", "uuid")]);
      if (invalid !== undefined) return errorResponse(400, invalid, request.method);
      if (!(await userExists(params.id)) || !(await credentialOf(params.id))) return errorResponse(404, undefined, request.method);
      await passwordStore(db.kysely).delete(params.id);
      set.status = 204;
      return null;
    });
}
