/**
 * Every state of the login, registration and profile flows, named as Hanko names them.
 * A state an action or hook moves to is one of these, so a misspelt one does not compile.
 */
export type StateName =
  | "preflight"
  | "login_init"
  | "login_method_chooser"
  | "login_passkey"
  | "login_password"
  | "login_password_recovery"
  | "passcode_confirmation"
  | "login_otp"
  | "login_security_key"
  | "credential_onboarding_chooser"
  | "onboarding_create_passkey"
  | "onboarding_verify_passkey_attestation"
  | "password_creation"
  | "onboarding_username"
  | "onboarding_email"
  | "registration_init"
  | "profile_init"
  | "webauthn_credential_verification"
  | "mfa_otp_secret_creation"
  | "account_deleted"
  | "success"
  | "error";
