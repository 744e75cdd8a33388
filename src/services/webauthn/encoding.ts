/** Base64url (RFC 4648 §5) without padding, and the UUID ↔ 16-byte conversions WebAuthn user handles use. */

const BASE64URL = /^[A-Za-z0-9_-]*={0,2}$/;

export function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64url");
}

/** Decodes base64url (padding tolerated, as go-webauthn does); `undefined` for anything else. */
export function fromBase64Url(text: string): Uint8Array | undefined {
  if (!BASE64URL.test(text)) return undefined;
  const unpadded = text.replace(/=+$/, "");
  if (unpadded.length % 4 === 1) return undefined;
  return new Uint8Array(Buffer.from(unpadded, "base64url"));
}

/** Re-encodes base64url text canonically (no padding); `undefined` when it is not base64url. */
export function canonicalBase64Url(text: string): string | undefined {
  const bytes = fromBase64Url(text);
  return bytes === undefined ? undefined : toBase64Url(bytes);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The 16 raw bytes of a UUID in its canonical text form. */
export function uuidToBytes(uuid: string): Uint8Array {
  if (!UUID.test(uuid)) throw new Error("not a UUID");
  return new Uint8Array(Buffer.from(uuid.replaceAll("-", ""), "hex"));
}

/** The lower-case UUID text of 16 bytes; `undefined` for any other length. */
export function bytesToUuid(bytes: Uint8Array): string | undefined {
  if (bytes.length !== 16) return undefined;
  const hex = Buffer.from(bytes).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}
