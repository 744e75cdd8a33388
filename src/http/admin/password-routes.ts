import { Elysia } from "elysia";
import { goTime } from "../../gocompat/time.ts";
import { MAX_PASSWORD_BYTES } from "../../services/password/password-hasher.ts";
import { credentialTimestamps } from "../../store/credential-timestamps.ts";
import { userViews } from "../../store/user-views.ts";
import type { AppDeps } from "../app-deps.ts";
import { errorResponse } from "../error-body.ts";
import { decodeDtoFields, readDtoBody, uuidProblem, validationMessage } from "./admin-load-dto.ts";
import { adminUsers } from "./admin-users.ts";
import { goJsonResponse } from "../../gocompat/echo/json-response.ts";

/** Hanko's bare answers when a password cannot be set or deleted. */
const REFUSALS = { user_not_found: 404, password_not_found: 404, password_exists: 409 } as const;

/**
 * The admin API's `/users/:user_id/password` routes (Hanko's backend/handler/password_admin.go): no password policy beyond
 * Hanko's 72-byte limit, no audit log and no webhook. The hash is made before the transaction that
 * decides whether it is stored, so that no lock is held while it is computed.
 */
export function passwordRoutes(deps: AppDeps) {
  const { db } = deps;
  const users = adminUsers(deps);
  const credentialResponse = async (userId: string) => {
    const credential = await credentialTimestamps(db.kysely).password(userId);
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
      if (!(await userViews(db.kysely).exists(params.id))) return errorResponse(404, undefined, request.method);
      return credentialResponse(params.id);
    })
    .post(
      "/users/:id/password",
      async ({ params, request }) => {
        const userId = params.id;
        const password = await passwordOf(request, userId);
        if (password instanceof Response) return password;
        const hash = await deps.runtime.passwords.hash(password);
        const created = await users.decide((service) => service.createPassword(userId, hash));
        if (!created.ok) return errorResponse(REFUSALS[created.refusal], undefined, request.method);
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
        const hash = await deps.runtime.passwords.hash(password);
        const replaced = await users.decide((service) => service.replacePassword(userId, hash));
        if (!replaced.ok) return errorResponse(REFUSALS[replaced.refusal], undefined, request.method);
        return credentialResponse(userId);
      },
      { parse: "none" },
    )
    .delete("/users/:id/password", async ({ params, request, set }) => {
      const invalid = validationMessage([uuidProblem(params.id, "UserID", "uuid")]);
      if (invalid !== undefined) return errorResponse(400, invalid, request.method);
      const deleted = await users.decide((service) => service.deletePassword(params.id));
      if (!deleted.ok) return errorResponse(REFUSALS[deleted.refusal], undefined, request.method);
      set.status = 204;
      return null;
    });
}
