import { decodeProtectedHeader, type JWTPayload, jwtVerify, SignJWT } from "jose";
import type { KeyRing } from "../keys/key-ring.ts";

export async function signSessionToken(claims: Record<string, unknown>, keys: KeyRing): Promise<string> {
  const { kid, privateKey } = keys.signingKey();
  return new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid, typ: "JWT" }).sign(privateKey);
}

/**
 * Verifies a token as Hanko does: RS256 only, with a key of our own selected by `kid`, and `exp`,
 * `nbf` and `iat` checked without leeway. Unlike Hanko, `exp` is required: every token we issue has
 * one, and a token without it would never expire. `aud` and `iss` are not checked, as in Hanko. Resolves to
 * undefined for anything that does not pass; the reason is of no use to the caller and must not
 * reach the client.
 */
export async function verifySessionToken(token: string, keys: KeyRing, now: Date): Promise<JWTPayload | undefined> {
  const compact = token.trim();
  try {
    const { kid, alg } = decodeProtectedHeader(compact);
    if (alg !== "RS256" || typeof kid !== "string") return undefined;
    const key = await keys.verificationKey(kid);
    if (!key) return undefined;
    const { payload } = await jwtVerify(compact, key, {
      algorithms: ["RS256"],
      requiredClaims: ["exp"],
      currentDate: now,
      clockTolerance: 0,
    });
    const seconds = Math.floor(now.getTime() / 1000);
    if (typeof payload.iat === "number" && payload.iat > seconds) return undefined;
    return payload;
  } catch {
    return undefined;
  }
}
