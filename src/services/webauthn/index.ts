export { type AssertionExpectation, requestOptions, type VerifiedAssertion } from "./authentication.ts";
export {
  type CredentialReference,
  creationOptions,
  descriptorOf,
  type RegistrationExpectation,
  type RegistrationUser,
  SUPPORTED_ALGORITHMS,
  webauthnUserDisplayName,
  webauthnUserName,
} from "./registration.ts";
export {
  type AttestationPreference,
  type CredentialKind,
  ceremonyTimeoutMs,
  DISCOURAGED_UV_TIMEOUT_MS,
  type UserVerification,
  userVerificationFor,
  type WebauthnSettings,
  webauthnSettingsOf,
} from "./relying-party.ts";
export { WebauthnService } from "./service.ts";
export {
  type Ceremony,
  type CredentialCreationOptionsJSON,
  type CredentialDescriptorJSON,
  type CredentialRequestOptionsJSON,
  flowErrorCodeFor,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type WebauthnFailureReason,
  type WebauthnResult,
} from "./types.ts";
