import { fail, proceed } from "../../flowpilot/definition.ts";
import { FlowErrors, InputErrors } from "../../flowpilot/errors.ts";
import { emailToProve } from "../../flowkit/flow-data.ts";
import type { Action, FlowServices, FlowState } from "../../flowkit/flow-services.ts";
import { flowUsers, usernameRefused } from "../../flowkit/flow-users.ts";
import { userViews } from "../../store/user-views.ts";

const usernameCreate: Action = {
  name: "username_create",
  description: "Set a new username.",
  inputs: (ctx) => {
    const { username } = ctx.services.config;
    return [
      {
        name: "username",
        type: "string",
        required: !username.optional,
        minLength: username.min_length,
        maxLength: username.max_length,
        trim: true,
        lowercase: true,
      },
    ];
  },
  async execute(ctx) {
    const username = String(ctx.input.username ?? "");
    const userId = ctx.data.user_id;
    if (!userId) throw new Error("username_create without a user");
    const set = await flowUsers(ctx).setUsername(userId, username);
    if (!set.ok) return usernameRefused(set);
    if (set.changed) await ctx.services.events.emit({ webhook: "user.update.username.create", userId, details: { username } });
    ctx.data.username = username;
    ctx.data.user_has_username = true;
    return proceed([], { preventRevert: true });
  },
};

const emailAddressSet: Action = {
  name: "email_address_set",
  description: "Set a new email address.",
  // Hanko declares this one as a plain string: no format check.
  inputs: (ctx) => {
    const { email } = ctx.services.config;
    return [
      {
        name: "email",
        type: "string",
        required: !email.optional,
        maxLength: email.max_length,
        preserve: true,
        trim: true,
        lowercase: true,
      },
    ];
  },
  targets: ["passcode_confirmation"],
  async execute(ctx) {
    const email = String(ctx.input.email ?? "");
    const taken = email !== "" && (await userViews(ctx.services.tx).idByEmail(email)) !== undefined;
    emailToProve(ctx.data, email);
    ctx.data.email_to_create = true;
    if (ctx.services.config.email.require_verification) {
      ctx.data.passcode_template = taken ? "email_registration_attempted" : "email_verification";
      return proceed(["passcode_confirmation"]);
    }
    if (taken) return fail(FlowErrors.formDataInvalid, { email: InputErrors.emailAlreadyExists });
    return proceed([], { preventRevert: true });
  },
};

const skip = (optional: (config: FlowServices["config"]) => boolean): Action => ({
  name: "skip",
  description: "Skip",
  suspended: (ctx) => !optional(ctx.services.config),
  execute: async () => proceed(),
});

export const onboardingUsernameState: FlowState = {
  name: "onboarding_username",
  actions: [usernameCreate, skip((c) => c.username.optional)],
};

export const onboardingEmailState: FlowState = {
  name: "onboarding_email",
  actions: [emailAddressSet, skip((c) => c.email.optional)],
};
