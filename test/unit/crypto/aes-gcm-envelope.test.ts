import { describe, expect, test } from "bun:test";
import { decryptWithSecrets, encryptWithSecret } from "../../../src/crypto/aes-gcm-envelope.ts";

describe("Hanko's AES-GCM envelope", () => {
  test("opens Hanko's own test vector", () => {
    const envelope = "1SiZZlBRnNM8P9xzppDI4n8YYVMG4Hf9UKNANqmxXtsxpHPt3fojlxRmwwOhkfQSCPooOA==";
    expect(decryptWithSecrets(["superSecureAndRandomlyCreatedKey"], envelope)?.toString()).toBe("testTesttestTestTestTEST");
  });

  test("seals in Hanko's format: padded base64url of a 12-byte nonce, the ciphertext and a 16-byte tag", () => {
    const envelope = encryptWithSecret("superSecureAndRandomlyCreatedKey", "testTesttestTestTestTEST");
    expect(envelope).toMatch(/^[A-Za-z0-9_-]+={0,2}$/);
    expect(envelope.length % 4).toBe(0);
    expect(Buffer.from(envelope, "base64url").length).toBe(12 + 24 + 16);
    expect(decryptWithSecrets(["superSecureAndRandomlyCreatedKey"], envelope)?.toString()).toBe("testTesttestTestTestTEST");
  });

  test("uses a fresh nonce each time", () => {
    expect(encryptWithSecret("a-secret-of-sixteen", "same")).not.toBe(encryptWithSecret("a-secret-of-sixteen", "same"));
  });

  test("tries every configured secret, so rotated secrets still open old envelopes", () => {
    const old = encryptWithSecret("the-old-secret-value", "payload");
    expect(decryptWithSecrets(["the-new-secret-value", "the-old-secret-value"], old)?.toString()).toBe("payload");
  });

  test("refuses an envelope no configured secret opens, or one that was altered", () => {
    const sealed = encryptWithSecret("the-right-secret-1", "payload");
    expect(decryptWithSecrets(["the-wrong-secret-1"], sealed)).toBeUndefined();
    const bytes = Buffer.from(sealed, "base64url");
    bytes[14] = (bytes[14] ?? 0) ^ 1;
    expect(decryptWithSecrets(["the-right-secret-1"], bytes.toString("base64url"))).toBeUndefined();
    expect(decryptWithSecrets(["the-right-secret-1"], "c2hvcnQ=")).toBeUndefined();
  });
});
