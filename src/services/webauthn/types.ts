import type { AttestationPreference, UserVerification } from "./relying-party.ts";

/** `{type, id, transports?}` as go-webauthn serialises a credential descriptor (empty transports omitted). */
export interface CredentialDescriptorJSON {
  type: "public-key";
  id: string;
  transports?: string[];
}

export interface PublicKeyCredentialCreationOptionsJSON {
  rp: { name: string; id: string };
  user: { name: string; displayName: string; id: string };
  challenge: string;
  pubKeyCredParams: { type: "public-key"; alg: number }[];
  timeout: number;
  excludeCredentials?: CredentialDescriptorJSON[];
  authenticatorSelection: {
    authenticatorAttachment?: "platform" | "cross-platform";
    requireResidentKey: boolean;
    residentKey: "required" | "discouraged";
    userVerification: UserVerification;
  };
  attestation: AttestationPreference;
}

export interface PublicKeyCredentialRequestOptionsJSON {
  challenge: string;
  timeout: number;
  rpId: string;
  allowCredentials?: CredentialDescriptorJSON[];
  userVerification: UserVerification;
}

/** The `creation_options` payload: go-webauthn's `protocol.CredentialCreation`. */
export interface CredentialCreationOptionsJSON {
  publicKey: PublicKeyCredentialCreationOptionsJSON;
}

/** The `request_options` payload: go-webauthn's `protocol.CredentialAssertion`. */
export interface CredentialRequestOptionsJSON {
  publicKey: PublicKeyCredentialRequestOptionsJSON;
}

/** What a ceremony start hands to the flow: the id to stash and the options to send. */
export interface Ceremony<Options> {
  sessionDataId: string;
  options: Options;
}

/**
 * Why a client response was refused. Every cause a client can produce is one of these values; the
 * verify functions never throw for them (only for infrastructure failures such as a lost database).
 */
export type WebauthnFailureReason =
  /** not JSON / not the WebAuthn credential JSON shape / bad base64url / undecodable CBOR */
  | "malformed_response"
  /** no session data under the id: never created, already used (challenges are single-use), or deleted */
  | "challenge_unknown"
  | "challenge_expired"
  /** the session data belongs to the other ceremony (registration vs authentication) */
  | "wrong_operation"
  /** clientDataJSON.challenge is not the stored challenge */
  | "challenge_mismatch"
  /** clientDataJSON.type is not webauthn.create / webauthn.get */
  | "wrong_type"
  | "origin_mismatch"
  | "rp_id_mismatch"
  | "user_not_present"
  | "user_not_verified"
  /** the ceremony was started for another user */
  | "user_mismatch"
  | "unknown_credential"
  /** a security key (mfa_only) used outside MFA: Hanko's `webauthn_credential_invalid_mfa_only` */
  | "mfa_only"
  /** the credential is not in the ceremony's allow-list */
  | "credential_not_allowed"
  /** discoverable login without a user handle */
  | "user_handle_missing"
  | "user_handle_mismatch"
  | "signature_invalid"
  /** the signature counter did not increase */
  | "sign_count_invalid"
  | "unsupported_algorithm"
  | "attestation_invalid"
  /** registration of a credential id that is already stored */
  | "credential_already_exists";

export type WebauthnResult<T> = { ok: true; value: T } | { ok: false; reason: WebauthnFailureReason; detail?: string };

export function refuse(reason: WebauthnFailureReason, detail?: string): { ok: false; reason: WebauthnFailureReason; detail?: string } {
  return detail === undefined ? { ok: false, reason } : { ok: false, reason, detail };
}

/** Hanko's flow error code for a refusal (Hanko's backend/flow_api/flow/shared/errors.go). */
export function flowErrorCodeFor(reason: WebauthnFailureReason): "passkey_invalid" | "webauthn_credential_invalid_mfa_only" {
  return reason === "mfa_only" ? "webauthn_credential_invalid_mfa_only" : "passkey_invalid";
}
