import { fail, type Outcome, proceed } from "../../flowpilot/definition.ts";
import { FlowErrors, type InputError, InputErrors } from "../../flowpilot/errors.ts";
import { type InputSpec, isEmail } from "../../flowpilot/inputs.ts";
import { emailToProve } from "../../flowkit/flow-data.ts";
import type { Action, Ctx } from "../../flowkit/flow-services.ts";
import type { StateName } from "../../flowkit/state-names.ts";
import { userViews } from "../../store/user-views.ts";
import { stashUserFacts } from "../user-facts.ts";

function identifierInput(ctx: Ctx): InputSpec | undefined {
  const { email, username } = ctx.services.config;
  const byEmail = email.enabled && email.use_as_login_identifier;
  const byUsername = username.enabled && username.use_as_login_identifier;
  if (byEmail && byUsername) return { name: "identifier", type: "string", maxLength: 255, required: true, trim: true, lowercase: true };
  if (byEmail)
    return { name: "email", type: "email", minLength: 3, maxLength: email.max_length, required: true, trim: true, lowercase: true };
  if (byUsername) {
    return {
      name: "username",
      type: "string",
      minLength: username.min_length,
      maxLength: username.max_length,
      required: true,
      trim: true,
      lowercase: true,
    };
  }
  return undefined;
}

/** Passcode login: the real template for a known user, the "attempted" notice for an unknown address. */
export function passcodeLogin(ctx: Ctx): Outcome<StateName> {
  ctx.data.login_method = "passcode";
  ctx.data.passcode_template = ctx.data.user_id ? "login" : "email_login_attempted";
  return proceed(["passcode_confirmation"]);
}

export const continueWithLoginIdentifier: Action = {
  name: "continue_with_login_identifier",
  description: "Enter an identifier to login.",
  inputs: (ctx) => {
    const input = identifierInput(ctx);
    return input ? [input] : [];
  },
  suspended: (ctx) =>
    identifierInput(ctx) === undefined || (!ctx.services.config.password.enabled && !ctx.services.config.email.use_for_authentication),
  targets: ["login_method_chooser", "login_password", "login_passkey", "passcode_confirmation"],
  async execute(ctx) {
    const input = identifierInput(ctx)!;
    const value = String(ctx.input[input.name] ?? "");
    if (value === "") return fail(FlowErrors.formDataInvalid, { [input.name]: InputErrors.valueMissing });
    const { config, tx } = ctx.services;
    const users = userViews(tx);
    // The user's facts are looked up even for an identifier no one has, so that both take as long.
    if (input.name === "email" || (input.name === "identifier" && isEmail(value))) {
      const known = await stashUserFacts(ctx, await users.idByEmail(value));
      if (!known && config.privacy.show_account_existence_hints) return unknownIdentifier(ctx, input.name, InputErrors.unknownEmail);
      // The address entered, which may be a secondary one, is where a passcode goes.
      emailToProve(ctx.data, value);
    } else {
      const known = await stashUserFacts(ctx, await users.idByUsername(value));
      if (!known) return unknownIdentifier(ctx, input.name, InputErrors.unknownUsername);
      if (!config.password.enabled && !ctx.data.email) return fail(FlowErrors.flowDiscontinuity);
    }
    return route(ctx);
  },
};

async function route(ctx: Ctx): Promise<Outcome<StateName>> {
  const { config } = ctx.services;
  const passcode = config.email.enabled && config.email.use_for_authentication;
  if (config.privacy.only_show_actual_login_methods) {
    const hasPasscode = passcode && ctx.data.user_id !== undefined && ctx.data.email !== undefined;
    const hasPassword = config.password.enabled && ctx.data.user_has_password === true;
    const hasPasskey = config.passkey.enabled && ctx.data.user_has_passkey === true;
    if ([hasPasscode, hasPassword, hasPasskey].filter(Boolean).length > 1) return proceed(["login_method_chooser"]);
    if (hasPasscode) return passcodeLogin(ctx);
    if (hasPassword) return proceed(["login_password"]);
    if (hasPasskey) {
      const { sessionDataId, options } = await ctx.services.webauthn.requestOptions(ctx.services.tx, ctx.data.user_id!);
      ctx.data.webauthn_session_data_id = sessionDataId;
      ctx.payload.request_options = options;
      return proceed(["login_passkey"]);
    }
    return fail(FlowErrors.flowDiscontinuity);
  }
  if (passcode && config.password.enabled) return proceed([ctx.data.email !== undefined ? "login_method_chooser" : "login_password"]);
  if (passcode && ctx.data.email !== undefined) return passcodeLogin(ctx);
  if (config.password.enabled) return proceed(["login_password"]);
  return fail(FlowErrors.flowDiscontinuity);
}

/** Refuses an identifier no user has, recording the attempt as Hanko does: no actor, the input error as the cause. */
async function unknownIdentifier(ctx: Ctx, inputName: string, error: InputError): Promise<Outcome<StateName>> {
  await ctx.services.events.emit({
    audit: "login_failure",
    userId: null,
    error: `${error.code} - ${error.message}`,
    details: { flow_id: ctx.flowId },
  });
  return fail(FlowErrors.formDataInvalid, { [inputName]: error });
}
