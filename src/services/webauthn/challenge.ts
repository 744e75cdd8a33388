import { randomBytes } from "node:crypto";
import { toBase64Url } from "./encoding.ts";

/** A fresh ceremony challenge: 32 random bytes, base64url without padding (as go-webauthn creates them). */
export function newChallenge(): string {
  return toBase64Url(randomBytes(32));
}
