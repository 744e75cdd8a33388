import { describe, expect, test } from "bun:test";
import { defaultConfig } from "../../../src/config/schema.ts";
import { validateEntries } from "../../../src/users/import-export/validate-entries.ts";

const NOW = new Date("2026-05-01T12:00:00.000Z");
const USERNAMES = defaultConfig().username;
const BCRYPT = "$2a$12$mFbud0mLsD/q.WG7/9pNQemlAHs3H4o8zAv44gsUF1v1awsdqTh7.";
const USER_ID = "a9ae6bc8-d829-43de-b672-f50230833877";

function errorsOf(entries: unknown): string[] {
  return validateEntries(JSON.stringify(entries), USERNAMES, NOW).errors;
}

const primary = (address: string) => ({ address, is_primary: true, is_verified: true });

describe("checking an import file", () => {
  test("a file that is not JSON is one error", () => {
    const { errors } = validateEntries("[{", USERNAMES, NOW);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toStartWith("the file is not valid JSON: ");
  });

  test("a file holding an object instead of an array is one error", () => {
    expect(errorsOf({ users: [] })).toEqual(["the file must hold a JSON array of users, not an object"]);
  });

  test("a minimal entry gets a fresh id, the import time and a lower-cased address", () => {
    const { users, errors } = validateEntries(JSON.stringify([{ emails: [primary("Ada@Example.COM")] }]), USERNAMES, NOW);
    expect(errors).toEqual([]);
    expect(users[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(users[0]).toMatchObject({ createdAt: NOW, updatedAt: NOW, emails: [{ address: "ada@example.com", isPrimary: true }] });
  });

  test("usernames are trimmed and lower-cased and held to the flows' characters and configured lengths", () => {
    const { users, errors } = validateEntries(JSON.stringify([{ username: "  Frank " }]), USERNAMES, NOW);
    expect(errors).toEqual([]);
    expect(users[0]?.username).toBe("frank");
    expect(errorsOf([{ username: "first.last" }, { username: "ab" }, { username: "x".repeat(33) }, { username: "ünï" }])).toEqual([
      'entry 0: username is invalid: "first.last"',
      'entry 1: username must be at least 3 characters long: "ab"',
      `entry 2: username must not be longer than 32 characters: "${"x".repeat(33)}"`,
      'entry 3: username is invalid: "ünï"',
    ]);
    const wider = { min_length: 1, max_length: 40 };
    expect(validateEntries(JSON.stringify([{ username: "ab" }, { username: "x".repeat(40) }]), wider, NOW).errors).toEqual([]);
  });

  test("a username alone is enough", () => {
    expect(errorsOf([{ username: "ada" }])).toEqual([]);
  });

  test("an entry without emails, username or credential is an error", () => {
    expect(errorsOf([{ user_id: USER_ID }])).toEqual(["entry 0: needs emails, a username or a WebAuthn credential"]);
  });

  test("every problem of every entry is reported with the entry's index and the field", () => {
    expect(
      errorsOf([
        { emails: [primary("ok@example.com")] },
        { emails: [primary("a@example.com"), { address: "x", is_primary: false }], created_at: "yesterday" },
        { user_id: "42", username: 7, emails: [{ address: "b@example.com", is_primary: "yes" }] },
      ]),
    ).toEqual([
      'entry 1: emails[1].address: "x" is not an email address',
      'entry 1: created_at: "yesterday" is not an RFC 3339 timestamp',
      'entry 2: user_id: "42" is not a version-4 UUID',
      'entry 2: emails[0].is_primary: expected true or false, got "yes"',
      "entry 2: emails: needs exactly one primary address, got 0",
      "entry 2: username: expected a string, got 7",
    ]);
  });

  test("two primary addresses are an error", () => {
    expect(errorsOf([{ emails: [primary("a@example.com"), primary("b@example.com")] }])).toEqual([
      "entry 0: emails: needs exactly one primary address, got 2",
    ]);
  });

  test("an address used twice names both entries, whatever its case", () => {
    expect(errorsOf([{ emails: [primary("a@example.com")] }, { emails: [primary("A@example.com")] }])).toEqual([
      'entry 1: emails[0].address: "a@example.com" is also used by entry 0 (emails[0].address)',
    ]);
  });

  test("a user id, username and credential id used twice are each named", () => {
    const credential = { id: "Y3JlZA", public_key: "cGs", attestation_type: "none" };
    expect(
      errorsOf([
        { user_id: USER_ID, username: "ada", webauthn_credentials: [credential] },
        { user_id: USER_ID, username: "ADA", webauthn_credentials: [credential] },
      ]),
    ).toEqual([
      `entry 1: user_id: "${USER_ID}" is also used by entry 0 (user_id)`,
      'entry 1: webauthn_credentials[0].id: "Y3JlZA" is also used by entry 0 (webauthn_credentials[0].id)',
      'entry 1: username: "ada" is also used by entry 0 (username)',
    ]);
  });

  test("password hashes in bcrypt, Firebase scrypt and argon2id form are accepted", () => {
    const fbscrypt = `$fbscrypt$v=1,n=14,r=8,p=1,ss=Bw==,sk=${"A".repeat(86)}==$42xEC+ixf3L2lw==$${"B".repeat(86)}==`;
    const argon2id = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";
    const entries = [BCRYPT, BCRYPT.replace("$2a$", "$2b$"), BCRYPT.replace("$2a$", "$2y$"), fbscrypt, argon2id].map((hash, i) => ({
      username: `user${i}`,
      password: { password: hash },
    }));
    expect(errorsOf(entries)).toEqual([]);
  });

  test("an unknown password hash format is an error naming the entry, without the hash", () => {
    expect(errorsOf([{ username: "ada", password: { password: "$1$md5crypt$abc" } }])).toEqual([
      "entry 0: password.password: is not a bcrypt ($2a$, $2b$, $2y$), Firebase scrypt ($fbscrypt$) or argon2id ($argon2id$) hash",
    ]);
  });

  test("a credential needs id, public key and attestation type, a UUID as aaguid and unique transports", () => {
    expect(
      errorsOf([
        {
          username: "ada",
          webauthn_credentials: [{ aaguid: "not-a-uuid", transports: ["usb", "nfc", "usb"], sign_count: -1 }],
        },
      ]),
    ).toEqual([
      "entry 0: webauthn_credentials[0].id: is required",
      "entry 0: webauthn_credentials[0].public_key: is required",
      "entry 0: webauthn_credentials[0].attestation_type: is required",
      'entry 0: webauthn_credentials[0].aaguid: "not-a-uuid" is not a UUID',
      "entry 0: webauthn_credentials[0].sign_count: expected an integer from 0 to 2147483647, got -1",
      'entry 0: webauthn_credentials[0].transports[2]: "usb" appears twice',
    ]);
  });

  test("an mfa_only credential may not carry a user handle", () => {
    const credential = { id: "Y3JlZA", public_key: "cGs", attestation_type: "none", mfa_only: true, user_handle: "h" };
    expect(errorsOf([{ username: "ada", webauthn_credentials: [credential] }])).toEqual([
      "entry 0: webauthn_credentials[0].user_handle: must be absent for an mfa_only credential",
    ]);
  });

  test("credentials of one user may share a user handle, but two users may not", () => {
    const credential = (id: string) => ({ id, public_key: "cGs", attestation_type: "none", user_handle: "handle-1" });
    expect(
      errorsOf([
        { username: "ada", webauthn_credentials: [credential("YQ"), credential("Yg")] },
        { username: "bob", webauthn_credentials: [credential("Yw")] },
      ]),
    ).toEqual(['entry 1: webauthn_credentials[0].user_handle: "handle-1" is also used by entry 0 (webauthn_credentials[0].user_handle)']);
  });

  test("metadata must be objects of at most 3000 characters of compact JSON", () => {
    expect(errorsOf([{ username: "ada", metadata: { public: [1], private: { text: "x".repeat(3000) }, unsafe: null } }])).toEqual([
      "entry 0: metadata.public: expected a JSON object or null, got an array",
      "entry 0: metadata.private: is 3011 characters as compact JSON, more than 3000",
    ]);
  });

  test("metadata is kept as compact JSON text", () => {
    const { users } = validateEntries(JSON.stringify([{ username: "ada", metadata: { public: { role: "admin" } } }]), USERNAMES, NOW);
    expect(users[0]?.metadata).toEqual({ public: '{"role":"admin"}', private: null, unsafe: null });
  });

  test("timestamps with nanoseconds and offsets are read to the millisecond in UTC", () => {
    const { users } = validateEntries(
      JSON.stringify([{ username: "ada", created_at: "2024-08-17T14:05:15.651387237+02:00" }]),
      USERNAMES,
      NOW,
    );
    expect(users[0]?.createdAt.toISOString()).toBe("2024-08-17T12:05:15.651Z");
  });
});
