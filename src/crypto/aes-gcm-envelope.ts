import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * Hanko's envelope for secrets at rest (JWK private keys, OAuth and SAML state): AES-256-GCM under
 * the SHA-256 of a configured secret, output `base64url-with-padding(nonce ‖ ciphertext ‖ tag)`,
 * no additional data. Encryption uses the first secret; decryption tries each in turn, which is what
 * lets an operator rotate secrets by prepending a new one.
 */
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

function keyOf(secret: string): Buffer {
  return createHash("sha256").update(secret, "utf8").digest();
}

export function encryptWithSecret(secret: string, plaintext: string | Uint8Array): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keyOf(secret), nonce);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, ciphertext, cipher.getAuthTag()])
    .toString("base64url")
    .padEnd(paddedLength(NONCE_BYTES + ciphertext.length + TAG_BYTES), "=");
}

/** The plaintext, or undefined when none of the secrets opens the envelope. */
export function decryptWithSecrets(secrets: readonly string[], envelope: string): Buffer | undefined {
  const bytes = Buffer.from(envelope, "base64url");
  if (bytes.length < NONCE_BYTES + TAG_BYTES) return undefined;
  const nonce = bytes.subarray(0, NONCE_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  const ciphertext = bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES);
  for (const secret of secrets) {
    try {
      const decipher = createDecipheriv("aes-256-gcm", keyOf(secret), nonce);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    } catch {
      // The tag did not match: another secret may have sealed it.
    }
  }
  return undefined;
}

function paddedLength(byteLength: number): number {
  return Math.ceil(byteLength / 3) * 4;
}
