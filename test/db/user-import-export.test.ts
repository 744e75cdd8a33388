import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Db } from "../../src/db/connect.ts";
import { PasswordHasher } from "../../src/services/password/password-hasher.ts";
import { passwordStore } from "../../src/store/passwords.ts";
import { userStore } from "../../src/store/users.ts";
import { userViews } from "../../src/store/user-views.ts";
import { exportUsers } from "../../src/users/import-export/export-users.ts";
import { importUsers } from "../../src/users/import-export/import-users.ts";
import { openScratch, testDatabases } from "../support/databases.ts";
import { defaultConfig } from "../../src/config/schema.ts";

// Firebase's published example account (github.com/firebase/scrypt), password "user1password".
const FBSCRYPT =
  "$fbscrypt$v=1,n=14,r=8,p=1,ss=Bw==,sk=jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA==" +
  "$42xEC+ixf3L2lw==$lSrfV15cpx95/sZS2W9c9Kp6i/LVgQNDNC/qzrCnh1SAyZvqmZqAjTdn3aoItz+VHjoZilo78198JAdRuid5lQ==";

const hasher = new PasswordHasher();
const USERNAMES = defaultConfig().username;

async function userCount(db: Db): Promise<number> {
  const row = await db.kysely
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Three users whose passwords are stored in the three accepted forms, with everything a user can have. */
async function richFile(): Promise<{ entries: Record<string, unknown>[]; passwords: Record<string, string> }> {
  const bcrypt = (await Bun.password.hash("bcrypt password", { algorithm: "bcrypt", cost: 4 })).replace(/^\$2b\$/, "$2a$");
  const argon2id = await Bun.password.hash("argon2id password", { algorithm: "argon2id", memoryCost: 4096, timeCost: 1 });
  const entries = [
    {
      user_id: "a9ae6bc8-d829-43de-b672-f50230833877",
      emails: [
        { address: "Ada@Example.com", is_primary: true, is_verified: true },
        { address: "ada+work@example.com", is_primary: false, is_verified: false },
      ],
      username: "ada",
      password: { password: bcrypt, created_at: "2024-01-02T03:04:05.678Z", updated_at: "2024-02-02T03:04:05.678Z" },
      otp_secret: { secret: "JBSWY3DPEHPK3PXP", created_at: "2024-03-02T03:04:05.000Z" },
      metadata: { public: { role: "admin" }, private: { note: "vip" }, unsafe: null },
      webauthn_credentials: [
        {
          id: "Y3JlZGVudGlhbC0x",
          name: "YubiKey",
          public_key: "cHVibGljLWtleS0x",
          attestation_type: "packed",
          aaguid: "CB69481E-8FF7-4039-93EC-0A2729A154A8",
          sign_count: 12,
          last_used_at: "2024-04-01T00:00:00.000Z",
          created_at: "2024-01-01T00:00:00.000Z",
          updated_at: "2024-04-01T00:00:00.000Z",
          transports: ["usb", "nfc"],
          backup_eligible: false,
          backup_state: false,
          mfa_only: true,
        },
        {
          id: "Y3JlZGVudGlhbC0y",
          public_key: "cHVibGljLWtleS0y",
          attestation_type: "none",
          aaguid: "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4",
          transports: ["internal", "hybrid"],
          backup_eligible: true,
          backup_state: true,
          user_handle: "legacy-user-42",
        },
      ],
      created_at: "2023-12-31T23:59:59.123Z",
      updated_at: "2024-04-01T00:00:00.000Z",
    },
    {
      user_id: "2f0649cf-c71e-48a5-92c3-210addb80281",
      emails: [{ address: "firebase@example.com", is_primary: true, is_verified: true }],
      password: { password: FBSCRYPT },
      created_at: "2024-05-05T05:05:05.005Z",
      updated_at: "2024-05-05T05:05:05.005Z",
    },
    {
      user_id: "6d1c3f5e-1f0a-4b7e-9a52-3c1f2d4e5a6b",
      username: "argon",
      password: { password: argon2id },
      created_at: "2024-06-06T06:06:06.006Z",
      updated_at: "2024-06-06T06:06:06.006Z",
    },
  ];
  return {
    entries,
    passwords: {
      "a9ae6bc8-d829-43de-b672-f50230833877": "bcrypt password",
      "2f0649cf-c71e-48a5-92c3-210addb80281": "user1password",
      "6d1c3f5e-1f0a-4b7e-9a52-3c1f2d4e5a6b": "argon2id password",
    },
  };
}

describe.each(await testDatabases())("user import and export on $family", (database) => {
  let db: Db;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ db, dispose } = await openScratch(database));
  });

  afterAll(() => dispose());

  test("exporting imported users and importing the file into an empty database recreates them, passwords included", async () => {
    const source = await openScratch(database);
    const target = await openScratch(database);
    try {
      const { entries, passwords } = await richFile();
      expect(await importUsers(source.db, JSON.stringify(entries), USERNAMES)).toEqual({ imported: 3, errors: [] });
      const exported = await exportUsers(source.db.kysely);
      expect(await importUsers(target.db, JSON.stringify(exported), USERNAMES)).toEqual({ imported: 3, errors: [] });
      const reexported = await exportUsers(target.db.kysely);

      expect(reexported).toEqual(exported);
      expect(exported[0]).toMatchObject({
        user_id: "a9ae6bc8-d829-43de-b672-f50230833877",
        emails: [
          { address: "ada@example.com", is_primary: true, is_verified: true },
          { address: "ada+work@example.com", is_primary: false, is_verified: false },
        ],
        username: "ada",
        otp_secret: { secret: "JBSWY3DPEHPK3PXP", created_at: "2024-03-02T03:04:05.000Z" },
        metadata: { public: { role: "admin" }, private: { note: "vip" }, unsafe: null },
        created_at: "2023-12-31T23:59:59.123Z",
      });
      expect(exported[0]?.webauthn_credentials).toMatchObject([
        {
          id: "Y3JlZGVudGlhbC0x",
          name: "YubiKey",
          aaguid: "cb69481e-8ff7-4039-93ec-0a2729a154a8",
          sign_count: 12,
          last_used_at: "2024-04-01T00:00:00.000Z",
          transports: ["nfc", "usb"],
          mfa_only: true,
          user_handle: null,
        },
        { id: "Y3JlZGVudGlhbC0y", transports: ["hybrid", "internal"], backup_eligible: true, user_handle: "legacy-user-42" },
      ]);
      expect(exported.map((u) => u.emails === null)).toEqual([false, false, true]);
      for (const [userId, password] of Object.entries(passwords)) {
        const hash = await passwordStore(target.db.kysely).hashOf(userId);
        expect(await hasher.verify(password, hash ?? "")).toEqual({ ok: true, needsRehash: true });
      }
    } finally {
      await source.dispose();
      await target.dispose();
    }
  });

  test("an imported bcrypt user can sign in with their password", async () => {
    const hash = await Bun.password.hash("s3cret pass", { algorithm: "bcrypt", cost: 4 });
    const file = [{ emails: [{ address: "bcrypt-user@example.com", is_primary: true }], password: { password: hash } }];
    expect((await importUsers(db, JSON.stringify(file), USERNAMES)).errors).toEqual([]);
    const user = await userViews(db.kysely).byEmail("bcrypt-user@example.com");
    expect((await hasher.verify("s3cret pass", (await passwordStore(db.kysely).hashOf(user?.id ?? "")) ?? "")).ok).toBe(true);
  });

  test("a file with problems in several entries reports all of them and writes nothing", async () => {
    const before = await userCount(db);
    const file = [
      { emails: [{ address: "fine@example.com", is_primary: true }] },
      { emails: [{ address: "dup@example.com", is_primary: true }], password: { password: "md5:abc" } },
      { emails: [{ address: "dup@example.com", is_primary: true }] },
      {
        emails: [
          { address: "x", is_primary: true },
          { address: "y@example.com", is_primary: true },
        ],
      },
      { username: 5, webauthn_credentials: [{ id: "YQ", public_key: "Yg", attestation_type: "none", aaguid: "zzz" }] },
    ];
    const outcome = await importUsers(db, JSON.stringify(file), USERNAMES);
    expect(outcome.imported).toBe(0);
    expect(outcome.errors).toEqual([
      "entry 1: password.password: is not a bcrypt ($2a$, $2b$, $2y$), Firebase scrypt ($fbscrypt$) or argon2id ($argon2id$) hash",
      'entry 3: emails[0].address: "x" is not an email address',
      "entry 3: emails: needs exactly one primary address, got 2",
      "entry 4: username: expected a string, got 5",
      'entry 4: webauthn_credentials[0].aaguid: "zzz" is not a UUID',
      'entry 2: emails[0].address: "dup@example.com" is also used by entry 1 (emails[0].address)',
    ]);
    expect(await userCount(db)).toBe(before);
  });

  test.each([
    ["unreadable JSON", '[{"emails": ', "the file is not valid JSON: "],
    ["a non-array", '{"emails": []}', "the file must hold a JSON array of users, not an object"],
    ["an entry of the wrong type", '["ada@example.com"]', 'entry 0: expected an object, got string "ada@example.com"'],
    ["emails of the wrong type", '[{"emails": "ada@example.com"}]', 'entry 0: emails: expected an array, got string "ada@example.com"'],
  ])("a file with %s is refused with one clear error and writes nothing", async (_, text, message) => {
    const before = await userCount(db);
    const outcome = await importUsers(db, text, USERNAMES);
    expect(outcome.errors[0]).toStartWith(message);
    expect(await userCount(db)).toBe(before);
  });

  test("addresses, usernames, user ids and user handles already in the database are errors naming their user", async () => {
    const existing = await userStore(db.kysely).create({ email: { address: "taken@example.com", verified: true }, username: "taken" });
    const before = await userCount(db);
    const file = [
      {
        user_id: existing.id,
        emails: [{ address: "TAKEN@example.com", is_primary: true }],
        username: "Taken",
      },
    ];
    expect((await importUsers(db, JSON.stringify(file), USERNAMES)).errors).toEqual([
      `entry 0: user_id: "${existing.id}" is already a user in the database`,
      `entry 0: emails[0].address: "taken@example.com" already belongs to user ${existing.id}`,
      `entry 0: username: "taken" already belongs to user ${existing.id}`,
    ]);
    expect(await userCount(db)).toBe(before);
  });

  test("a user handle or credential id already in the database is an error naming its user", async () => {
    const credential = { id: "aGFuZGxlLWNyZWQ", public_key: "cGs", attestation_type: "none", user_handle: "handle-in-db" };
    const first = await importUsers(db, JSON.stringify([{ username: "handle_owner", webauthn_credentials: [credential] }]), USERNAMES);
    expect(first.errors).toEqual([]);
    const owner = await userViews(db.kysely).byUsername("handle_owner");
    const outcome = await importUsers(db, JSON.stringify([{ username: "someone_else", webauthn_credentials: [credential] }]), USERNAMES);
    expect(outcome.errors).toEqual([
      `entry 0: webauthn_credentials[0].id: "aGFuZGxlLWNyZWQ" already belongs to user ${owner?.id}`,
      `entry 0: webauthn_credentials[0].user_handle: "handle-in-db" already belongs to user ${owner?.id}`,
    ]);
  });
});
