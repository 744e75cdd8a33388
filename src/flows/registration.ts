import { rememberMe } from "../capabilities/identifier/remember-me.ts";
import { registerLoginIdentifier } from "../capabilities/identifier/register-identifier.ts";
import { createUser, issueSession } from "../capabilities/success/success-hooks.ts";
import type { Flow } from "../flowkit/flow-services.ts";
import { errorState, successState } from "../flowkit/terminal-states.ts";
import { capabilities, credentialOnboarding, credentialUsage } from "./subflows.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The registration flow (`NewRegistrationFlow` in Hanko's backend/flow_api/flow/flows.go), MFA aside: preflight → registration_init
 * → [passcode_confirmation] → [credential onboarding: passkey, password or a chooser] → success. Nothing is written until
 * `success` creates the user with everything gathered.
 */
export const registrationFlow: Flow = {
  name: "registration",
  ttlMs: DAY_MS,
  initial: ["preflight", "registration_init"],
  initialData: () => ({}),
  subflows: [capabilities, credentialUsage, credentialOnboarding],
  states: {
    registration_init: { name: "registration_init", actions: [registerLoginIdentifier, rememberMe] },
    success: successState,
    error: errorState,
  },
  beforeState: { success: [createUser, issueSession] },
};
