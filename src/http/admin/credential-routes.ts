import { Elysia } from "elysia";
import { webauthnCredentialDto } from "../../profile/webauthn-credential-dto.ts";
import { userViews } from "../../store/user-views.ts";
import { webauthnCredentialStore } from "../../store/webauthn-credentials.ts";
import type { AppDeps } from "../app-deps.ts";
import { errorResponse } from "../error-body.ts";
import { loadPathDto, type PathField } from "./admin-session-load-dto.ts";
import { adminUsers } from "./admin-users.ts";
import { goJsonResponse } from "../../gocompat/echo/json-response.ts";

// The path says `:id`: the router needs one parameter name per position, and the user routes use `id`.
const USER: PathField = { field: "UserID", param: "id", check: "uuid" };
const CREDENTIAL: PathField = { field: "WebauthnCredentialID", param: "credential_id", check: "required" };
const NOT_FOUND = "webauthn credential not found";

/** The admin API's `/users/:user_id/webauthn_credentials` routes (Hanko's backend/handler/webauthn_credential_admin.go); none sends a webhook or audit log. */
export function credentialRoutes(deps: AppDeps) {
  const db = deps.db.kysely;
  const users = adminUsers(deps);
  const pathOf = (request: Request, params: Record<string, string>) =>
    loadPathDto(request, "admin.GetWebauthnCredentialRequestDto", [USER, CREDENTIAL], params);

  return new Elysia({ name: "admin-webauthn-credentials" })
    .get(
      "/users/:id/webauthn_credentials",
      async ({ params, request }) => {
        const dto = await loadPathDto(request, "admin.ListWebauthnCredentialsRequestDto", [USER], params);
        if (!dto.ok) return errorResponse(400, dto.message, request.method);
        const userId = dto.values.UserID!;
        if (!(await userViews(db).exists(userId))) return errorResponse(404, undefined, request.method);
        const credentials = await webauthnCredentialStore(db).ofUser(userId);
        return goJsonResponse(credentials.map(webauthnCredentialDto));
      },
      { parse: "none" },
    )
    .get(
      "/users/:id/webauthn_credentials/:credential_id",
      async ({ params, request }) => {
        const dto = await pathOf(request, params);
        if (!dto.ok) return errorResponse(400, dto.message, request.method);
        const userId = dto.values.UserID!;
        if (!(await userViews(db).exists(userId))) return errorResponse(404, undefined, request.method);
        const credential = await webauthnCredentialStore(db).byId(dto.values.WebauthnCredentialID!);
        if (!credential || credential.user_id !== userId) return errorResponse(404, NOT_FOUND, request.method);
        return goJsonResponse(webauthnCredentialDto(credential));
      },
      { parse: "none" },
    )
    .delete(
      "/users/:id/webauthn_credentials/:credential_id",
      async ({ params, request, set }) => {
        const dto = await pathOf(request, params);
        if (!dto.ok) return errorResponse(400, dto.message, request.method);
        const userId = dto.values.UserID!;
        const deleted = await users.decide((service) => service.deleteCredential(userId, dto.values.WebauthnCredentialID!));
        if (!deleted.ok) return errorResponse(404, deleted.refusal === "user_not_found" ? undefined : NOT_FOUND, request.method);
        set.status = 204;
        return null;
      },
      { parse: "none" },
    );
}
