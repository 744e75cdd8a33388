import { verifyAuthenticationResponse } from "@simplewebauthn/server";
import type { Kysely } from "kysely";
import type { Database } from "../../db/tables.ts";
import { type CredentialWithUserHandle, webauthnCredentialStore } from "../../store/webauthn-credentials.ts";
import { NIL_UUID, type WebauthnSessionData } from "../../store/webauthn-session-data.ts";
import { checkAuthenticatorData, checkClientData } from "./checks.ts";
import { parseAssertionResponse } from "./client-response.ts";
import { equalBytes, fromBase64Url, uuidToBytes } from "./encoding.ts";
import { type CredentialReference, descriptorOf } from "./registration.ts";
import { type CredentialKind, ceremonyTimeoutMs, userVerificationFor, type WebauthnSettings } from "./relying-party.ts";
import { refuse, type CredentialRequestOptionsJSON, type WebauthnResult } from "./types.ts";

/**
 * The `request_options` Hanko sends (go-webauthn `protocol.CredentialAssertion`): discoverable when no
 * allow-list is given (conditional UI / passkey button), else restricted to those credentials.
 */
export function requestOptions(
  settings: WebauthnSettings,
  kind: CredentialKind,
  challenge: string,
  allowCredentials: readonly CredentialReference[] = [],
): CredentialRequestOptionsJSON {
  const userVerification = userVerificationFor(settings, kind);
  const allow = allowCredentials.map(descriptorOf);
  return {
    publicKey: {
      challenge,
      timeout: ceremonyTimeoutMs(settings, "authentication", userVerification),
      rpId: settings.rp.id,
      ...(allow.length > 0 ? { allowCredentials: allow } : {}),
      userVerification,
    },
  };
}

export interface AssertionExpectation {
  /** MFA mode (security-key login step): MFA-only credentials are accepted */
  mfa?: boolean;
}

export interface VerifiedAssertion {
  userId: string;
  /** base64url without padding */
  credentialId: string;
  mfaOnly: boolean;
  signCount: number;
  backupEligible: boolean;
  backupState: boolean;
  userVerified: boolean;
}

/** The user handle the credential's owner answers to: its custom handle's bytes, else the user UUID's 16 bytes. */
function expectedUserHandle(credential: CredentialWithUserHandle): Uint8Array {
  return credential.user_handle !== null ? new TextEncoder().encode(credential.user_handle) : uuidToBytes(credential.user_id);
}

/**
 * Verifies an assertion against already taken (consumed) session data and, on success, records the
 * use on the credential (sign count, backup flags, last_used_at).
 */
export async function verifyAssertionAgainst(
  db: Kysely<Database>,
  settings: WebauthnSettings,
  now: Date,
  session: WebauthnSessionData | undefined,
  response: unknown,
  expected: AssertionExpectation,
): Promise<WebauthnResult<VerifiedAssertion>> {
  const parsed = parseAssertionResponse(response);
  if (!parsed.ok) return parsed;
  if (!session) return refuse("challenge_unknown");
  if (session.operation !== "authentication") return refuse("wrong_operation");
  if (session.expiresAt !== null && session.expiresAt.getTime() < now.getTime()) return refuse("challenge_expired");

  const { clientData, authData, credentialId, userHandle } = parsed.value;
  const credentials = webauthnCredentialStore(db);
  const credential = await credentials.byId(credentialId);
  if (!credential) return refuse("unknown_credential");
  if (credential.mfa_only && !expected.mfa) return refuse("mfa_only");

  const boundToUser = session.userId.toLowerCase() !== NIL_UUID;
  if (boundToUser || expected.mfa) {
    if (session.userId.toLowerCase() !== credential.user_id.toLowerCase()) return refuse("user_mismatch");
  } else if (userHandle === undefined) {
    return refuse("user_handle_missing");
  }
  if (session.allowedCredentialIds.length > 0 && !session.allowedCredentialIds.some((id) => id === credentialId)) {
    return refuse("credential_not_allowed");
  }
  if (userHandle !== undefined && !equalBytes(userHandle, expectedUserHandle(credential))) return refuse("user_handle_mismatch");

  const clientFailure = checkClientData(clientData, { type: "webauthn.get", challenge: session.challenge, origins: settings.rp.origins });
  if (clientFailure) return refuse(clientFailure);
  const authFailure = checkAuthenticatorData(authData, settings, session.userVerification);
  if (authFailure) return refuse(authFailure);

  const publicKey = fromBase64Url(credential.public_key);
  if (!publicKey) throw new Error("stored WebAuthn public key is not base64url");
  let verified: boolean;
  try {
    const result = await verifyAuthenticationResponse({
      response: parsed.value.json,
      expectedChallenge: session.challenge,
      expectedOrigin: clientData.origin,
      expectedRPID: settings.rp.id,
      expectedType: "webauthn.get",
      // Hanko's counter rule is applied below; 0 keeps the library's stricter one out of the way.
      credential: { id: credential.id, publicKey: publicKey as Uint8Array<ArrayBuffer>, counter: 0 },
      requireUserVerification: session.userVerification === "required",
      ...(clientData.topOrigin !== undefined ? { expectedTopOrigin: clientData.topOrigin } : {}),
    });
    verified = result.verified;
  } catch (error) {
    return refuse("signature_invalid", error instanceof Error ? error.message : undefined);
  }
  if (!verified) return refuse("signature_invalid");

  // Hanko: the counter must increase when both the stored and the received one are non-zero.
  if (credential.sign_count > 0 && authData.signCount > 0 && authData.signCount <= credential.sign_count) {
    return refuse("sign_count_invalid");
  }

  await credentials.recordUse(credential.id, {
    signCount: authData.signCount,
    backupEligible: authData.backupEligible,
    backupState: authData.backupState,
    usedAt: now,
  });
  return {
    ok: true,
    value: {
      userId: credential.user_id,
      credentialId: credential.id,
      mfaOnly: credential.mfa_only,
      signCount: authData.signCount,
      backupEligible: authData.backupEligible,
      backupState: authData.backupState,
      userVerified: authData.userVerified,
    },
  };
}
