/**
 * The stash data of the login and registration flows: what earlier steps learned, for later ones.
 * Stored as JSON with the flow, so only plain values.
 */
export interface FlowData {
  webauthn_available?: boolean;
  webauthn_conditional_mediation_available?: boolean;
  webauthn_platform_authenticator_available?: boolean;
  /** The address the user entered or that belongs to the user. */
  email?: string;
  username?: string;
  /** The user signing in, or the id a registration will create. */
  user_id?: string;
  /** Registration: the user row does not exist until `success`. */
  new_user?: boolean;
  /** A passcode proved `email` (see `emailToProve`). */
  email_verified?: boolean;
  user_has_emails?: boolean;
  user_has_username?: boolean;
  user_has_passkey?: boolean;
  user_has_webauthn_credential?: boolean;
  user_has_password?: boolean;
  user_has_security_key?: boolean;
  user_has_otp_secret?: boolean;
  /** The second factor used at login. */
  mfa_method?: "totp" | "security_key";
  /** An argon2id hash set during the flow: written on leaving password_creation (login) or at success (registration). */
  new_password_hash?: string;
  /** Login: a recovery passcode was asked for; a new password follows its verification. */
  pw_recovery_pending?: boolean;
  passcode_template?: "login" | "email_verification" | "recovery" | "email_login_attempted" | "email_registration_attempted";
  login_method?: "passcode" | "passkey" | "password";
  /** Set by `email_address_set`: create the email once it is verified (or right away without verification). */
  email_to_create?: boolean;
  webauthn_session_data_id?: string;
  /** Registration: credentials created during the flow, written with the user at `success`. */
  pending_credentials?: PendingCredential[];
  remember_me_selected?: boolean;
  onboarding_scheduled?: boolean;
  /** Registration: methods used or enrolled, for the `amr` claim. */
  amr?: string[];
  /** Kept across `back`: the passcode last sent and what it was sent for (see `passcodeBinding`). */
  sticky?: { passcode_id?: string; passcode_email?: string; passcode_user_id?: string | null };
  /** A TOTP secret shown for setup, stored once a code from it verifies. */
  otp_secret?: string;
  otp_image_source?: string;
  /** The credential being created is a security key (MFA only), not a passkey. */
  create_mfa_only_credential?: boolean;
  /** Profile flow: the session user as last loaded, for deciding which actions are offered. */
  profile?: ProfileFacts;
}

export interface ProfileFacts {
  emails: { id: string; address: string; verified: boolean; primary: boolean }[];
  username: string | null;
  hasPassword: boolean;
  /** Passkeys (not security keys). */
  passkeyIds: string[];
  securityKeyIds: string[];
  hasOtpSecret: boolean;
  /** Third-party and SAML accounts linked to the user. */
  identityIds: string[];
  credentialIds: string[];
  /** The user's other active sessions: the current one can never be revoked from the profile. */
  otherSessionIds: string[];
}

export interface PendingCredential {
  id: string;
  mfaOnly: boolean;
  publicKey: string;
  attestationType: string;
  aaguid: string;
  signCount: number;
  backupEligible: boolean;
  backupState: boolean;
  transports: string[];
  name: string | null;
}

/**
 * Makes `address` the flow's email, not yet proved. A proof belongs to one address: if the flag
 * of an earlier one stayed set, any later step of the passcode state (a resend, say) would write
 * the new address as verified without its code; and a passcode sent to another address is
 * forgotten, so no later step can take it for this one's.
 */
export function emailToProve(data: FlowData, address: string): void {
  data.email = address;
  data.email_verified = false;
  if (data.sticky?.passcode_email !== undefined && data.sticky.passcode_email !== address) forgetPasscode(data);
}

/** Drops the flow's passcode: what it proved is no longer what the flow is about. */
export function forgetPasscode(data: FlowData): void {
  const { passcode_id: _id, passcode_email: _email, passcode_user_id: _user, ...rest } = data.sticky ?? {};
  data.sticky = rest;
}
