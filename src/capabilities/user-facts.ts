import type { Ctx } from "../flowkit/flow-services.ts";
import { otpSecretStore } from "../store/otp-secrets.ts";
import { passwordStore } from "../store/passwords.ts";
import { userViews } from "../store/user-views.ts";
import { webauthnCredentialStore } from "../store/webauthn-credentials.ts";
import { NIL_UUID } from "../store/webauthn-session-data.ts";

/**
 * Records in the stash who the user is and what they can sign in with. False when there is no such
 * user, or no id was given. The same queries run either way (against the nil id, which no user has,
 * when there is no id), so the time a login identifier takes does not tell whether its user exists.
 */
export async function stashUserFacts(ctx: Ctx, userId: string | undefined): Promise<boolean> {
  const { tx } = ctx.services;
  const id = userId ?? NIL_UUID;
  const [user, mfaOnly, passwordHash, hasOtpSecret] = await Promise.all([
    userViews(tx).byId(id),
    webauthnCredentialStore(tx).mfaOnlyFlagsOf(id),
    passwordStore(tx).hashOf(id),
    otpSecretStore(tx).existsFor(id),
  ]);
  if (!user || userId === undefined) return false;
  const primary = user.emails.find((e) => e.isPrimary);
  ctx.data.user_id = user.id;
  if (primary) ctx.data.email = primary.address;
  if (user.username) ctx.data.username = user.username.username;
  ctx.data.user_has_emails = user.emails.length > 0;
  ctx.data.user_has_username = user.username !== null;
  ctx.data.user_has_passkey = mfaOnly.some((flag) => !flag);
  ctx.data.user_has_webauthn_credential = mfaOnly.length > 0;
  ctx.data.user_has_password = passwordHash !== undefined;
  ctx.data.user_has_security_key = mfaOnly.some((flag) => flag);
  ctx.data.user_has_otp_secret = hasOtpSecret;
  return true;
}
