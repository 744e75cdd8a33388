import { createHash, timingSafeEqual } from "node:crypto";
import type { AuthenticatorDataHead, ClientData } from "./client-response.ts";
import { equalBytes } from "./encoding.ts";
import type { WebauthnSettings } from "./relying-party.ts";
import type { WebauthnFailureReason } from "./types.ts";

/**
 * go-webauthn's origin comparison: scheme://host of the client's origin (Android `apk-key-hash`
 * origins verbatim), case-insensitively against the configured origins.
 */
export function originAllowed(origin: string, allowed: readonly string[]): boolean {
  let qualified = origin;
  if (!origin.startsWith("android:apk-key-hash:")) {
    const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(?:[^/?#@]*@)?([^/?#]*)/.exec(origin);
    if (!match) return false;
    qualified = `${match[1]}://${match[2]}`;
  }
  return allowed.some((candidate) => candidate.toLowerCase() === qualified.toLowerCase());
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The client-data checks of both ceremonies, in go-webauthn's order: type, challenge, origin. */
export function checkClientData(
  clientData: ClientData,
  expected: { type: "webauthn.create" | "webauthn.get"; challenge: string; origins: readonly string[] },
): WebauthnFailureReason | undefined {
  if (clientData.type !== expected.type) return "wrong_type";
  if (!sameText(clientData.challenge, expected.challenge)) return "challenge_mismatch";
  if (!originAllowed(clientData.origin, expected.origins)) return "origin_mismatch";
  if (clientData.topOrigin !== undefined && !clientData.crossOrigin) return "origin_mismatch";
  return undefined;
}

/** RP id hash and the UP/UV flags; UV only when the ceremony required it. */
export function checkAuthenticatorData(
  authData: AuthenticatorDataHead,
  settings: WebauthnSettings,
  userVerification: string,
): WebauthnFailureReason | undefined {
  const expectedHash = createHash("sha256").update(settings.rp.id).digest();
  if (!equalBytes(authData.rpIdHash, new Uint8Array(expectedHash))) return "rp_id_mismatch";
  if (!authData.userPresent) return "user_not_present";
  if (userVerification === "required" && !authData.userVerified) return "user_not_verified";
  if (authData.backupState && !authData.backupEligible) return "malformed_response";
  return undefined;
}
