import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Config } from "../../src/config/schema.ts";
import type { Db } from "../../src/db/connect.ts";
import { toBase64Url, uuidToBytes } from "../../src/services/webauthn/encoding.ts";
import { WebauthnService } from "../../src/services/webauthn/service.ts";
import type { WebauthnResult } from "../../src/services/webauthn/types.ts";
import { userStore } from "../../src/store/users.ts";
import { type NewCredential, webauthnCredentialStore } from "../../src/store/webauthn-credentials.ts";
import { NIL_UUID, webauthnSessionDataStore } from "../../src/store/webauthn-session-data.ts";
import { testConfig } from "../support/config.ts";
import { openScratch, testDatabases } from "../support/databases.ts";
import { type CeremonyTweaks, SoftwareAuthenticator } from "../support/software-authenticator.ts";

const ORIGIN = "https://example.com";
const AAGUID = "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4";

function configWith(extra: Record<string, unknown> = {}): Config {
  return testConfig({
    database: { dialect: "sqlite", database: ":memory:" },
    secrets: { keys: ["a-test-secret-of-enough-length"] },
    webauthn: { relying_party: { id: "example.com", display_name: "Example", origins: [ORIGIN] } },
    ...extra,
  });
}

function unwrap<T>(result: WebauthnResult<T>): T {
  if (!result.ok) throw new Error(`refused: ${result.reason} ${result.detail ?? ""}`);
  return result.value;
}

describe.each(await testDatabases())("WebAuthn ceremonies on $family", (database) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let clock = new Date("2026-06-01T12:00:00.000Z");
  const now = () => clock;
  const tick = (ms = 1000) => {
    clock = new Date(clock.getTime() + ms);
  };
  const service = (config: Config = configWith()) => WebauthnService.fromConfig(db.kysely, config, now);
  const credentials = () => webauthnCredentialStore(db.kysely);
  const sessionRows = () => db.kysely.selectFrom("webauthn_session_data").selectAll().execute();

  async function newUser(name: string) {
    return userStore(db.kysely, { now }).create({ email: { address: `${name}@example.com`, verified: true }, username: name });
  }

  /** Registers and stores a credential; returns it and the authenticator holding its key. */
  async function register(
    userId: string,
    kind: "passkey" | "security_key" = "passkey",
    authenticator = new SoftwareAuthenticator({ aaguid: AAGUID }),
  ): Promise<{ credential: NewCredential; authenticator: SoftwareAuthenticator }> {
    const ceremony = await service().generateCreationOptions({ id: userId, email: "x@example.com" }, kind);
    const response = authenticator.create(ceremony.options, ORIGIN);
    const credential = unwrap(await service().verifyRegistration(response, { sessionDataId: ceremony.sessionDataId, userId, kind }));
    await credentials().create(credential);
    return { credential, authenticator };
  }

  async function row(id: string) {
    return db.kysely.selectFrom("webauthn_credentials").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  }

  beforeAll(async () => {
    ({ db, dispose } = await openScratch(database));
  });
  afterAll(async () => {
    await dispose();
  });

  describe("registration", () => {
    test("a passkey: verified against the stored challenge, a record ready for webauthn_credentials, challenge consumed", async () => {
      const user = await newUser("reg1");
      const ceremony = await service().generateCreationOptions({ id: user.id, email: "reg1@example.com", username: "reg1" }, "passkey");
      const stored = await webauthnSessionDataStore(db.kysely).byId(ceremony.sessionDataId);
      expect(stored).toMatchObject({
        challenge: ceremony.options.publicKey.challenge,
        userId: user.id,
        userVerification: "preferred",
        operation: "registration",
        allowedCredentialIds: [],
      });
      expect(stored?.expiresAt?.toISOString()).toBe(new Date(clock.getTime() + 600000).toISOString());
      expect(ceremony.options.publicKey.user.id).toBe(toBase64Url(uuidToBytes(user.id)));

      const authenticator = new SoftwareAuthenticator({ aaguid: AAGUID, backupState: false });
      const response = authenticator.create(ceremony.options, ORIGIN);
      const credential = unwrap(
        await service().verifyRegistration(response, { sessionDataId: ceremony.sessionDataId, userId: user.id, kind: "passkey" }),
      );
      expect(credential).toEqual({
        id: response.id,
        userId: user.id,
        publicKey: expect.stringMatching(/^[A-Za-z0-9_-]+$/),
        attestationType: "none",
        aaguid: AAGUID,
        signCount: 0,
        name: null,
        backupEligible: true,
        backupState: false,
        mfaOnly: false,
        transports: ["internal", "hybrid"],
        createdAt: clock,
        lastUsedAt: clock,
      });
      expect(credential.id).not.toContain("=");
      // The COSE key: a CBOR map with kty EC2, alg ES256.
      expect(Buffer.from(credential.publicKey, "base64url")[0]).toBe(0xa5);
      expect(await webauthnSessionDataStore(db.kysely).byId(ceremony.sessionDataId)).toBeUndefined();

      await credentials().create(credential);
      const [saved] = await credentials().ofUser(user.id);
      expect(saved).toMatchObject({
        id: response.id,
        aaguid: AAGUID,
        attestation_type: "none",
        mfa_only: false,
        backup_eligible: true,
        backup_state: false,
      });
      expect(saved?.transports.toSorted()).toEqual(["hybrid", "internal"]);

      // Replaying the same attestation: the challenge is gone.
      expect(
        await service().verifyRegistration(response, { sessionDataId: ceremony.sessionDataId, userId: user.id, kind: "passkey" }),
      ).toMatchObject({
        ok: false,
        reason: "challenge_unknown",
      });
    });

    test("a security key is mfa_only; existing credentials are excluded", async () => {
      const user = await newUser("reg2");
      const { credential: passkey, authenticator } = await register(user.id);
      const ceremony = await service().generateCreationOptions(
        { id: user.id, username: "reg2" },
        "security_key",
        await credentials().ofUser(user.id),
      );
      expect(ceremony.options.publicKey.excludeCredentials).toEqual([
        { type: "public-key", id: passkey.id, transports: ["hybrid", "internal"] },
      ]);
      expect(() => authenticator.create(ceremony.options, ORIGIN)).toThrow("InvalidStateError");
      const key = new SoftwareAuthenticator({ transports: ["usb"], backupEligible: false, backupState: false, userVerified: false });
      const response = key.create(ceremony.options, ORIGIN);
      const credential = unwrap(
        await service().verifyRegistration(response, { sessionDataId: ceremony.sessionDataId, userId: user.id, kind: "security_key" }),
      );
      expect(credential).toMatchObject({ mfaOnly: true, backupEligible: false, backupState: false, transports: ["usb"], aaguid: NIL_UUID });
    });

    test("hostile attestations are refused and consume the challenge", async () => {
      const user = await newUser("reg3");
      const cases: [CeremonyTweaks, string][] = [
        [{ origin: "https://evil.example" }, "origin_mismatch"],
        [{ rpIdForHash: "evil.example" }, "rp_id_mismatch"],
        [{ type: "webauthn.get" }, "wrong_type"],
        [{ challenge: "c29tZXRoaW5nLWVsc2U" }, "challenge_mismatch"],
        [{ userPresent: false }, "user_not_present"],
        [{ algorithm: -47 }, "unsupported_algorithm"],
        // 256 base64url characters: wider than the credential id column
        [{ credentialIdLength: 192 }, "malformed_response"],
      ];
      for (const [tweaks, reason] of cases) {
        const ceremony = await service().generateCreationOptions({ id: user.id, username: "reg3" }, "passkey");
        const response = new SoftwareAuthenticator().create(ceremony.options, ORIGIN, tweaks);
        const result = await service().verifyRegistration(response, {
          sessionDataId: ceremony.sessionDataId,
          userId: user.id,
          kind: "passkey",
        });
        expect({ tweaks, result }).toMatchObject({ tweaks, result: { ok: false, reason } });
        expect(await webauthnSessionDataStore(db.kysely).byId(ceremony.sessionDataId)).toBeUndefined();
      }
      expect(await credentials().ofUser(user.id)).toEqual([]);
    });

    test("UV required by passkey.user_verification; another user's ceremony; an authentication challenge", async () => {
      const user = await newUser("reg4");
      const strict = service(configWith({ passkey: { user_verification: "required" } }));
      let ceremony = await strict.generateCreationOptions({ id: user.id, username: "reg4" }, "passkey");
      let response = new SoftwareAuthenticator({ userVerified: false }).create(ceremony.options, ORIGIN);
      expect(
        await strict.verifyRegistration(response, { sessionDataId: ceremony.sessionDataId, userId: user.id, kind: "passkey" }),
      ).toMatchObject({
        reason: "user_not_verified",
      });

      ceremony = await service().generateCreationOptions({ id: user.id, username: "reg4" }, "passkey");
      response = new SoftwareAuthenticator().create(ceremony.options, ORIGIN);
      const other = await newUser("reg4other");
      expect(
        await service().verifyRegistration(response, { sessionDataId: ceremony.sessionDataId, userId: other.id, kind: "passkey" }),
      ).toMatchObject({
        reason: "user_mismatch",
      });

      const login = await service().generateRequestOptions("passkey");
      response = new SoftwareAuthenticator().create(
        { ...ceremony.options.publicKey, challenge: login.options.publicKey.challenge },
        ORIGIN,
      );
      expect(
        await service().verifyRegistration(response, { sessionDataId: login.sessionDataId, userId: user.id, kind: "passkey" }),
      ).toMatchObject({
        reason: "wrong_operation",
      });
    });

    test("an already stored credential id is refused", async () => {
      const user = await newUser("reg5");
      const ceremony = await service().generateCreationOptions({ id: user.id, username: "reg5" }, "passkey");
      const response = new SoftwareAuthenticator().create(ceremony.options, ORIGIN);
      const credential = unwrap(
        await service().verifyRegistration(response, { sessionDataId: ceremony.sessionDataId, userId: user.id, kind: "passkey" }),
      );
      await credentials().create(credential);
      // A second ceremony whose challenge is bound to the same (already stored) credential id.
      const again = await service().generateCreationOptions({ id: user.id, username: "reg5" }, "passkey");
      await db.kysely
        .updateTable("webauthn_session_data")
        .set({ challenge: ceremony.options.publicKey.challenge })
        .where("id", "=", again.sessionDataId)
        .execute();
      expect(
        await service().verifyRegistration(response, { sessionDataId: again.sessionDataId, userId: user.id, kind: "passkey" }),
      ).toMatchObject({
        reason: "credential_already_exists",
      });
    });
  });

  describe("authentication", () => {
    test("discoverable login (conditional UI): user from the credential, sign count, backup state and last use updated", async () => {
      const user = await newUser("auth1");
      const { credential, authenticator } = await register(user.id);
      const ceremony = await service().generateRequestOptions("passkey");
      expect(ceremony.options.publicKey.allowCredentials).toBeUndefined();
      expect(await webauthnSessionDataStore(db.kysely).byId(ceremony.sessionDataId)).toMatchObject({
        userId: NIL_UUID,
        operation: "authentication",
        userVerification: "preferred",
        allowedCredentialIds: [],
      });
      tick(5000);
      const response = authenticator.get(ceremony.options, ORIGIN, { backupState: false });
      expect(response.response.userHandle).toBe(toBase64Url(uuidToBytes(user.id)));
      const verified = unwrap(await service().verifyAssertion(response, { sessionDataId: ceremony.sessionDataId }));
      expect(verified).toEqual({
        userId: user.id,
        credentialId: credential.id,
        mfaOnly: false,
        signCount: 1,
        backupEligible: true,
        backupState: false,
        userVerified: true,
      });
      const after = await row(credential.id);
      expect(after).toMatchObject({ sign_count: 1, backup_state: false, backup_eligible: true });
      expect(after.last_used_at?.toISOString()).toBe(clock.toISOString());
      expect(after.updated_at.toISOString()).toBe(clock.toISOString());
      expect(await webauthnSessionDataStore(db.kysely).byId(ceremony.sessionDataId)).toBeUndefined();
    });

    test("login restricted to a known user's credentials; the response may come as JSON text", async () => {
      const user = await newUser("auth2");
      const { credential, authenticator } = await register(user.id);
      const ceremony = await service().generateRequestOptions("passkey", { id: user.id, credentials: await credentials().ofUser(user.id) });
      expect(ceremony.options.publicKey.allowCredentials).toEqual([
        { type: "public-key", id: credential.id, transports: ["hybrid", "internal"] },
      ]);
      expect(await webauthnSessionDataStore(db.kysely).byId(ceremony.sessionDataId)).toMatchObject({
        userId: user.id,
        allowedCredentialIds: [credential.id],
      });
      tick();
      const response = authenticator.get(ceremony.options, ORIGIN);
      const verified = unwrap(await service().verifyAssertion(JSON.stringify(response), { sessionDataId: ceremony.sessionDataId }));
      expect(verified).toMatchObject({ userId: user.id, signCount: 1 });
      expect((await row(credential.id)).last_used_at?.toISOString()).toBe(clock.toISOString());
    });

    test("a credential of another user is refused in a user-bound ceremony", async () => {
      const alice = await newUser("auth3a");
      const bob = await newUser("auth3b");
      const { credential: aliceKey } = await register(alice.id);
      const { authenticator: bobAuthenticator, credential: bobKey } = await register(bob.id);
      const ceremony = await service().generateRequestOptions("passkey", { id: alice.id, credentials: [aliceKey] });
      const response = bobAuthenticator.get({ ...ceremony.options.publicKey, allowCredentials: [] }, ORIGIN, { credentialId: bobKey.id });
      expect(await service().verifyAssertion(response, { sessionDataId: ceremony.sessionDataId })).toMatchObject({
        ok: false,
        reason: "user_mismatch",
      });
      expect((await row(bobKey.id)).sign_count).toBe(0);
    });

    test("security keys: refused for passkey login (mfa_only), accepted in MFA mode", async () => {
      const user = await newUser("auth4");
      const { credential: passkey } = await register(user.id);
      const { credential: key, authenticator } = await register(
        user.id,
        "security_key",
        new SoftwareAuthenticator({ transports: ["usb"] }),
      );
      expect(key.mfaOnly).toBe(true);

      const login = await service().generateRequestOptions("passkey");
      const attempt = authenticator.get(login.options, ORIGIN, { credentialId: key.id });
      expect(await service().verifyAssertion(attempt, { sessionDataId: login.sessionDataId })).toMatchObject({
        ok: false,
        reason: "mfa_only",
      });

      const mfa = await service().generateRequestOptions("security_key", { id: user.id, credentials: await credentials().ofUser(user.id) });
      expect(mfa.options.publicKey.userVerification).toBe("discouraged");
      expect(mfa.options.publicKey.allowCredentials?.map((c) => c.id).toSorted()).toEqual([passkey.id, key.id].toSorted());
      const response = authenticator.get(mfa.options, ORIGIN, { userVerified: false });
      expect(response.response.userHandle).toBeNull();
      expect(unwrap(await service().verifyAssertion(response, { sessionDataId: mfa.sessionDataId, mfa: true }))).toMatchObject({
        userId: user.id,
        credentialId: key.id,
        mfaOnly: true,
        userVerified: false,
      });
    });

    test("each hostile assertion is refused and changes nothing", async () => {
      const user = await newUser("auth5");
      const { credential, authenticator } = await register(user.id);
      // Two good logins so the stored counter is 2.
      let ceremony = await service().generateRequestOptions("passkey");
      unwrap(await service().verifyAssertion(authenticator.get(ceremony.options, ORIGIN), { sessionDataId: ceremony.sessionDataId }));
      ceremony = await service().generateRequestOptions("passkey");
      unwrap(await service().verifyAssertion(authenticator.get(ceremony.options, ORIGIN), { sessionDataId: ceremony.sessionDataId }));
      const before = await row(credential.id);
      expect(before.sign_count).toBe(2);
      tick(60_000);

      const cases: [CeremonyTweaks, string][] = [
        [{ origin: "https://evil.example" }, "origin_mismatch"],
        [{ origin: "http://example.com" }, "origin_mismatch"],
        [{ rpIdForHash: "evil.example" }, "rp_id_mismatch"],
        [{ tamperClientData: true }, "signature_invalid"],
        [{ tamperSignature: true }, "signature_invalid"],
        [{ type: "webauthn.create" }, "wrong_type"],
        [{ challenge: "c29tZXRoaW5nLWVsc2U" }, "challenge_mismatch"],
        [{ userPresent: false }, "user_not_present"],
        [{ omitUserHandle: true }, "user_handle_missing"],
        [{ userHandle: toBase64Url(uuidToBytes(crypto.randomUUID())) }, "user_handle_mismatch"],
        [{ counter: before.sign_count }, "sign_count_invalid"],
        [{ counter: before.sign_count - 1 }, "sign_count_invalid"],
      ];
      for (const [tweaks, reason] of cases) {
        ceremony = await service().generateRequestOptions("passkey");
        const response = authenticator.get(ceremony.options, ORIGIN, tweaks);
        const result = await service().verifyAssertion(response, { sessionDataId: ceremony.sessionDataId });
        expect({ tweaks, result }).toMatchObject({ tweaks, result: { ok: false, reason } });
      }

      // UV required by the configuration but not performed.
      const strict = service(configWith({ passkey: { user_verification: "required" } }));
      ceremony = await strict.generateRequestOptions("passkey");
      expect(
        await strict.verifyAssertion(authenticator.get(ceremony.options, ORIGIN, { userVerified: false }), {
          sessionDataId: ceremony.sessionDataId,
        }),
      ).toMatchObject({
        reason: "user_not_verified",
      });

      // A credential the server does not know, and junk.
      ceremony = await service().generateRequestOptions("passkey");
      const stranger = new SoftwareAuthenticator();
      stranger.create(
        {
          rp: { name: "x", id: "example.com" },
          user: { id: "AQID", name: "x", displayName: "x" },
          challenge: "AA",
          pubKeyCredParams: [{ type: "public-key", alg: -7 }],
          authenticatorSelection: { residentKey: "required" },
        },
        ORIGIN,
      );
      expect(
        await service().verifyAssertion(stranger.get(ceremony.options, ORIGIN), { sessionDataId: ceremony.sessionDataId }),
      ).toMatchObject({
        reason: "unknown_credential",
      });
      for (const junk of ["{", { id: credential.id }, 17, null]) {
        ceremony = await service().generateRequestOptions("passkey");
        expect(await service().verifyAssertion(junk, { sessionDataId: ceremony.sessionDataId })).toMatchObject({
          reason: "malformed_response",
        });
      }

      const after = await row(credential.id);
      expect(after).toEqual(before);
    });

    test("Hanko's counter rule: only checked when both counters are non-zero (authenticators without counters work)", async () => {
      const user = await newUser("auth11");
      const { credential, authenticator } = await register(user.id);
      for (const counter of [0, 0, 5, 0]) {
        const ceremony = await service().generateRequestOptions("passkey");
        const verified = unwrap(
          await service().verifyAssertion(authenticator.get(ceremony.options, ORIGIN, { counter }), {
            sessionDataId: ceremony.sessionDataId,
          }),
        );
        expect(verified.signCount).toBe(counter);
        expect((await row(credential.id)).sign_count).toBe(counter);
      }
    });

    test("a challenge is single-use: a replayed response is refused, even with a fresh challenge", async () => {
      const user = await newUser("auth6");
      const { credential, authenticator } = await register(user.id);
      const ceremony = await service().generateRequestOptions("passkey");
      const response = authenticator.get(ceremony.options, ORIGIN);
      unwrap(await service().verifyAssertion(response, { sessionDataId: ceremony.sessionDataId }));
      const before = await row(credential.id);
      tick();
      expect(await service().verifyAssertion(authenticator.replay(), { sessionDataId: ceremony.sessionDataId })).toMatchObject({
        ok: false,
        reason: "challenge_unknown",
      });
      const fresh = await service().generateRequestOptions("passkey");
      expect(await service().verifyAssertion(response, { sessionDataId: fresh.sessionDataId })).toMatchObject({
        ok: false,
        reason: "challenge_mismatch",
      });
      expect(await row(credential.id)).toEqual(before);
    });

    test("concurrent verifications of one challenge: exactly one wins", async () => {
      const user = await newUser("auth7");
      const { authenticator } = await register(user.id);
      const ceremony = await service().generateRequestOptions("passkey");
      const response = authenticator.get(ceremony.options, ORIGIN);
      const results = await Promise.all(
        [1, 2, 3].map(() => service().verifyAssertion(response, { sessionDataId: ceremony.sessionDataId })),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.reason)).toEqual(["challenge_unknown", "challenge_unknown"]);
    });

    test("a response to another flow's challenge is refused; that other challenge stays usable", async () => {
      const user = await newUser("auth8");
      const { authenticator } = await register(user.id);
      const mine = await service().generateRequestOptions("passkey");
      const theirs = await service().generateRequestOptions("passkey");
      const forTheirs = authenticator.get(theirs.options, ORIGIN);
      expect(await service().verifyAssertion(forTheirs, { sessionDataId: mine.sessionDataId })).toMatchObject({
        ok: false,
        reason: "challenge_mismatch",
      });
      expect(await service().verifyAssertion(forTheirs, { sessionDataId: theirs.sessionDataId })).toMatchObject({ ok: true });
      // A registration challenge cannot be used for a login.
      const registration = await service().generateCreationOptions({ id: user.id, username: "auth8" }, "passkey");
      const forRegistration = authenticator.get({ challenge: registration.options.publicKey.challenge, rpId: "example.com" }, ORIGIN);
      expect(await service().verifyAssertion(forRegistration, { sessionDataId: registration.sessionDataId })).toMatchObject({
        reason: "wrong_operation",
      });
    });

    test("expired session data is refused and cleaned up", async () => {
      const user = await newUser("auth9");
      const { credential, authenticator } = await register(user.id);
      const short = service(
        configWith({ webauthn: { relying_party: { id: "example.com", origins: [ORIGIN] }, timeouts: { login: 30000 } } }),
      );
      const ceremony = await short.generateRequestOptions("passkey");
      expect(ceremony.options.publicKey.timeout).toBe(30000);
      const response = authenticator.get(ceremony.options, ORIGIN);
      const before = await row(credential.id);
      tick(30_001);
      expect(await short.verifyAssertion(response, { sessionDataId: ceremony.sessionDataId })).toMatchObject({
        ok: false,
        reason: "challenge_expired",
      });
      expect(await row(credential.id)).toEqual(before);

      const stale = await short.generateRequestOptions("passkey");
      const live = await service().generateRequestOptions("passkey");
      tick(30_001);
      expect(await short.deleteExpiredSessionData()).toBeGreaterThanOrEqual(1);
      const remaining = (await sessionRows()).map((r) => r.id);
      expect(remaining).not.toContain(stale.sessionDataId);
      expect(remaining).toContain(live.sessionDataId);
    });

    test("an imported credential answers to its custom user handle", async () => {
      const user = await newUser("auth10");
      const { credential, authenticator } = await register(user.id);
      const handleId = crypto.randomUUID();
      await db.kysely
        .insertInto("webauthn_credential_user_handles")
        .values({ id: handleId, user_id: user.id, handle: `imported-${handleId}`, created_at: clock, updated_at: clock })
        .execute();
      await db.kysely.updateTable("webauthn_credentials").set({ user_handle_id: handleId }).where("id", "=", credential.id).execute();

      let ceremony = await service().generateRequestOptions("passkey");
      expect(
        await service().verifyAssertion(authenticator.get(ceremony.options, ORIGIN), { sessionDataId: ceremony.sessionDataId }),
      ).toMatchObject({
        reason: "user_handle_mismatch",
      });
      ceremony = await service().generateRequestOptions("passkey");
      const custom = toBase64Url(new TextEncoder().encode(`imported-${handleId}`));
      const verified = unwrap(
        await service().verifyAssertion(authenticator.get(ceremony.options, ORIGIN, { userHandle: custom }), {
          sessionDataId: ceremony.sessionDataId,
        }),
      );
      expect(verified.userId).toBe(user.id);
    });
  });

  describe("session data store", () => {
    test("create, take once, allow-list removed with it", async () => {
      const store = webauthnSessionDataStore(db.kysely, { now });
      const created = await store.create({
        challenge: "c3RvcmUtdGVzdA",
        userId: NIL_UUID,
        userVerification: "required",
        operation: "authentication",
        expiresAt: null,
        allowedCredentialIds: ["AQIDBA", "BQYHCA"],
      });
      const sorted = { ...created, allowedCredentialIds: created.allowedCredentialIds.toSorted() };
      const read = await store.byId(created.id);
      expect(read && { ...read, allowedCredentialIds: read.allowedCredentialIds.toSorted() }).toEqual(sorted);
      const taken = await store.take(created.id);
      expect(taken && { ...taken, allowedCredentialIds: taken.allowedCredentialIds.toSorted() }).toEqual(sorted);
      expect(await store.take(created.id)).toBeUndefined();
      const orphans = await db.kysely
        .selectFrom("webauthn_session_data_allowed_credentials")
        .selectAll()
        .where("webauthn_session_data_id", "=", created.id)
        .execute();
      expect(orphans).toEqual([]);
    });
  });
});
