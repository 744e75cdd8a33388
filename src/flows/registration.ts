import { rememberMe } from "../capabilities/identifier/remember-me.ts";
import { registerLoginIdentifier } from "../capabilities/identifier/register-identifier.ts";
import { passcodeConfirmationState } from "../capabilities/passcode/passcode-confirmation.ts";
import { onboardingCreatePasskeyState, onboardingVerifyAttestationState } from "../capabilities/passkey/passkey-onboarding.ts";
import { preflightState } from "../capabilities/preflight.ts";
import { createUser, issueSession } from "../capabilities/success/success-hooks.ts";
import { credentialOnboardingChooserState } from "../capabilities/credential-onboarding.ts";
import { passwordCreationState } from "../capabilities/password/password-states.ts";

import type { Flow } from "../flowkit/flow-services.ts";
import { errorState, successState } from "../flowkit/terminal-states.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The registration flow (flow-api.md §7), MFA aside: preflight → registration_init
 * → [passcode_confirmation] → [credential onboarding: passkey, password or a chooser] → success. Nothing is written until
 * `success` creates the user with everything gathered.
 */
export const registrationFlow: Flow = {
  name: "registration",
  ttlMs: DAY_MS,
  initial: ["preflight", "registration_init"],
  initialData: () => ({}),
  states: {
    preflight: preflightState,
    registration_init: { name: "registration_init", subflow: "main", actions: [registerLoginIdentifier, rememberMe] },
    passcode_confirmation: passcodeConfirmationState,
    onboarding_create_passkey: onboardingCreatePasskeyState,
    onboarding_verify_passkey_attestation: onboardingVerifyAttestationState(),
    password_creation: passwordCreationState(),
    credential_onboarding_chooser: credentialOnboardingChooserState,
    success: successState([createUser, issueSession]),
    error: errorState,
  },
};
