import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Secret, TOTP } from "otpauth";
import { otpSecretStore } from "../../../src/store/otp-secrets.ts";
import { passwordStore } from "../../../src/store/passwords.ts";
import { userMetadataStore } from "../../../src/store/user-metadata.ts";
import { userStore } from "../../../src/store/users.ts";
import { userViews } from "../../../src/store/user-views.ts";
import { webauthnCredentialStore } from "../../../src/store/webauthn-credentials.ts";
import { testCredential } from "../../support/credentials.ts";
import { testDatabases } from "../../support/databases.ts";
import { FlowClient, type FlowStack, ORIGIN, startFlowStack } from "../../support/flow-stack.ts";
import { passcodeFrom } from "../../support/mail-catcher.ts";
import { SoftwareAuthenticator } from "../../support/software-authenticator.ts";
import { rowCount } from "../../support/row-count.ts";

describe.each(await testDatabases())("the profile flow on $family", (database) => {
  let stack: FlowStack;
  beforeAll(async () => {
    stack = await startFlowStack(database, {
      password: { enabled: true, optional: true },
      username: { enabled: true },
      account: { allow_deletion: true },
      email: { limit: 3 },
    });
  });
  afterAll(() => stack.close());

  /** A user with a verified address, signed in; returns a profile client standing at profile_init. */
  async function signedIn(address: string): Promise<{ userId: string; token: string; sessionId: string; profile: FlowClient }> {
    const user = await userStore(stack.db.kysely).create({ email: { address, verified: true } });
    const issued = await stack.deps.runtime.sessions.issue(user.id);
    const profile = new FlowClient(stack.api.url, "profile", { Authorization: `Bearer ${issued.token}` });
    await profile.start();
    await profile.capabilities();
    return { userId: user.id, token: issued.token, sessionId: issued.sessionId, profile };
  }

  test("without a session every profile request is Hanko's 401 error result", async () => {
    const anonymous = new FlowClient(stack.api.url, "profile");
    expect(await anonymous.start()).toEqual({
      name: "error",
      status: 401,
      csrf_token: "",
      actions: {},
      error: { code: "unauthorized", message: "The session is invalid." },
      links: null,
    });
    expect(anonymous.response.headers.getSetCookie()[0]).toStartWith("hanko=; Path=/");
  });

  test("a revoked session gets the same 401 and no flow", async () => {
    const { token, sessionId } = await signedIn("revoked@example.com");
    await stack.deps.runtime.sessions.end(sessionId);
    const flows = async () => rowCount(stack.db.kysely, "flows");
    const before = await flows();
    const stale = new FlowClient(stack.api.url, "profile", { Authorization: `Bearer ${token}` });
    expect((await stale.start()).error?.code).toBe("unauthorized");
    expect(await flows()).toBe(before);
  });

  test("a linked third-party account is disconnected by its identity id", async () => {
    const { profile, userId } = await signedIn("linked@example.com");
    const identityId = crypto.randomUUID();
    const at = new Date();
    await stack.db.kysely
      .insertInto("identities")
      .values({
        id: identityId,
        provider_user_id: "gh-1",
        provider_id: "github",
        data: null,
        email_id: null,
        user_id: userId,
        created_at: at,
        updated_at: at,
      })
      .execute();
    const init = await profile.run("patch_metadata", { patch_metadata: {} });
    expect(init.payload!.user.identities).toEqual([{ id: "gh-1", provider: "GitHub", identity_id: identityId }]);
    expect(init.actions.disconnect_thirdparty_oauth_provider?.inputs).toEqual({});
    expect((await profile.run("disconnect_thirdparty_oauth_provider", { identity_id: crypto.randomUUID() })).status).toBe(400);
    const done = await profile.run("disconnect_thirdparty_oauth_provider", { identity_id: identityId });
    expect(done.payload!.user.identities).toBeUndefined();
  });

  test("profile_init shows the user, the current session, and always offers email_delete with its allowed values", async () => {
    const { profile, userId, sessionId } = await signedIn("hub@example.com");
    const init = profile.body;
    expect(init.name).toBe("profile_init");
    expect(init.payload!.user).toMatchObject({ id: userId, emails: [{ address: "hub@example.com", is_primary: true }] });
    expect(init.payload!.sessions).toEqual([expect.objectContaining({ id: sessionId, current: true })]);
    expect(init.actions.email_delete?.inputs.email_id).toMatchObject({ name: "email_id", type: "string", required: true, hidden: true });
    expect(init.actions.account_delete).toBeDefined();
    expect(init.actions.password_create).toBeDefined();
    expect(init.actions.password_delete).toBeUndefined();
    expect(init.actions.session_delete).toBeUndefined();
  });

  test("a second address is verified by passcode, made primary, and the first deleted", async () => {
    const { profile, userId } = await signedIn("first@example.com");
    const confirm = await profile.run("email_create", { email: "Second@Example.com" });
    expect(confirm.name).toBe("passcode_confirmation");
    const code = passcodeFrom(await stack.mail.waitForMail("second@example.com"));
    const back = await profile.run("verify_passcode", { code });
    expect(back.name).toBe("profile_init");
    const second = (back.payload!.user.emails as { id: string; address: string; is_verified: boolean }[]).find(
      (e) => e.address === "second@example.com",
    );
    expect(second?.is_verified).toBe(true);
    await profile.run("email_set_primary", { email_id: second!.id });
    const user = await userViews(stack.db.kysely).byId(userId);
    expect(user?.emails.find((e) => e.isPrimary)?.address).toBe("second@example.com");
    const first = user!.emails.find((e) => e.address === "first@example.com")!;
    expect(profile.body.actions.email_delete?.inputs.email_id.allowed_values).toEqual([{ value: first.id, name: "first@example.com" }]);
    await profile.run("email_delete", { email_id: first.id });
    expect((await userViews(stack.db.kysely).byId(userId))?.emails.map((e) => e.address)).toEqual(["second@example.com"]);
  });

  test("an address proved earlier in the flow vouches for no other: resending a passcode verifies nothing", async () => {
    const { profile, userId } = await signedIn("voucher@example.com");
    await profile.run("email_create", { email: "proved@example.com" });
    expect((await profile.run("verify_passcode", { code: passcodeFrom(await stack.mail.waitForMail("proved@example.com")) })).name).toBe(
      "profile_init",
    );

    expect((await profile.run("email_create", { email: "unproved@example.com" })).name).toBe("passcode_confirmation");
    expect((await profile.run("resend_passcode")).name).toBe("passcode_confirmation");
    expect(await userViews(stack.db.kysely).byEmail("unproved@example.com")).toBeUndefined();

    await userStore(stack.db.kysely).insertEmail(userId, "pending@example.com", false);
    await profile.run("back");
    const unverified = profile.body.payload!.user.emails.find((e: { address: string }) => e.address === "pending@example.com");
    expect((await profile.run("email_verify", { email_id: unverified.id })).name).toBe("passcode_confirmation");
    expect((await profile.run("resend_passcode")).name).toBe("passcode_confirmation");
    const emails = await stack.db.kysely.selectFrom("emails").select(["address", "verified"]).where("user_id", "=", userId).execute();
    expect(emails.find((e) => e.address === "pending@example.com")?.verified).toBeFalsy();
  });

  test("the primary address cannot be deleted, and an unknown one is refused", async () => {
    const { profile } = await signedIn("keeper@example.com");
    const primary = profile.body.payload!.user.emails[0].id;
    expect((await profile.run("email_delete", { email_id: primary })).status).toBe(403);
    expect((await profile.run("email_delete", { email_id: crypto.randomUUID() })).status).toBe(400);
  });

  test("email_create stops being offered at email.limit", async () => {
    const { profile, userId } = await signedIn("limit1@example.com");
    await userStore(stack.db.kysely).insertEmail(userId, "limit2@example.com", true);
    await userStore(stack.db.kysely).insertEmail(userId, "limit3@example.com", true);
    const refreshed = await profile.run("patch_metadata", { patch_metadata: { touched: true } });
    expect(refreshed.actions.email_create).toBeUndefined();
  });

  test("a username is created, changed and deleted", async () => {
    const { profile, userId } = await signedIn("named@example.com");
    await profile.run("username_create", { username: "First_Name" });
    expect((await userViews(stack.db.kysely).byId(userId))?.username?.username).toBe("first_name");
    const invalid = await profile.run("username_update", { username: "not valid" });
    expect(invalid.actions.username_update?.inputs.username.error.code).toBe("invalid_username_error");
    await profile.run("username_update", { username: "second_name" });
    expect((await userViews(stack.db.kysely).byId(userId))?.username?.username).toBe("second_name");
    await profile.run("username_delete");
    expect((await userViews(stack.db.kysely).byId(userId))?.username).toBeNull();
  });

  test("a password is created, changed and deleted, never shorter than the minimum", async () => {
    const { profile, userId } = await signedIn("secret@example.com");
    expect((await profile.run("password_create", { password: "short" })).actions.password_create?.inputs.password.error.code).toBe(
      "value_too_short_error",
    );
    await profile.run("password_create", { password: "a first password" });
    const first = await passwordStore(stack.db.kysely).hashOf(userId);
    expect(first).toStartWith("$argon2id$");
    await profile.run("password_update", { password: "a second password" });
    const second = await passwordStore(stack.db.kysely).hashOf(userId);
    expect(second).not.toBe(first);
    expect(await Bun.password.verify("a second password", second!)).toBe(true);
    await profile.run("password_delete");
    expect(await passwordStore(stack.db.kysely).hashOf(userId)).toBeUndefined();
  });

  test("a passkey is added with the authenticator, renamed and deleted", async () => {
    const { profile, userId } = await signedIn("keys@example.com");
    const verification = await profile.run("webauthn_credential_create");
    expect(verification.name).toBe("webauthn_credential_verification");
    const authenticator = new SoftwareAuthenticator();
    const back = await profile.run("webauthn_verify_attestation_response", {
      public_key: authenticator.create(verification.payload!.creation_options, ORIGIN),
    });
    expect(back.name).toBe("profile_init");
    expect(back.payload!.user.passkeys).toHaveLength(1);
    const id = back.payload!.user.passkeys[0].id as string;
    await profile.run("webauthn_credential_rename", { passkey_id: id, passkey_name: "Laptop" });
    expect((await webauthnCredentialStore(stack.db.kysely).ofUser(userId))[0]?.name).toBe("Laptop");
    expect((await profile.run("webauthn_credential_rename", { passkey_id: "unknown", passkey_name: "x" })).status).toBe(404);
    await profile.run("webauthn_credential_delete", { passkey_id: id });
    expect(await webauthnCredentialStore(stack.db.kysely).ofUser(userId)).toEqual([]);
  });

  test("an authenticator app is set up with a code from the shown secret, and removed again", async () => {
    const { profile, userId } = await signedIn("totp@example.com");
    const setup = await profile.run("continue_to_otp_secret_creation");
    expect(setup.name).toBe("mfa_otp_secret_creation");
    expect(setup.payload!.otp_secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.payload!.otp_image_source).toStartWith("data:image/png;base64,");
    const wrong = await profile.run("otp_code_verify", { otp_code: "000000" });
    expect(wrong.actions.otp_code_verify?.inputs.otp_code.error.code).toBe("passcode_invalid");
    expect(wrong.payload!.otp_secret).toBe(setup.payload!.otp_secret);
    const totp = new TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(setup.payload!.otp_secret) });
    const done = await profile.run("otp_code_verify", { otp_code: totp.generate() });
    expect(done.name).toBe("profile_init");
    expect(done.payload!.user.mfa_config.auth_app_set_up).toBe(true);
    expect(done.actions.continue_to_otp_secret_creation).toBeUndefined();
    await profile.run("otp_secret_delete");
    expect(await otpSecretStore(stack.db.kysely).existsFor(userId)).toBe(false);
  });

  test("a security key is added as an MFA-only credential and deleted", async () => {
    const { profile, userId } = await signedIn("securitykey@example.com");
    const verification = await profile.run("security_key_create");
    expect(verification.name).toBe("webauthn_credential_verification");
    expect(verification.payload!.creation_options.publicKey.authenticatorSelection).toMatchObject({
      residentKey: "discouraged",
      requireResidentKey: false,
    });
    const key = new SoftwareAuthenticator({ userVerified: false, backupEligible: false, backupState: false });
    const back = await profile.run("webauthn_verify_attestation_response", {
      public_key: key.create(verification.payload!.creation_options, ORIGIN),
    });
    expect(back.payload!.user.security_keys).toHaveLength(1);
    expect(back.payload!.user.passkeys).toBeUndefined();
    const id = back.payload!.user.security_keys[0].id as string;
    expect((await webauthnCredentialStore(stack.db.kysely).ofUser(userId))[0]?.mfa_only).toBe(true);
    await profile.run("security_key_delete", { security_key_id: id });
    expect(await webauthnCredentialStore(stack.db.kysely).ofUser(userId)).toEqual([]);
  });

  test("another session is listed and can be revoked; its token is refused from then on", async () => {
    const { profile, userId } = await signedIn("devices@example.com");
    const other = await stack.deps.runtime.sessions.issue(userId, {
      userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Chrome/120.0 Safari/537.36",
    });
    const init = await profile.run("patch_metadata", { patch_metadata: {} });
    expect(init.payload!.sessions).toContainEqual(
      expect.objectContaining({ id: other.sessionId, current: false, user_agent: "macOS (Chrome)" }),
    );
    expect(init.actions.session_delete?.inputs.session_id.allowed_values).toEqual([{ value: other.sessionId, name: other.sessionId }]);
    await profile.run("session_delete", { session_id: other.sessionId });
    expect((await fetch(`${stack.api.url}/me`, { headers: { Authorization: `Bearer ${other.token}` } })).status).toBe(401);
  });

  test("unsafe metadata takes merge patches, deletes keys given as null, and refuses what is not an object", async () => {
    const { profile, userId } = await signedIn("meta@example.com");
    await profile.run("patch_metadata", { patch_metadata: { theme: "dark", layout: { compact: true, font: "serif" } } });
    await profile.run("patch_metadata", { patch_metadata: { theme: null, layout: { font: "sans" } } });
    expect(JSON.parse((await userMetadataStore(stack.db.kysely).get(userId))!.unsafe!)).toEqual({
      layout: { compact: true, font: "sans" },
    });
    for (const bad of [[1, 2], "text", 42, null]) {
      const refused = await profile.run("patch_metadata", { patch_metadata: bad });
      expect(refused.status).toBe(400);
      expect(refused.actions.patch_metadata?.inputs.patch_metadata.error.code).toBe("invalid_metadata_error");
    }
    const tooLong = await profile.run("patch_metadata", { patch_metadata: { big: "x".repeat(3000) } });
    expect(tooLong.actions.patch_metadata?.inputs.patch_metadata.error.code).toBe("invalid_metadata_error");
    await profile.run("patch_metadata", { patch_metadata: "null" });
    expect((await userMetadataStore(stack.db.kysely).get(userId))!.unsafe).toBeNull();
  });

  test("each change is reported through the event seam with Hanko's webhook and audit-log names", async () => {
    const events: { webhook?: string; audit?: string; userId: string | null }[] = [];
    const unsubscribe = stack.deps.runtime.events.subscribe((event) => void events.push(event));
    try {
      const { profile, userId } = await signedIn("reported@example.com");
      await profile.run("username_create", { username: "reported" });
      await profile.run("password_create", { password: "a fine password" });
      await profile.run("password_update", { password: "a finer password" });
      expect(events.filter((e) => e.userId === userId).map((e) => [e.webhook ?? null, e.audit ?? null])).toEqual([
        ["user.update.username.create", "username_changed"],
        [null, "password_changed"],
        ["user.update.password.update", "password_changed"],
      ]);
    } finally {
      unsubscribe();
    }
  });

  test("deleting the account ends in account_deleted, clears the cookie, and removes the user", async () => {
    const { profile, userId, token } = await signedIn("leaving@example.com");
    const deleted = await profile.run("account_delete");
    expect(deleted).toMatchObject({ name: "account_deleted", status: 200, payload: {}, actions: {} });
    expect(profile.response.headers.getSetCookie()[0]).toStartWith("hanko=; Path=/");
    expect(await userViews(stack.db.kysely).byId(userId)).toBeUndefined();
    expect((await fetch(`${stack.api.url}/me`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(401);
  });
});

describe.each(await testDatabases())("two profile tabs on $family", (database) => {
  test("deleting the last two sign-in methods at once leaves the user with one", async () => {
    const stack = await startFlowStack(database, { password: { enabled: true, optional: true }, email: { use_for_authentication: false } });
    try {
      const user = await userStore(stack.db.kysely).create({ email: { address: "two.tabs@example.com", verified: true } });
      await passwordStore(stack.db.kysely).set(user.id, await Bun.password.hash("a password"));
      const credentialId = "dGFiLWtleQ";
      await webauthnCredentialStore(stack.db.kysely).create(testCredential(user.id, { id: credentialId }));
      const tabs = await Promise.all(
        [0, 1].map(async () => {
          const { token } = await stack.deps.runtime.sessions.issue(user.id);
          const tab = new FlowClient(stack.api.url, "profile", { Authorization: `Bearer ${token}` });
          await tab.start();
          await tab.capabilities();
          return tab;
        }),
      );
      expect(tabs[0]!.body.actions.password_delete).toBeDefined();
      expect(tabs[1]!.body.actions.webauthn_credential_delete).toBeDefined();
      const results = await Promise.all([
        tabs[0]!.run("password_delete"),
        tabs[1]!.run("webauthn_credential_delete", { passkey_id: credentialId }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 403]);
      const hasPassword = (await passwordStore(stack.db.kysely).hashOf(user.id)) !== undefined;
      const hasPasskey = (await webauthnCredentialStore(stack.db.kysely).ofUser(user.id)).length > 0;
      expect([hasPassword, hasPasskey].filter(Boolean)).toHaveLength(1);
    } finally {
      await stack.close();
    }
  });
});

describe.each(await testDatabases())("second factors at sign-in on $family", (database) => {
  test("a user who set up an authenticator app must give its code after the passcode, and it shows in amr", async () => {
    const stack = await startFlowStack(database, {});
    try {
      const user = await userStore(stack.db.kysely).create({ email: { address: "twofactor@example.com", verified: true } });
      const secret = new Secret({ size: 20 }).base32;
      await otpSecretStore(stack.db.kysely).set(user.id, secret);
      const flow = new FlowClient(stack.api.url, "login");
      await flow.start();
      await flow.run("register_client_capabilities", { webauthn_available: false });
      await flow.run("continue_with_login_identifier", { email: "twofactor@example.com" });
      const otp = await flow.run("verify_passcode", { code: passcodeFrom(await stack.mail.waitForMail("twofactor@example.com")) });
      expect(otp.name).toBe("login_otp");
      expect(otp.actions.otp_code_validate?.inputs.otp_code).toEqual({ name: "otp_code", type: "string", required: true });
      const wrong = await flow.run("otp_code_validate", { otp_code: "000000" });
      expect(wrong.actions.otp_code_validate?.inputs.otp_code.error.code).toBe("passcode_invalid");
      const totp = new TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(secret) });
      const success = await flow.run("otp_code_validate", { otp_code: totp.generate() });
      expect(success.name).toBe("success");
      expect(success.payload!.claims.amr).toEqual(["otp", "totp"]);
      expect(success.payload!.last_login).toEqual({ login_method: "passcode", mfa_method: "totp" });
    } finally {
      await stack.close();
    }
  });

  test("a user with a security key confirms with it after the passcode, and it shows in amr", async () => {
    const stack = await startFlowStack(database, {});
    try {
      const user = await userStore(stack.db.kysely).create({ email: { address: "key.holder@example.com", verified: true } });
      const { token } = await stack.deps.runtime.sessions.issue(user.id);
      const profile = new FlowClient(stack.api.url, "profile", { Authorization: `Bearer ${token}` });
      await profile.start();
      await profile.capabilities();
      const key = new SoftwareAuthenticator({ userVerified: false });
      await profile.run("security_key_create");
      await profile.run("webauthn_verify_attestation_response", { public_key: key.create(profile.body.payload!.creation_options, ORIGIN) });
      // The new second factor is announced first; the passcode comes after it.
      expect((await stack.mail.waitForMail("key.holder@example.com")).subject).toStartWith("Multi-factor authentication method added");

      const flow = new FlowClient(stack.api.url, "login");
      await flow.start();
      await flow.capabilities();
      await flow.run("continue_with_login_identifier", { email: "key.holder@example.com" });
      const second = await flow.run("verify_passcode", { code: passcodeFrom(await stack.mail.waitForMail("key.holder@example.com")) });
      expect(second.name).toBe("login_security_key");
      const options = await flow.run("webauthn_generate_request_options");
      expect(options.payload!.request_options.publicKey.allowCredentials).toHaveLength(1);
      const success = await flow.run("webauthn_verify_assertion_response", {
        assertion_response: key.get(options.payload!.request_options, ORIGIN),
      });
      expect(success.name).toBe("onboarding_create_passkey");
      const done = await flow.run("skip");
      expect(done.payload!.claims.amr).toEqual(["otp", "security_key"]);
    } finally {
      await stack.close();
    }
  });
});
