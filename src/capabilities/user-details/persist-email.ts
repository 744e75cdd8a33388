import type { Ctx } from "../../flows/flow-services.ts";
import { userStore } from "../../store/users.ts";

/**
 * Login: writes the address set in `onboarding_email` once it may be used – right away without
 * verification, else after the passcode. An address meanwhile owned by someone else is left alone.
 */
export async function createEmail(ctx: Ctx): Promise<void> {
  const { email, user_id: userId } = ctx.data;
  if (!ctx.data.email_to_create || !email || !userId) return;
  if (ctx.services.config.email.require_verification && !ctx.data.email_verified) return;
  const users = userStore(ctx.services.tx);
  if (!(await users.byEmail(email))) {
    await users.addEmail(userId, email, ctx.data.email_verified === true);
    await ctx.services.events.emit({ webhook: "user.update.email.create", audit: "email_created", userId, details: { email } });
  }
  ctx.data.email_to_create = false;
  ctx.data.user_has_emails = true;
}

/** Login: a passcode proved the address, so it is marked verified. */
export async function persistVerifiedEmail(ctx: Ctx): Promise<void> {
  const { email, user_id: userId } = ctx.data;
  if (!ctx.data.email_verified || !email || !userId) return;
  await userStore(ctx.services.tx).markVerified(userId, email);
}
