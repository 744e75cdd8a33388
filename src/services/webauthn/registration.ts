import { verifyRegistrationResponse } from "@simplewebauthn/server";
import { decodeCredentialPublicKey } from "@simplewebauthn/server/helpers";
import type { Kysely } from "kysely";
import { VARCHAR_WIDTH } from "../../db/column-width.ts";
import type { Database } from "../../db/tables.ts";
import { type NewCredential, webauthnCredentialStore } from "../../store/webauthn-credentials.ts";
import type { WebauthnSessionData } from "../../store/webauthn-session-data.ts";
import { checkAuthenticatorData, checkClientData } from "./checks.ts";
import { parseRegistrationResponse } from "./client-response.ts";
import { bytesToUuid, canonicalBase64Url, toBase64Url, uuidToBytes } from "./encoding.ts";
import { type CredentialKind, ceremonyTimeoutMs, type WebauthnSettings } from "./relying-party.ts";
import { refuse, type CredentialCreationOptionsJSON, type CredentialDescriptorJSON, type WebauthnResult } from "./types.ts";

/** go-webauthn's default `pubKeyCredParams`, in its order: ES256, ES384, ES512, RS256, RS384, RS512, PS256, PS384, PS512, EdDSA. */
export const SUPPORTED_ALGORITHMS: readonly number[] = [-7, -35, -36, -257, -258, -259, -37, -38, -39, -8];

/** The user a credential is created for. */
export interface RegistrationUser {
  /** UUID; the WebAuthn user handle is its 16 raw bytes */
  id: string;
  email?: string | null;
  username?: string | null;
}

/** A stored credential to name in excludeCredentials / allowCredentials (a `CredentialRow` fits). */
export interface CredentialReference {
  /** base64url */
  id: string;
  transports?: readonly string[];
}

/** `{type: "public-key", id, transports?}`, transports omitted when empty (go's omitempty). */
export function descriptorOf(credential: CredentialReference): CredentialDescriptorJSON {
  const id = canonicalBase64Url(credential.id);
  if (id === undefined) throw new Error("stored WebAuthn credential id is not base64url");
  const transports = (credential.transports ?? []).filter((t) => t !== "");
  return transports.length > 0 ? { type: "public-key", id, transports: [...transports] } : { type: "public-key", id };
}

/** Hanko's `user.name`: the email if non-empty, else the username. */
export function webauthnUserName(user: RegistrationUser): string {
  return user.email ? user.email : (user.username ?? "");
}

/** Hanko's `user.displayName`: the username if non-empty, else the email. */
export function webauthnUserDisplayName(user: RegistrationUser): string {
  return user.username ? user.username : (user.email ?? "");
}

/**
 * The `creation_options` Hanko sends (go-webauthn `protocol.CredentialCreation`). Passkeys: resident key
 * required and `passkey.user_verification`; security keys: resident key discouraged,
 * `mfa.security_keys.user_verification` and attachment. Both use `passkey.attestation_preference`.
 */
export function creationOptions(
  settings: WebauthnSettings,
  user: RegistrationUser,
  kind: CredentialKind,
  excludeCredentials: readonly CredentialReference[],
  challenge: string,
): CredentialCreationOptionsJSON {
  const userVerification = kind === "passkey" ? settings.passkey.userVerification : settings.securityKey.userVerification;
  const authenticatorSelection: CredentialCreationOptionsJSON["publicKey"]["authenticatorSelection"] =
    kind === "passkey"
      ? { requireResidentKey: true, residentKey: "required", userVerification }
      : {
          ...(settings.securityKey.attachment ? { authenticatorAttachment: settings.securityKey.attachment } : {}),
          requireResidentKey: false,
          residentKey: "discouraged",
          userVerification,
        };
  const exclude = excludeCredentials.map(descriptorOf);
  return {
    publicKey: {
      rp: { name: settings.rp.name, id: settings.rp.id },
      user: { name: webauthnUserName(user), displayName: webauthnUserDisplayName(user), id: toBase64Url(uuidToBytes(user.id)) },
      challenge,
      pubKeyCredParams: SUPPORTED_ALGORITHMS.map((alg) => ({ type: "public-key", alg })),
      timeout: ceremonyTimeoutMs(settings, "registration", userVerification),
      ...(exclude.length > 0 ? { excludeCredentials: exclude } : {}),
      authenticatorSelection,
      attestation: settings.passkey.attestation,
    },
  };
}

export interface RegistrationExpectation {
  /** the user the ceremony was started for (the stashed `user_id`) */
  userId: string;
  /** `security_key` yields an `mfa_only` credential */
  kind: CredentialKind;
}

/**
 * Verifies an attestation against already taken (consumed) session data. The result is the row to
 * store (not stored here: registration flows store it only when the user is created).
 */
export async function verifyRegistrationAgainst(
  db: Kysely<Database>,
  settings: WebauthnSettings,
  now: Date,
  session: WebauthnSessionData | undefined,
  response: unknown,
  expected: RegistrationExpectation,
): Promise<WebauthnResult<NewCredential>> {
  const parsed = parseRegistrationResponse(response);
  if (!parsed.ok) return parsed;
  if (!session) return refuse("challenge_unknown");
  if (session.operation !== "registration") return refuse("wrong_operation");
  if (session.expiresAt !== null && session.expiresAt.getTime() < now.getTime()) return refuse("challenge_expired");
  if (session.userId.toLowerCase() !== expected.userId.toLowerCase()) return refuse("user_mismatch");

  const { clientData, authData } = parsed.value;
  const clientFailure = checkClientData(clientData, {
    type: "webauthn.create",
    challenge: session.challenge,
    origins: settings.rp.origins,
  });
  if (clientFailure) return refuse(clientFailure);
  const authFailure = checkAuthenticatorData(authData, settings, session.userVerification);
  if (authFailure) return refuse(authFailure);

  let algorithm: unknown;
  try {
    algorithm = decodeCredentialPublicKey(authData.credentialPublicKey as Uint8Array<ArrayBuffer>).get(3);
  } catch {
    return refuse("malformed_response", "credential public key is not COSE");
  }
  if (typeof algorithm !== "number" || !SUPPORTED_ALGORITHMS.includes(algorithm)) return refuse("unsupported_algorithm");

  let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verified = await verifyRegistrationResponse({
      response: parsed.value.json,
      expectedChallenge: session.challenge,
      expectedOrigin: clientData.origin,
      expectedRPID: settings.rp.id,
      expectedType: "webauthn.create",
      requireUserPresence: true,
      requireUserVerification: session.userVerification === "required",
      supportedAlgorithmIDs: [...SUPPORTED_ALGORITHMS],
    });
  } catch (error) {
    return refuse("attestation_invalid", error instanceof Error ? error.message : undefined);
  }
  if (!verified.verified) return refuse("attestation_invalid");

  const id = toBase64Url(authData.credentialId);
  // WebAuthn allows ids of up to 1023 bytes, Hanko's column 255 base64url characters (191 bytes);
  // Hanko fails on a longer one with a 500, here the authenticator is refused like any other.
  if (id.length > VARCHAR_WIDTH) return refuse("malformed_response", "credential id is too long");
  if (await webauthnCredentialStore(db).byId(id)) return refuse("credential_already_exists");

  return {
    ok: true,
    value: {
      id,
      userId: expected.userId,
      publicKey: toBase64Url(authData.credentialPublicKey),
      attestationType: parsed.value.format,
      aaguid: bytesToUuid(authData.aaguid) ?? "00000000-0000-0000-0000-000000000000",
      signCount: authData.signCount,
      name: null,
      backupEligible: authData.backupEligible,
      backupState: authData.backupState,
      mfaOnly: expected.kind === "security_key",
      transports: parsed.value.transports,
      createdAt: now,
      lastUsedAt: now,
    },
  };
}
