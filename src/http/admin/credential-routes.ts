import { Elysia } from "elysia";
import { webauthnCredentialDto } from "../../profile/webauthn-credential-dto.ts";
import { userStore } from "../../store/users.ts";
import { webauthnCredentialStore } from "../../store/webauthn-credentials.ts";
import type { AppDeps } from "../app-deps.ts";
import { errorResponse } from "../error-body.ts";
import { loadPathDto, type PathField } from "./admin-session-load-dto.ts";
import { goJsonResponse } from "../../gocompat/echo/json-response.ts";

// The path says `:id`: the router needs one parameter name per position, and the user routes use `id`.
const USER: PathField = { field: "UserID", param: "id", check: "uuid" };
const CREDENTIAL: PathField = { field: "WebauthnCredentialID", param: "credential_id", check: "required" };
const NOT_FOUND = "webauthn credential not found";

/** The admin API's `/users/:user_id/webauthn_credentials` routes (admin-api.md §6); none sends a webhook or audit log. */
export function credentialRoutes(deps: AppDeps) {
  const db = deps.db.kysely;

  /** The credential named by the path when the user exists and owns it, else the response to give. */
  const ownedCredential = async (request: Request, params: Record<string, string>) => {
    const dto = await loadPathDto(request, "admin.GetWebauthnCredentialRequestDto", [USER, CREDENTIAL], params);
    if (!dto.ok) return { response: errorResponse(400, dto.message, request.method) };
    const userId = dto.values.UserID!;
    if (!(await userStore(db).byId(userId))) return { response: errorResponse(404, undefined, request.method) };
    const credential = await webauthnCredentialStore(db).byId(dto.values.WebauthnCredentialID!);
    if (!credential || credential.user_id !== userId) return { response: errorResponse(404, NOT_FOUND, request.method) };
    return { credential };
  };

  return new Elysia({ name: "admin-webauthn-credentials" })
    .get(
      "/users/:id/webauthn_credentials",
      async ({ params, request }) => {
        const dto = await loadPathDto(request, "admin.ListWebauthnCredentialsRequestDto", [USER], params);
        if (!dto.ok) return errorResponse(400, dto.message, request.method);
        const userId = dto.values.UserID!;
        if (!(await userStore(db).byId(userId))) return errorResponse(404, undefined, request.method);
        const credentials = await webauthnCredentialStore(db).ofUser(userId);
        return goJsonResponse(credentials.map(webauthnCredentialDto));
      },
      { parse: "none" },
    )
    .get(
      "/users/:id/webauthn_credentials/:credential_id",
      async ({ params, request }) => {
        const found = await ownedCredential(request, params);
        return found.credential ? goJsonResponse(webauthnCredentialDto(found.credential)) : found.response;
      },
      { parse: "none" },
    )
    .delete(
      "/users/:id/webauthn_credentials/:credential_id",
      async ({ params, request, set }) => {
        const found = await ownedCredential(request, params);
        if (!found.credential) return found.response;
        await webauthnCredentialStore(db).delete(found.credential.user_id, found.credential.id);
        set.status = 204;
        return null;
      },
      { parse: "none" },
    );
}
