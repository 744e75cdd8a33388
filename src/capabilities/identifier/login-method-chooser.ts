import { proceed } from "../../flowpilot/definition.ts";
import type { Action, FlowState } from "../../flowkit/flow-services.ts";
import { backAction } from "../back.ts";
import { webauthnGenerateRequestOptions } from "../passkey/passkey-login.ts";
import { passcodeLogin } from "./login-identifier.ts";

const continueToPasswordLogin: Action = {
  name: "continue_to_password_login",
  description: "Continue to the password login.",
  suspended: (ctx) =>
    !ctx.services.config.password.enabled || (ctx.services.config.privacy.only_show_actual_login_methods && !ctx.data.user_has_password),
  targets: ["login_password"],
  execute: async () => proceed(["login_password"]),
};

const continueToPasscodeConfirmation: Action = {
  name: "continue_to_passcode_confirmation",
  description: "Send a login passcode code via email.",
  suspended: (ctx) => {
    const { config } = ctx.services;
    return (
      config.privacy.only_show_actual_login_methods &&
      (!ctx.data.user_has_emails || !config.email.enabled || !config.email.use_for_authentication)
    );
  },
  targets: ["passcode_confirmation"],
  execute: async (ctx) => passcodeLogin(ctx),
};

/** After the identifier, when the user has more than one way to sign in. */
export const loginMethodChooserState: FlowState = {
  name: "login_method_chooser",
  actions: [continueToPasswordLogin, continueToPasscodeConfirmation, webauthnGenerateRequestOptions, backAction()],
};
