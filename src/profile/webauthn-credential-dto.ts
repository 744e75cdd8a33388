import type { CredentialRow } from "../store/webauthn-credentials.ts";
import { goTime } from "../gocompat/time.ts";

/** Hanko's `WebauthnCredential` shape (admin API and /me). */
export function webauthnCredentialDto(credential: CredentialRow) {
  return {
    id: credential.id,
    ...(credential.name !== null && { name: credential.name }),
    public_key: credential.public_key,
    attestation_type: credential.attestation_type,
    aaguid: credential.aaguid,
    ...(credential.last_used_at !== null && { last_used_at: goTime(credential.last_used_at) }),
    created_at: goTime(credential.created_at),
    transports: credential.transports,
    backup_eligible: credential.backup_eligible,
    backup_state: credential.backup_state,
    mfa_only: credential.mfa_only,
  };
}
