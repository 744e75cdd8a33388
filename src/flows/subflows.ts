import { credentialOnboardingChooserState } from "../capabilities/credential-onboarding.ts";
import { continueWithLoginIdentifier } from "../capabilities/identifier/login-identifier.ts";
import { loginMethodChooserState } from "../capabilities/identifier/login-method-chooser.ts";
import { rememberMe } from "../capabilities/identifier/remember-me.ts";
import { loginOtpState, loginSecurityKeyState } from "../capabilities/mfa/mfa-usage.ts";
import { passcodeConfirmationState } from "../capabilities/passcode/passcode-confirmation.ts";
import {
  loginPasskeyState,
  webauthnGenerateRequestOptions,
  webauthnVerifyAssertionResponse,
} from "../capabilities/passkey/passkey-login.ts";
import { onboardingCreatePasskeyState, onboardingVerifyAttestationState } from "../capabilities/passkey/passkey-onboarding.ts";
import { loginPasswordRecoveryState, loginPasswordState, passwordCreationState } from "../capabilities/password/password-states.ts";
import { preflightState } from "../capabilities/preflight.ts";
import { otpSecretCreationState } from "../capabilities/profile/mfa.ts";
import { onboardingEmailState, onboardingUsernameState } from "../capabilities/user-details/user-details.ts";
import type { Subflow } from "../flowkit/flow-services.ts";

/*
 * Hanko's sub-flows, as far as they are built here. A flow takes each in whole, with states it may
 * never enter (registration and the profile use only the passcode of credential usage), as Hanko's do.
 */

/** What the browser can do, reported first. */
export const capabilities: Subflow = { name: "capabilities", states: { preflight: preflightState } };

/** Signing in with an identifier and a passcode, password or passkey; the profile and registration use its passcode. */
export const credentialUsage: Subflow = {
  name: "credential_usage",
  states: {
    login_init: {
      name: "login_init",
      actions: [continueWithLoginIdentifier, webauthnGenerateRequestOptions, webauthnVerifyAssertionResponse, rememberMe],
    },
    login_method_chooser: loginMethodChooserState,
    login_passkey: loginPasskeyState,
    login_password: loginPasswordState,
    login_password_recovery: loginPasswordRecoveryState,
    passcode_confirmation: passcodeConfirmationState,
  },
};

/** A passkey or password for a user who signed in or up without one. */
export const credentialOnboarding: Subflow = {
  name: "credential_onboarding",
  states: {
    credential_onboarding_chooser: credentialOnboardingChooserState,
    onboarding_create_passkey: onboardingCreatePasskeyState,
    onboarding_verify_passkey_attestation: onboardingVerifyAttestationState,
    password_creation: passwordCreationState,
  },
};

/** A username or email the configuration asks for and the user lacks. */
export const userDetails: Subflow = {
  name: "user_details",
  states: { onboarding_username: onboardingUsernameState, onboarding_email: onboardingEmailState },
};

/** The second factor at sign-in. */
export const mfaUsage: Subflow = {
  name: "mfa_usage",
  states: { login_security_key: loginSecurityKeyState, login_otp: loginOtpState },
};

/** Setting up an authenticator app. */
export const mfaCreation: Subflow = { name: "mfa_creation", states: { mfa_otp_secret_creation: otpSecretCreationState } };
