import { accountActions, accountDeletedState } from "../capabilities/profile/account.ts";
import { credentialActions, webauthnCredentialVerificationState } from "../capabilities/profile/credentials.ts";
import { emailActions } from "../capabilities/profile/emails.ts";
import { mfaActions } from "../capabilities/profile/mfa.ts";
import { profileData } from "../capabilities/profile/profile-data.ts";
import { refreshSessionUser } from "../capabilities/profile/refresh-user.ts";
import { createEmail, persistVerifiedEmail } from "../capabilities/user-details/persist-email.ts";
import type { Flow } from "../flowkit/flow-services.ts";
import { errorState } from "../flowkit/terminal-states.ts";
import { capabilities, credentialUsage, mfaCreation } from "./subflows.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The profile flow (`NewProfileFlow` in Hanko's backend/flow_api/flow/flows.go), for the signed-in user: `profile_init` is the hub, every action
 * returns to it with the user reloaded; email verification goes through `passcode_confirmation`, a
 * new passkey or security key through `webauthn_credential_verification`, a TOTP secret through
 * `mfa_otp_secret_creation`. Third-party linking comes with third-party sign-in.
 */
export const profileFlow: Flow = {
  name: "profile",
  ttlMs: DAY_MS,
  initial: ["preflight", "profile_init"],
  initialData: () => ({}),
  beforeEachAction: [refreshSessionUser],
  subflows: [capabilities, credentialUsage, mfaCreation],
  states: {
    profile_init: {
      name: "profile_init",
      actions: [...accountActions, ...emailActions, ...credentialActions, ...mfaActions],
      before: [profileData],
    },
    webauthn_credential_verification: webauthnCredentialVerificationState,
    account_deleted: accountDeletedState,
    error: errorState,
  },
  // Verified first, so a new address's `email_verified` entry precedes its `email_created`, as in Hanko.
  afterState: { passcode_confirmation: [persistVerifiedEmail, createEmail] },
};
