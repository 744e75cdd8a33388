import type { Ctx } from "../../flowkit/flow-services.ts";
import { flowClock } from "../../flowkit/flow-clock.ts";
import { flowUsers } from "../../flowkit/flow-users.ts";
import { userStore } from "../../store/users.ts";
import { notifyAfterCommit, primaryAddress } from "../security-notifications.ts";

/**
 * Login and profile: writes the address set in `onboarding_email` (or `email_create`) once it may be
 * used – right away without verification, else after the passcode. An address meanwhile owned by
 * someone else is left alone. Only the profile writes an `email_created` audit entry here, as Hanko's
 * verification hook does there; its login flow creates the address with the webhook alone.
 */
export async function createEmail(ctx: Ctx): Promise<void> {
  const { email, user_id: userId } = ctx.data;
  if (!ctx.data.email_to_create || !email || !userId) return;
  if (ctx.services.config.email.require_verification && !ctx.data.email_verified) return;
  const added = await flowUsers(ctx).addEmail(userId, email, ctx.data.email_verified === true);
  if (added.ok) {
    // Hanko's backend/flow_api/flow/shared/hook_email_persist_verified_status.go, to the primary address before
    // this one: in the profile; the sign-in's onboarding adds a user's first address, with nobody to tell.
    notifyAfterCommit(ctx, primaryAddress(ctx), { template: "email_create", newEmailAddress: email });
    await ctx.services.events.emit({
      webhook: "user.update.email.create",
      ...(ctx.flowName === "profile" && { audit: "email_created" }),
      userId,
      details: { email, flow_id: ctx.flowId },
    });
  }
  ctx.data.email_to_create = false;
  ctx.data.user_has_emails = true;
}

/**
 * Login and profile, after `passcode_confirmation`: a passcode proved the address, so it is marked
 * verified, and `email_verified` is written unless the passcode was a sign-in, which implies as much.
 */
export async function persistVerifiedEmail(ctx: Ctx): Promise<void> {
  const { email, user_id: userId } = ctx.data;
  if (!ctx.data.email_verified || !email || !userId) return;
  await userStore(ctx.services.tx, flowClock(ctx)).markVerified(userId, email);
  if (ctx.data.login_method !== "passcode")
    await ctx.services.events.emit({ audit: "email_verified", userId, details: { email, flow_id: ctx.flowId } });
}
