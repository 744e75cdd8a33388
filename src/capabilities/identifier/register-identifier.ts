import { fail, proceed } from "../../flowpilot/definition.ts";
import { FlowErrors, InputErrors } from "../../flowpilot/errors.ts";
import type { InputSpec } from "../../flowpilot/inputs.ts";
import { emailToProve } from "../../flowkit/flow-data.ts";
import type { Action, Ctx } from "../../flowkit/flow-services.ts";
import type { StateName } from "../../flowkit/state-names.ts";
import { CREDENTIAL_ONBOARDING_STATES, credentialOnboardingStates } from "../credential-onboarding.ts";
import { userViews } from "../../store/user-views.ts";
import { USERNAME_CHARACTERS } from "../../users/username-rule.ts";

function acquires(ctx: Ctx): { email: boolean; username: boolean } {
  const { email, username } = ctx.services.config;
  return { email: email.enabled && email.acquire_on_registration, username: username.enabled && username.acquire_on_registration };
}

export const registerLoginIdentifier: Action = {
  name: "register_login_identifier",
  description: "Enter an identifier to register.",
  suspended: (ctx) => {
    const acquired = acquires(ctx);
    return !ctx.services.config.account.allow_signup || (!acquired.email && !acquired.username);
  },
  inputs: (ctx) => {
    const { email, username } = ctx.services.config;
    const acquired = acquires(ctx);
    const specs: InputSpec[] = [];
    if (acquired.email)
      specs.push({ name: "email", type: "email", maxLength: email.max_length, required: !email.optional, trim: true, lowercase: true });
    if (acquired.username) {
      specs.push({
        name: "username",
        type: "string",
        minLength: username.min_length,
        maxLength: username.max_length,
        required: !username.optional,
        trim: true,
        lowercase: true,
      });
    }
    return specs;
  },
  targets: ["passcode_confirmation", ...CREDENTIAL_ONBOARDING_STATES, "success"],
  async execute(ctx) {
    const acquired = acquires(ctx);
    const { config, tx } = ctx.services;
    const email = acquired.email ? String(ctx.input.email ?? "") : "";
    const username = acquired.username ? String(ctx.input.username ?? "") : "";
    if (email === "" && username === "") {
      const missing = { ...InputErrors.valueInvalid, cause: "either email or username must be given" };
      return fail(FlowErrors.formDataInvalid, {
        ...(acquired.email && { email: missing }),
        ...(acquired.username && { username: missing }),
      });
    }
    const users = userViews(tx);
    if (username !== "") {
      if (!USERNAME_CHARACTERS.test(username)) return fail(FlowErrors.formDataInvalid, { username: InputErrors.invalidUsername });
      if (await users.byUsername(username)) return fail(FlowErrors.formDataInvalid, { username: InputErrors.usernameAlreadyExists });
      ctx.data.username = username;
    }
    if (email !== "") {
      const taken = (await users.byEmail(email)) !== undefined;
      if (taken && (!config.email.require_verification || config.privacy.show_account_existence_hints)) {
        return fail(FlowErrors.formDataInvalid, { email: InputErrors.emailAlreadyExists });
      }
      emailToProve(ctx.data, email);
      if (taken) {
        // Looks like a fresh sign-up on the wire; the owner of the address is told instead, and no code can finish it.
        ctx.data.passcode_template = "email_registration_attempted";
        return proceed(["passcode_confirmation"]);
      }
      ctx.data.passcode_template = "email_verification";
    }
    ctx.data.user_id = crypto.randomUUID();
    ctx.data.new_user = true;
    const verification: StateName[] = email !== "" && config.email.require_verification ? ["passcode_confirmation"] : [];
    return proceed([...verification, ...credentialOnboardingStates(ctx), "success"]);
  },
};
