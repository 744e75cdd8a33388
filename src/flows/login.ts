import { backAction } from "../capabilities/back.ts";
import { continueWithLoginIdentifier, passcodeLogin } from "../capabilities/identifier/login-identifier.ts";
import { rememberMe } from "../capabilities/identifier/remember-me.ts";
import { loginOtpState, loginSecurityKeyState } from "../capabilities/mfa/mfa-usage.ts";
import { scheduleLoginOnboarding } from "../capabilities/onboarding.ts";
import { passcodeConfirmationState } from "../capabilities/passcode/passcode-confirmation.ts";
import {
  conditionalUiOptions,
  loginPasskeyState,
  webauthnGenerateRequestOptions,
  webauthnVerifyAssertionResponse,
} from "../capabilities/passkey/passkey-login.ts";
import {
  onboardingCreatePasskeyState,
  onboardingVerifyAttestationState,
  savePendingCredentials,
} from "../capabilities/passkey/passkey-onboarding.ts";
import { preflightState } from "../capabilities/preflight.ts";
import { issueSession } from "../capabilities/success/success-hooks.ts";
import { createEmail, persistVerifiedEmail } from "../capabilities/user-details/persist-email.ts";
import { onboardingEmailState, onboardingUsernameState } from "../capabilities/user-details/user-details.ts";
import { credentialOnboardingChooserState } from "../capabilities/credential-onboarding.ts";
import {
  loginPasswordRecoveryState,
  loginPasswordState,
  passwordCreationState,
  saveNewPassword,
} from "../capabilities/password/password-states.ts";
import { proceed } from "../flowpilot/definition.ts";
import type { Ctx, Flow } from "../flowkit/flow-services.ts";
import { errorState, successState } from "../flowkit/terminal-states.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The login flow (flow-api.md §6), MFA aside: preflight → login_init → [login_method_chooser]
 * → passcode_confirmation | login_passkey | login_password [→ recovery] → [onboarding_username]
 * [onboarding_email] [credential onboarding] → success.
 */
export const loginFlow: Flow = {
  name: "login",
  ttlMs: DAY_MS,
  initial: ["preflight", "login_init"],
  initialData: () => ({}),
  states: {
    preflight: preflightState,
    login_init: {
      name: "login_init",
      subflow: "credential_usage",
      actions: [continueWithLoginIdentifier, webauthnGenerateRequestOptions, webauthnVerifyAssertionResponse, rememberMe],
      before: [conditionalUiOptions],
    },
    login_method_chooser: {
      name: "login_method_chooser",
      subflow: "credential_usage",
      actions: [
        {
          name: "continue_to_password_login",
          description: "Continue to the password login.",
          suspended: (ctx: Ctx) =>
            !ctx.services.config.password.enabled ||
            (ctx.services.config.privacy.only_show_actual_login_methods && !ctx.data.user_has_password),
          execute: async () => proceed(["login_password"]),
        },
        {
          name: "continue_to_passcode_confirmation",
          description: "Send a login passcode code via email.",
          suspended: (ctx: Ctx) => {
            const { config } = ctx.services;
            return (
              config.privacy.only_show_actual_login_methods &&
              (!ctx.data.user_has_emails || !config.email.enabled || !config.email.use_for_authentication)
            );
          },
          execute: async (ctx: Ctx) => passcodeLogin(ctx),
        },
        webauthnGenerateRequestOptions,
        backAction(),
      ],
    },
    passcode_confirmation: { ...passcodeConfirmationState, after: [createEmail, persistVerifiedEmail] },
    login_passkey: loginPasskeyState,
    login_password: loginPasswordState,
    login_otp: loginOtpState,
    login_security_key: loginSecurityKeyState,
    login_password_recovery: loginPasswordRecoveryState,
    credential_onboarding_chooser: credentialOnboardingChooserState,
    password_creation: passwordCreationState([saveNewPassword]),
    onboarding_username: onboardingUsernameState,
    onboarding_email: onboardingEmailState([createEmail]),
    onboarding_create_passkey: onboardingCreatePasskeyState,
    onboarding_verify_passkey_attestation: onboardingVerifyAttestationState([savePendingCredentials]),
    success: successState([issueSession]),
    error: errorState,
  },
  afterFlow: { credential_usage: [scheduleLoginOnboarding] },
};
