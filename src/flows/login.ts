import { scheduleLoginOnboarding } from "../capabilities/onboarding.ts";
import { conditionalUiOptions } from "../capabilities/passkey/passkey-login.ts";
import { savePendingCredentials } from "../capabilities/passkey/passkey-onboarding.ts";
import { saveNewPassword } from "../capabilities/password/password-states.ts";
import { issueSession } from "../capabilities/success/success-hooks.ts";
import { createEmail, persistVerifiedEmail } from "../capabilities/user-details/persist-email.ts";
import type { Flow } from "../flowkit/flow-services.ts";
import { errorState, successState } from "../flowkit/terminal-states.ts";
import { capabilities, credentialOnboarding, credentialUsage, mfaUsage, userDetails } from "./subflows.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The login flow (`NewLoginFlow` in Hanko's backend/flow_api/flow/flows.go), MFA setup aside: preflight → login_init → [login_method_chooser]
 * → passcode_confirmation | login_passkey | login_password [→ recovery]; once the user is known
 * (leaving credential usage) the rest is scheduled: [login_otp | login_security_key]
 * [onboarding_username] [onboarding_email] [credential onboarding] → success.
 */
export const loginFlow: Flow = {
  name: "login",
  ttlMs: DAY_MS,
  initial: ["preflight", "login_init"],
  initialData: () => ({}),
  subflows: [capabilities, { ...credentialUsage, afterFlow: [scheduleLoginOnboarding] }, mfaUsage, userDetails, credentialOnboarding],
  states: { success: successState, error: errorState },
  beforeState: {
    login_init: [conditionalUiOptions],
    success: [issueSession],
  },
  // The user exists at login, so what the onboarding states gather is written as they are left.
  afterState: {
    passcode_confirmation: [createEmail, persistVerifiedEmail],
    onboarding_email: [createEmail],
    password_creation: [saveNewPassword],
    onboarding_verify_passkey_attestation: [savePendingCredentials],
  },
};
