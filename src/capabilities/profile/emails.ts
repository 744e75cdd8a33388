import { fail, proceed } from "../../flowpilot/definition.ts";
import { FlowErrors, InputErrors } from "../../flowpilot/errors.ts";
import { emailToProve, type ProfileFacts } from "../../flowkit/flow-data.ts";
import type { Action, Ctx } from "../../flowkit/flow-services.ts";
import { flowUsers } from "../../flowkit/flow-users.ts";
import { userViews } from "../../store/user-views.ts";
import { notifyAfterCommit, primaryAddress } from "../security-notifications.ts";
import { facts, lockAndRefresh, signInMethods } from "./session-user.ts";

/**
 * Which addresses may go (Hanko's backend/flow_api/flow/profile/action_email_delete.go): the primary one only when it is the last, emails are
 * optional and a passkey or password with username still signs the user in; another one when a
 * passkey, a password or passcodes to the remaining addresses do.
 */
function deletableEmails(ctx: Ctx): ProfileFacts["emails"] {
  const { config } = ctx.services;
  const f = facts(ctx);
  const { passkey, password } = signInMethods(ctx);
  return f.emails.filter((email) => {
    if (email.primary) return f.emails.length === 1 && config.email.optional && (passkey || (password && f.username !== null));
    return passkey || password || (config.email.enabled && config.email.use_for_authentication);
  });
}

const emailCreate: Action = {
  name: "email_create",
  description: "Create an email address for the current session user.",
  inputs: (ctx) => [
    { name: "email", type: "email", required: true, maxLength: ctx.services.config.email.max_length, trim: true, lowercase: true },
  ],
  suspended: (ctx) => !ctx.services.config.email.enabled || facts(ctx).emails.length >= ctx.services.config.email.limit,
  targets: ["passcode_confirmation", "profile_init"],
  async execute(ctx) {
    const address = String(ctx.input.email ?? "");
    const { config, tx } = ctx.services;
    const owner = await userViews(tx).idByEmail(address);
    if (owner && (owner === ctx.data.user_id || !config.email.require_verification || config.privacy.show_account_existence_hints)) {
      return fail(FlowErrors.formDataInvalid, { email: InputErrors.emailAlreadyExists });
    }
    emailToProve(ctx.data, address);
    if (owner) {
      ctx.data.passcode_template = "email_registration_attempted";
      return proceed(["passcode_confirmation"]);
    }
    ctx.data.email_to_create = true;
    if (config.email.require_verification) {
      ctx.data.passcode_template = "email_verification";
      return proceed(["passcode_confirmation", "profile_init"]);
    }
    const added = await flowUsers(ctx).addEmail(ctx.data.user_id!, address, false);
    if (!added.ok) {
      // Since this step began, another user took the address, or another tab reached the limit.
      return added.refusal === "email_taken"
        ? fail(FlowErrors.formDataInvalid, { email: InputErrors.emailAlreadyExists })
        : fail(FlowErrors.operationNotPermitted);
    }
    ctx.data.email_to_create = false;
    // To the primary address before this one (backend/flow_api/flow/profile/action_email_create.go); a first address has none.
    notifyAfterCommit(ctx, primaryAddress(ctx), { template: "email_create", newEmailAddress: address });
    await ctx.services.events.emit({
      webhook: "user.update.email.create",
      audit: "email_created",
      userId: ctx.data.user_id!,
      details: { email: address, flow_id: ctx.flowId },
    });
    return proceed(["profile_init"]);
  },
};

const emailDelete: Action = {
  name: "email_delete",
  description: "Delete an email address.",
  // The 2.7.0 profile reads this input's allowed values for every email, so the action is always listed.
  inputs: (ctx) => [
    {
      name: "email_id",
      type: "string",
      required: true,
      hidden: true,
      allowedValues: deletableEmails(ctx).map((e) => ({ value: e.id, name: e.address })),
    },
  ],
  targets: ["profile_init"],
  async execute(ctx) {
    const id = String(ctx.input.email_id ?? "");
    // Decided again under the user's lock: another tab may have removed a sign-in method meanwhile.
    await lockAndRefresh(ctx);
    const email = facts(ctx).emails.find((e) => e.id === id);
    if (!email) return fail(FlowErrors.formDataInvalid, { email_id: InputErrors.valueInvalid });
    if (email.primary && !ctx.services.config.email.optional) return fail(FlowErrors.operationNotPermitted);
    if (!deletableEmails(ctx).some((e) => e.id === id)) return fail(FlowErrors.operationNotPermitted);
    const userId = ctx.data.user_id!;
    // Which address may go was decided above, on what the user has under the lock; the primary one among them.
    await flowUsers(ctx).deleteEmail(userId, id, { primary: "allowed" });
    // To the primary address before the deletion, as Hanko (backend/flow_api/flow/profile/action_email_delete.go):
    // the deleted address itself when it was the primary one.
    notifyAfterCommit(ctx, primaryAddress(ctx), { template: "email_delete", deletedEmailAddress: email.address });
    await ctx.services.events.emit({
      webhook: "user.update.email.delete",
      audit: "email_deleted",
      userId,
      details: { email: email.address, flow_id: ctx.flowId },
    });
    return proceed(["profile_init"]);
  },
};

const emailSetPrimary: Action = {
  name: "email_set_primary",
  description: "Sets a an email address as the primary email address.",
  inputs: () => [{ name: "email_id", type: "string", required: true, hidden: true }],
  suspended: (ctx) => {
    const emails = facts(ctx).emails;
    return !ctx.services.config.email.enabled || emails.length === 0 || (emails.length === 1 && emails[0]!.primary);
  },
  targets: ["profile_init"],
  async execute(ctx) {
    const id = String(ctx.input.email_id ?? "");
    // Under the user's lock, so the address the notification names as the old primary one is the one replaced.
    await lockAndRefresh(ctx);
    const email = facts(ctx).emails.find((e) => e.id === id);
    if (!email) return fail(FlowErrors.notFound);
    const previous = primaryAddress(ctx);
    const set = await flowUsers(ctx).setPrimaryEmail(ctx.data.user_id!, id);
    if (!set.ok) return fail(FlowErrors.notFound);
    if (set.changed) {
      // To the old address only, as Hanko (backend/flow_api/flow/profile/action_email_set_primary.go); there is
      // none when the user had no primary address.
      if (previous !== undefined) {
        notifyAfterCommit(ctx, previous, { template: "primary_email_update", oldEmailAddress: previous, newEmailAddress: email.address });
      }
      await ctx.services.events.emit({
        webhook: "user.update.email.primary",
        audit: "primary_email_changed",
        userId: ctx.data.user_id!,
        details: { email: email.address, flow_id: ctx.flowId },
      });
    }
    return proceed(["profile_init"]);
  },
};

const emailVerify: Action = {
  name: "email_verify",
  description: "Verify an email.",
  inputs: () => [{ name: "email_id", type: "string", required: true, hidden: true }],
  suspended: (ctx) => !ctx.services.config.email.enabled || !facts(ctx).emails.some((e) => !e.verified),
  targets: ["passcode_confirmation", "profile_init"],
  async execute(ctx) {
    const email = facts(ctx).emails.find((e) => e.id === String(ctx.input.email_id ?? ""));
    if (!email) return fail(FlowErrors.notFound);
    emailToProve(ctx.data, email.address);
    ctx.data.passcode_template = "email_verification";
    return proceed(["passcode_confirmation", "profile_init"]);
  },
};

export const emailActions: Action[] = [emailCreate, emailDelete, emailSetPrimary, emailVerify];
