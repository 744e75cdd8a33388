import { Elysia } from "elysia";
import { goTime } from "../../gocompat/time.ts";
import { credentialTimestamps } from "../../store/credential-timestamps.ts";
import { otpSecretStore } from "../../store/otp-secrets.ts";
import type { AppDeps } from "../app-deps.ts";
import { errorResponse } from "../error-body.ts";
import { uuidProblem, validationMessage } from "./admin-load-dto.ts";
import { goJsonResponse } from "../../gocompat/echo/json-response.ts";

/** The admin API's `/users/:user_id/otp` routes (admin-api.md §9); the secret itself is never shown. */
export function otpRoutes(deps: AppDeps) {
  const { db } = deps;
  /** The user's TOTP secret timestamps, or the answer when the id is invalid or either is missing. */
  const secretOf = async (userId: string, method: string) => {
    const invalid = validationMessage([uuidProblem(userId, "UserID", "uuid")]);
    if (invalid !== undefined) return errorResponse(400, invalid, method);
    // A missing user and a missing secret look the same, as in Hanko (the secret goes with the user).
    return (await credentialTimestamps(db.kysely).otp(userId)) ?? errorResponse(404, undefined, method);
  };

  return new Elysia({ name: "admin-otp" })
    .get("/users/:id/otp", async ({ params, request }) => {
      const secret = await secretOf(params.id, request.method);
      return secret instanceof Response ? secret : goJsonResponse({ id: secret.id, created_at: goTime(secret.createdAt) });
    })
    .delete("/users/:id/otp", async ({ params, request, set }) => {
      const secret = await secretOf(params.id, request.method);
      if (secret instanceof Response) return secret;
      await otpSecretStore(db.kysely).delete(params.id);
      set.status = 204;
      return null;
    });
}
