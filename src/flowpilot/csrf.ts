import { timingSafeEqual } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** 32 characters of [0-9A-Za-z], as Hanko's tokens; rejection sampling keeps them unbiased. */
export function newCsrfToken(): string {
  let token = "";
  while (token.length < 32) {
    for (const byte of crypto.getRandomValues(new Uint8Array(48))) {
      if (byte < 248 && token.length < 32) token += ALPHABET[byte % 62];
    }
  }
  return token;
}

/** Constant-time comparison of the submitted and the stored token. */
export function sameToken(submitted: string, stored: string): boolean {
  const a = Buffer.from(submitted);
  const b = Buffer.from(stored);
  return stored !== "" && a.length === b.length && timingSafeEqual(a, b);
}
