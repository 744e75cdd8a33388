import { Elysia } from "elysia";
import type { Config } from "../../config/schema.ts";
import type { Db } from "../../db/connect.ts";
import type { SessionService } from "../../session/session-service.ts";
import { identityStore } from "../../store/identities.ts";
import { otpSecretStore } from "../../store/otp-secrets.ts";
import { userMetadataStore } from "../../store/user-metadata.ts";
import { userStore } from "../../store/users.ts";
import { webauthnCredentialStore } from "../../store/webauthn-credentials.ts";
import { profileDto } from "../dto/profile.ts";
import { errorResponse } from "../error-body.ts";
import { sessionGuard } from "../plugins/session-guard.ts";

/** `GET /me`: the signed-in user's profile. */
export function meRoute(db: Db, sessions: SessionService, config: Config) {
  return new Elysia({ name: "me" }).use(sessionGuard(sessions, config.session)).get("/me", async ({ session, request }) => {
    const userId = session!.userId;
    const k = db.kysely;
    const user = await userStore(k).byId(userId);
    if (!user) return errorResponse(404, undefined, request.method);
    const [credentials, identities, metadata, hasOtpSecret] = await Promise.all([
      webauthnCredentialStore(k).ofUser(userId),
      identityStore(k).ofUser(userId),
      userMetadataStore(k).get(userId),
      otpSecretStore(k).existsFor(userId),
    ]);
    return profileDto({ user, credentials, identities, metadata, hasOtpSecret }, config);
  });
}
