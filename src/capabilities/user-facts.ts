import type { Ctx } from "../flows/flow-services.ts";
import { otpSecretStore } from "../store/otp-secrets.ts";
import { passwordStore } from "../store/passwords.ts";
import { userStore } from "../store/users.ts";
import { webauthnCredentialStore } from "../store/webauthn-credentials.ts";

/** Records in the stash who the user is and what they can sign in with. False when there is no such user. */
export async function stashUserFacts(ctx: Ctx, userId: string): Promise<boolean> {
  const user = await userStore(ctx.services.tx).byId(userId);
  if (!user) return false;
  const credentials = await webauthnCredentialStore(ctx.services.tx).ofUser(userId);
  const primary = user.emails.find((e) => e.isPrimary);
  ctx.data.user_id = user.id;
  if (primary) ctx.data.email = primary.address;
  if (user.username) ctx.data.username = user.username.username;
  ctx.data.user_has_emails = user.emails.length > 0;
  ctx.data.user_has_username = user.username !== null;
  ctx.data.user_has_passkey = credentials.some((c) => !c.mfa_only);
  ctx.data.user_has_webauthn_credential = credentials.length > 0;
  ctx.data.user_has_password = (await passwordStore(ctx.services.tx).hashOf(userId)) !== undefined;
  ctx.data.user_has_security_key = credentials.some((c) => c.mfa_only);
  ctx.data.user_has_otp_secret = await otpSecretStore(ctx.services.tx).existsFor(userId);
  return true;
}
