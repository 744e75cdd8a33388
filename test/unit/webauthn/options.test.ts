import { describe, expect, test } from "bun:test";
import { requestOptions } from "../../../src/services/webauthn/authentication.ts";
import { newChallenge } from "../../../src/services/webauthn/challenge.ts";
import { creationOptions, SUPPORTED_ALGORITHMS } from "../../../src/services/webauthn/registration.ts";
import { webauthnSettingsOf, type WebauthnSettings } from "../../../src/services/webauthn/relying-party.ts";
import { testConfig } from "../../support/config.ts";

const USER_ID = "3f0c2d55-8a3e-4d6b-9d2a-0b6f1c2e7a91";
const CHALLENGE = "Y2hhbGxlbmdlLW9mLXRoaXJ0eS10d28tYnl0ZXMtbG9uZw";

function settingsWith(extra: Record<string, unknown> = {}): WebauthnSettings {
  return webauthnSettingsOf(
    testConfig({ database: { dialect: "sqlite", database: ":memory:" }, secrets: { keys: ["a-test-secret-of-enough-length"] }, ...extra }),
  );
}

describe("relying party settings", () => {
  test("come from webauthn.*, passkey.* and mfa.security_keys.*", () => {
    const settings = settingsWith({
      webauthn: {
        relying_party: { id: "example.com", display_name: "Example", origins: ["https://example.com", "https://app.example.com"] },
        timeouts: { registration: 90000, login: 45000 },
      },
      passkey: { user_verification: "required", attestation_preference: "none" },
      mfa: { security_keys: { user_verification: "preferred", authenticator_attachment: "no_preference" } },
    });
    expect(settings).toEqual({
      rp: { id: "example.com", name: "Example", origins: ["https://example.com", "https://app.example.com"] },
      timeouts: { registration: 90000, login: 45000 },
      passkey: { userVerification: "required", attestation: "none" },
      securityKey: { userVerification: "preferred", attachment: undefined },
    });
  });

  test("defaults match Hanko's", () => {
    expect(settingsWith()).toEqual({
      rp: { id: "localhost", name: "Hanko Authentication Service", origins: ["http://localhost:8888"] },
      timeouts: { registration: 600000, login: 600000 },
      passkey: { userVerification: "preferred", attestation: "direct" },
      securityKey: { userVerification: "discouraged", attachment: "cross-platform" },
    });
  });
});

describe("challenges", () => {
  test("are 32 random bytes, base64url without padding", () => {
    const a = newChallenge();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, "base64url").length).toBe(32);
    expect(newChallenge()).not.toBe(a);
  });
});

describe("creation options", () => {
  test("a passkey: go-webauthn's shape, resident key required, UV and attestation from passkey.*", () => {
    const options = creationOptions(settingsWith(), { id: USER_ID, email: "ada@example.com", username: "ada" }, "passkey", [], CHALLENGE);
    expect(options).toEqual({
      publicKey: {
        rp: { name: "Hanko Authentication Service", id: "localhost" },
        user: { name: "ada@example.com", displayName: "ada", id: "PwwtVYo-TWudKgtvHC56kQ" },
        challenge: CHALLENGE,
        pubKeyCredParams: [-7, -35, -36, -257, -258, -259, -37, -38, -39, -8].map((alg) => ({ type: "public-key", alg })),
        timeout: 600000,
        authenticatorSelection: { requireResidentKey: true, residentKey: "required", userVerification: "preferred" },
        attestation: "direct",
      },
    });
    // Go's field order.
    expect(Object.keys(options.publicKey)).toEqual([
      "rp",
      "user",
      "challenge",
      "pubKeyCredParams",
      "timeout",
      "authenticatorSelection",
      "attestation",
    ]);
    expect(SUPPORTED_ALGORITHMS).toHaveLength(10);
  });

  test("the user handle is the 16 raw bytes of the user's UUID", () => {
    const options = creationOptions(settingsWith(), { id: USER_ID, email: "ada@example.com" }, "passkey", [], CHALLENGE);
    const bytes = Buffer.from(options.publicKey.user.id, "base64url");
    expect(bytes.length).toBe(16);
    expect(bytes.toString("hex")).toBe(USER_ID.replaceAll("-", ""));
    expect(options.publicKey.user.id).not.toContain("=");
  });

  test("user.name prefers the email, user.displayName the username", () => {
    const of = (user: { email?: string | null; username?: string | null }) =>
      creationOptions(settingsWith(), { id: USER_ID, ...user }, "passkey", [], CHALLENGE).publicKey.user;
    expect(of({ email: "ada@example.com" })).toMatchObject({ name: "ada@example.com", displayName: "ada@example.com" });
    expect(of({ username: "ada" })).toMatchObject({ name: "ada", displayName: "ada" });
    expect(of({ email: "", username: "ada" })).toMatchObject({ name: "ada", displayName: "ada" });
    expect(of({ email: "ada@example.com", username: "" })).toMatchObject({ name: "ada@example.com", displayName: "ada@example.com" });
    expect(of({})).toMatchObject({ name: "", displayName: "" });
  });

  test("passkey UV and attestation follow the config", () => {
    const settings = settingsWith({ passkey: { user_verification: "required", attestation_preference: "none" } });
    const { publicKey } = creationOptions(settings, { id: USER_ID, username: "ada" }, "passkey", [], CHALLENGE);
    expect(publicKey.authenticatorSelection).toEqual({ requireResidentKey: true, residentKey: "required", userVerification: "required" });
    expect(publicKey.attestation).toBe("none");
  });

  test("a security key: resident key discouraged, mfa.security_keys UV and attachment, passkey attestation", () => {
    const settings = settingsWith({
      passkey: { attestation_preference: "indirect" },
      mfa: { security_keys: { attestation_preference: "none" } },
    });
    const { publicKey } = creationOptions(settings, { id: USER_ID, email: "ada@example.com" }, "security_key", [], CHALLENGE);
    expect(publicKey.authenticatorSelection).toEqual({
      authenticatorAttachment: "cross-platform",
      requireResidentKey: false,
      residentKey: "discouraged",
      userVerification: "discouraged",
    });
    expect(publicKey.attestation).toBe("indirect");
    // go-webauthn's timeout for UV "discouraged", which Hanko leaves at its default.
    expect(publicKey.timeout).toBe(120000);
  });

  test("security-key attachment: platform is sent, no_preference is omitted; UV preferred uses the configured timeout", () => {
    const platform = settingsWith({ mfa: { security_keys: { authenticator_attachment: "platform", user_verification: "required" } } });
    const sel = creationOptions(platform, { id: USER_ID, username: "ada" }, "security_key", [], CHALLENGE).publicKey;
    expect(sel.authenticatorSelection).toEqual({
      authenticatorAttachment: "platform",
      requireResidentKey: false,
      residentKey: "discouraged",
      userVerification: "required",
    });
    expect(sel.timeout).toBe(600000);
    const none = settingsWith({
      mfa: { security_keys: { authenticator_attachment: "no_preference" } },
      webauthn: { timeouts: { registration: 30000 } },
    });
    const noneSel = creationOptions(none, { id: USER_ID, username: "ada" }, "security_key", [], CHALLENGE).publicKey.authenticatorSelection;
    expect("authenticatorAttachment" in noneSel).toBe(false);
    const passkey = creationOptions(none, { id: USER_ID, username: "ada" }, "passkey", [], CHALLENGE).publicKey;
    expect(passkey.timeout).toBe(30000);
  });

  test("excludeCredentials name the existing credentials with their transports (empty ones omitted)", () => {
    const { publicKey } = creationOptions(
      settingsWith(),
      { id: USER_ID, username: "ada" },
      "passkey",
      [{ id: "AQIDBA", transports: ["internal", "hybrid"] }, { id: "BQYHCA", transports: [] }, { id: "CQoLDA" }],
      CHALLENGE,
    );
    expect(publicKey.excludeCredentials).toEqual([
      { type: "public-key", id: "AQIDBA", transports: ["internal", "hybrid"] },
      { type: "public-key", id: "BQYHCA" },
      { type: "public-key", id: "CQoLDA" },
    ]);
    expect(Object.keys(publicKey)).toEqual([
      "rp",
      "user",
      "challenge",
      "pubKeyCredParams",
      "timeout",
      "excludeCredentials",
      "authenticatorSelection",
      "attestation",
    ]);
  });
});

describe("request options", () => {
  test("discoverable login: no allowCredentials, passkey UV", () => {
    const options = requestOptions(
      settingsWith({ webauthn: { relying_party: { id: "example.com", origins: ["https://example.com"] } } }),
      "passkey",
      CHALLENGE,
    );
    expect(options).toEqual({ publicKey: { challenge: CHALLENGE, timeout: 600000, rpId: "example.com", userVerification: "preferred" } });
    expect(Object.keys(options.publicKey)).toEqual(["challenge", "timeout", "rpId", "userVerification"]);
  });

  test("a known user's credentials: allowCredentials with transports", () => {
    const settings = settingsWith({ passkey: { user_verification: "required" }, webauthn: { timeouts: { login: 60000 } } });
    const options = requestOptions(settings, "passkey", CHALLENGE, [
      { id: "AQIDBA", transports: ["internal"] },
      { id: "BQYHCA", transports: [] },
    ]);
    expect(options).toEqual({
      publicKey: {
        challenge: CHALLENGE,
        timeout: 60000,
        rpId: "localhost",
        allowCredentials: [
          { type: "public-key", id: "AQIDBA", transports: ["internal"] },
          { type: "public-key", id: "BQYHCA" },
        ],
        userVerification: "required",
      },
    });
    expect(Object.keys(options.publicKey)).toEqual(["challenge", "timeout", "rpId", "allowCredentials", "userVerification"]);
  });

  test("security-key MFA: mfa.security_keys.user_verification (discouraged → 120 s)", () => {
    const options = requestOptions(settingsWith(), "security_key", CHALLENGE, [{ id: "AQIDBA", transports: ["usb"] }]);
    expect(options.publicKey.userVerification).toBe("discouraged");
    expect(options.publicKey.timeout).toBe(120000);
    const preferred = requestOptions(
      settingsWith({ mfa: { security_keys: { user_verification: "preferred" } } }),
      "security_key",
      CHALLENGE,
      [{ id: "AQIDBA" }],
    );
    expect(preferred.publicKey).toMatchObject({ userVerification: "preferred", timeout: 600000 });
  });

  test("stored ids are re-encoded canonically; a non-base64url id is a programming error", () => {
    expect(requestOptions(settingsWith(), "passkey", CHALLENGE, [{ id: "AQIDBA==" }]).publicKey.allowCredentials).toEqual([
      { type: "public-key", id: "AQIDBA" },
    ]);
    expect(() => requestOptions(settingsWith(), "passkey", CHALLENGE, [{ id: "not base64!" }])).toThrow();
  });
});
