import { Elysia } from "elysia";
import { goTime } from "../../gocompat/time.ts";
import { credentialTimestamps } from "../../store/credential-timestamps.ts";
import type { AppDeps } from "../app-deps.ts";
import { errorResponse } from "../error-body.ts";
import { uuidProblem, validationMessage } from "./admin-load-dto.ts";
import { goJsonResponse } from "../../gocompat/echo/json-response.ts";
import { adminUsers } from "./admin-users.ts";

/** The admin API's `/users/:user_id/otp` routes (Hanko's backend/handler/otp_admin.go); the secret itself is never shown. */
export function otpRoutes(deps: AppDeps) {
  const { db } = deps;
  const users = adminUsers(deps);
  const idProblem = (userId: string, method: string) => {
    const invalid = validationMessage([uuidProblem(userId, "UserID", "uuid")]);
    return invalid === undefined ? undefined : errorResponse(400, invalid, method);
  };

  // A missing user and a missing secret look the same, as in Hanko (the secret goes with the user).
  return new Elysia({ name: "admin-otp" })
    .get("/users/:id/otp", async ({ params, request }) => {
      const invalid = idProblem(params.id, request.method);
      if (invalid) return invalid;
      const secret = await credentialTimestamps(db.kysely).otp(params.id);
      return secret
        ? goJsonResponse({ id: secret.id, created_at: goTime(secret.createdAt) })
        : errorResponse(404, undefined, request.method);
    })
    .delete("/users/:id/otp", async ({ params, request, set }) => {
      const invalid = idProblem(params.id, request.method);
      if (invalid) return invalid;
      const deleted = await users.decide((service) => service.deleteOtpSecret(params.id));
      if (!deleted.ok) return errorResponse(404, undefined, request.method);
      set.status = 204;
      return null;
    });
}
