import type { Config } from "../../config/schema.ts";

export type UserVerification = "required" | "preferred" | "discouraged";
export type AttestationPreference = "direct" | "indirect" | "none";
export type CredentialKind = "passkey" | "security_key";

/** Everything the ceremonies need from the configuration. */
export interface WebauthnSettings {
  rp: { id: string; name: string; origins: readonly string[] };
  /** milliseconds */
  timeouts: { registration: number; login: number };
  passkey: { userVerification: UserVerification; attestation: AttestationPreference };
  securityKey: { userVerification: UserVerification; attachment: "platform" | "cross-platform" | undefined };
}

/**
 * go-webauthn's timeout for ceremonies whose user verification is `discouraged`; Hanko never configures
 * it, so such ceremonies (security keys by default) advertise and enforce 120 s instead of the configured value.
 */
export const DISCOURAGED_UV_TIMEOUT_MS = 120_000;

export function webauthnSettingsOf(config: Config): WebauthnSettings {
  const attachment = config.mfa.security_keys.authenticator_attachment;
  return {
    rp: {
      id: config.webauthn.relying_party.id,
      name: config.webauthn.relying_party.display_name,
      origins: [...config.webauthn.relying_party.origins],
    },
    timeouts: { registration: config.webauthn.timeouts.registration, login: config.webauthn.timeouts.login },
    passkey: { userVerification: config.passkey.user_verification, attestation: config.passkey.attestation_preference },
    securityKey: {
      userVerification: config.mfa.security_keys.user_verification,
      attachment: attachment === "platform" || attachment === "cross-platform" ? attachment : undefined,
    },
  };
}

/** User verification for a ceremony with this kind of credential. */
export function userVerificationFor(settings: WebauthnSettings, kind: CredentialKind): UserVerification {
  return kind === "passkey" ? settings.passkey.userVerification : settings.securityKey.userVerification;
}

/** The ceremony timeout (ms) sent to the client and enforced on the stored challenge. */
export function ceremonyTimeoutMs(settings: WebauthnSettings, operation: "registration" | "authentication", uv: UserVerification): number {
  if (uv === "discouraged") return DISCOURAGED_UV_TIMEOUT_MS;
  const configured = operation === "registration" ? settings.timeouts.registration : settings.timeouts.login;
  return configured > 0 ? configured : 300_000;
}
