import type { Kysely } from "kysely";
import type { Database } from "../db/tables.ts";
import { identityStore } from "../store/identities.ts";
import { otpSecretStore } from "../store/otp-secrets.ts";
import { passwordStore } from "../store/passwords.ts";
import { userMetadataStore } from "../store/user-metadata.ts";
import { userStore } from "../store/users.ts";
import { webauthnCredentialStore } from "../store/webauthn-credentials.ts";
import type { ProfileSource } from "./profile-dto.ts";

/** Everything Hanko's ProfileData shows of a user, or undefined when there is no such user. */
export async function loadProfile(db: Kysely<Database>, userId: string): Promise<ProfileSource | undefined> {
  const user = await userStore(db).byId(userId);
  if (!user) return undefined;
  const [credentials, identities, metadata, hasOtpSecret, password] = await Promise.all([
    webauthnCredentialStore(db).ofUser(userId),
    identityStore(db).ofUser(userId),
    userMetadataStore(db).get(userId),
    otpSecretStore(db).existsFor(userId),
    passwordStore(db).hashOf(userId),
  ]);
  return { user, credentials, identities, metadata, hasOtpSecret, hasPassword: password !== undefined };
}
