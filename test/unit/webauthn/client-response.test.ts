import { describe, expect, test } from "bun:test";
import { originAllowed } from "../../../src/services/webauthn/checks.ts";
import { parseAssertionResponse, parseRegistrationResponse } from "../../../src/services/webauthn/client-response.ts";
import { bytesToUuid, fromBase64Url, toBase64Url, uuidToBytes } from "../../../src/services/webauthn/encoding.ts";
import { flowErrorCodeFor } from "../../../src/services/webauthn/types.ts";
import { cborEncode, SoftwareAuthenticator } from "../../support/software-authenticator.ts";

const ORIGIN = "https://example.com";
const creation = {
  publicKey: {
    rp: { name: "Example", id: "example.com" },
    user: { name: "ada@example.com", displayName: "ada", id: toBase64Url(uuidToBytes("3f0c2d55-8a3e-4d6b-9d2a-0b6f1c2e7a91")) },
    challenge: "Y2hhbGxlbmdl",
    pubKeyCredParams: [{ type: "public-key", alg: -7 }],
    authenticatorSelection: { requireResidentKey: true, residentKey: "required", userVerification: "preferred" },
  },
};

describe("encoding", () => {
  test("base64url round trip, padding tolerated, garbage refused", () => {
    expect(toBase64Url(Uint8Array.of(1, 2, 3, 4))).toBe("AQIDBA");
    expect(fromBase64Url("AQIDBA==")).toEqual(Uint8Array.of(1, 2, 3, 4));
    expect(fromBase64Url("AQ+DBA")).toBeUndefined();
    expect(fromBase64Url("A")).toBeUndefined();
  });

  test("UUIDs ↔ 16 bytes", () => {
    const id = "3f0c2d55-8a3e-4d6b-9d2a-0b6f1c2e7a91";
    expect(uuidToBytes(id)).toHaveLength(16);
    expect(bytesToUuid(uuidToBytes(id.toUpperCase()))).toBe(id);
    expect(bytesToUuid(new Uint8Array(15))).toBeUndefined();
  });
});

describe("minimal CBOR of the test authenticator", () => {
  test("encodes what attestation objects need", () => {
    expect([...cborEncode(0)]).toEqual([0x00]);
    expect([...cborEncode(23)]).toEqual([0x17]);
    expect([...cborEncode(24)]).toEqual([0x18, 0x18]);
    expect([...cborEncode(-7)]).toEqual([0x26]);
    expect([...cborEncode(-257)]).toEqual([0x39, 0x01, 0x00]);
    expect([...cborEncode("fmt")]).toEqual([0x63, 0x66, 0x6d, 0x74]);
    expect([...cborEncode(Uint8Array.of(1, 2))]).toEqual([0x42, 1, 2]);
    expect([...cborEncode(new Map([[1, 2]]))]).toEqual([0xa1, 0x01, 0x02]);
    expect([...cborEncode(new Map())]).toEqual([0xa0]);
  });
});

describe("client responses", () => {
  test("a registration parses from an object or a JSON string", () => {
    const authenticator = new SoftwareAuthenticator({ aaguid: "01020304-0506-0708-090a-0b0c0d0e0f10" });
    const response = authenticator.create(creation, ORIGIN);
    for (const input of [response, JSON.stringify(response)]) {
      const parsed = parseRegistrationResponse(input);
      if (!parsed.ok) throw new Error(parsed.reason);
      expect(parsed.value.format).toBe("none");
      expect(parsed.value.clientData).toMatchObject({ type: "webauthn.create", challenge: "Y2hhbGxlbmdl", origin: ORIGIN });
      expect(toBase64Url(parsed.value.authData.credentialId)).toBe(response.id);
      expect(bytesToUuid(parsed.value.authData.aaguid)).toBe("01020304-0506-0708-090a-0b0c0d0e0f10");
      expect(parsed.value.authData).toMatchObject({
        userPresent: true,
        userVerified: true,
        backupEligible: true,
        backupState: true,
        signCount: 0,
      });
      expect(parsed.value.transports).toEqual(["internal", "hybrid"]);
    }
  });

  test("an assertion parses; a null user handle means none", () => {
    const authenticator = new SoftwareAuthenticator();
    authenticator.create(creation, ORIGIN);
    const response = authenticator.get({ publicKey: { challenge: "b3RoZXI", rpId: "example.com" } }, ORIGIN);
    const parsed = parseAssertionResponse(JSON.stringify(response));
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(parsed.value.credentialId).toBe(response.id);
    expect(parsed.value.authData.signCount).toBe(1);
    expect(bytesToUuid(parsed.value.userHandle ?? new Uint8Array())).toBe("3f0c2d55-8a3e-4d6b-9d2a-0b6f1c2e7a91");
    const anonymous = parseAssertionResponse({ ...response, response: { ...response.response, userHandle: null } });
    expect(anonymous.ok && anonymous.value.userHandle).toBeUndefined();
  });

  test("malformed input is a refusal, never an exception", () => {
    const authenticator = new SoftwareAuthenticator();
    const registration = authenticator.create(creation, ORIGIN);
    const assertion = authenticator.get({ challenge: "b3RoZXI", rpId: "example.com" }, ORIGIN);
    const bad: unknown[] = [
      undefined,
      null,
      42,
      "{",
      "[]",
      {},
      { ...registration, type: "password" },
      { ...registration, id: "" },
      { ...registration, id: "not base64!" },
      { ...registration, rawId: "AQIDBA" },
      { ...registration, response: null },
      { ...registration, response: { ...registration.response, clientDataJSON: "e30" } },
      { ...registration, response: { ...registration.response, clientDataJSON: "%%%" } },
      { ...registration, response: { ...registration.response, attestationObject: "AQIDBA" } },
      { ...registration, response: { ...registration.response, attestationObject: toBase64Url(cborEncode(new Map([["fmt", "none"]]))) } },
      { ...registration, response: { ...registration.response, transports: "usb" } },
    ];
    for (const input of bad) expect(parseRegistrationResponse(input)).toMatchObject({ ok: false, reason: "malformed_response" });
    const badAssertions: unknown[] = [
      "null",
      { ...assertion, response: { ...assertion.response, signature: undefined } },
      { ...assertion, response: { ...assertion.response, authenticatorData: "AQIDBA" } },
      { ...assertion, response: { ...assertion.response, userHandle: 7 } },
      { ...assertion, response: { ...assertion.response, userHandle: "*" } },
    ];
    for (const input of badAssertions) expect(parseAssertionResponse(input)).toMatchObject({ ok: false, reason: "malformed_response" });
  });
});

describe("origin comparison (go-webauthn)", () => {
  test("scheme and host, case-insensitive, path ignored; Android key-hash origins verbatim", () => {
    const allowed = ["https://example.com", "http://localhost:8888", "android:apk-key-hash:abc"];
    expect(originAllowed("https://example.com", allowed)).toBe(true);
    expect(originAllowed("https://EXAMPLE.com/login", allowed)).toBe(true);
    expect(originAllowed("http://localhost:8888", allowed)).toBe(true);
    expect(originAllowed("android:apk-key-hash:abc", allowed)).toBe(true);
    expect(originAllowed("https://evil.example.com", allowed)).toBe(false);
    expect(originAllowed("http://example.com", allowed)).toBe(false);
    expect(originAllowed("http://localhost:8889", allowed)).toBe(false);
    expect(originAllowed("example.com", allowed)).toBe(false);
  });
});

test("refusal reasons map to Hanko's flow error codes", () => {
  expect(flowErrorCodeFor("mfa_only")).toBe("webauthn_credential_invalid_mfa_only");
  expect(flowErrorCodeFor("signature_invalid")).toBe("passkey_invalid");
  expect(flowErrorCodeFor("challenge_unknown")).toBe("passkey_invalid");
});
