import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Secret, TOTP } from "otpauth";
import type { EmittedEvent } from "../../../src/events/events.ts";
import { otpSecretStore } from "../../../src/store/otp-secrets.ts";
import { passwordStore } from "../../../src/store/passwords.ts";
import { userStore } from "../../../src/store/users.ts";
import { userViews } from "../../../src/store/user-views.ts";
import { webauthnCredentialStore } from "../../../src/store/webauthn-credentials.ts";
import { testDatabases } from "../../support/databases.ts";
import { FlowClient, type FlowStack, ORIGIN, startFlowStack } from "../../support/flow-stack.ts";
import { passcodeFrom } from "../../support/mail-catcher.ts";
import { SoftwareAuthenticator } from "../../support/software-authenticator.ts";

const USER_AGENT = "audit-log-test/1.0 (flows)";
const CLIENT_IP = "127.0.0.1";
const NIL_UUID = "00000000-0000-0000-0000-000000000000";

/** An audit entry as the tests compare it: what Hanko's record says besides the request it came from. */
interface Entry {
  type: string;
  actor_user_id: string | null;
  actor_email: string | null;
  details: Record<string, unknown> | null;
  error: string | null;
}

const byContent = (a: Entry, b: Entry) => JSON.stringify(a).localeCompare(JSON.stringify(b));

async function auditedStack(
  database: Parameters<typeof startFlowStack>[0],
  auditLog: Record<string, unknown>,
  privacy: Record<string, unknown> = {},
): Promise<FlowStack> {
  return startFlowStack(database, {
    audit_log: auditLog,
    privacy,
    password: { enabled: true, optional: true },
    username: { enabled: true, acquire_on_login: false },
    email: { acquire_on_login: true },
    account: { allow_deletion: true },
  });
}

/** Helpers over one stack: clients that send a known User-Agent, and the entries a response's request wrote. */
function helpers(stack: () => FlowStack) {
  const client = (flow: "login" | "registration" | "profile", headers: Record<string, string> = {}) =>
    new FlowClient(stack().api.url, flow, { "User-Agent": USER_AGENT, ...headers });

  const rowsOf = (requestId: string) =>
    stack().db.kysely.selectFrom("audit_logs").selectAll().where("meta_http_request_id", "=", requestId).execute();

  /**
   * The entries the request behind `response` wrote, in the order written: each stored row carries the
   * response's `X-Request-Id`, the client's IP and User-Agent, and the console has the same entries.
   */
  async function entriesOf(response: Response): Promise<Entry[]> {
    const requestId = response.headers.get("x-request-id");
    expect(requestId).toBeTruthy();
    const rows = await rowsOf(requestId!);
    for (const row of rows) {
      expect(row.meta_source_ip).toBe(CLIENT_IP);
      expect(row.meta_user_agent).toBe(USER_AGENT);
      expect(row.created_at).toEqual(row.updated_at);
    }
    const lines = stack()
      .auditLines.map((line) => JSON.parse(line) as Record<string, any>)
      .filter((line) => line.http_request_id === requestId);
    for (const line of lines) {
      expect(line).toMatchObject({ audience: "audit", source_ip: CLIENT_IP, user_agent: USER_AGENT });
      // Hanko's line always has an error, empty when there was none.
      expect(typeof line.error).toBe("string");
      expect(typeof line.time).toBe("string");
      expect(line.time_unix).toMatch(/^\d+$/);
    }
    const stored: Entry[] = rows.map((row) => ({
      type: row.type,
      actor_user_id: row.actor_user_id,
      actor_email: row.actor_email,
      details: row.details === null ? null : (JSON.parse(row.details) as Record<string, unknown>),
      error: row.error,
    }));
    const printed: Entry[] = lines.map((line) => ({
      type: line.type,
      actor_user_id: line.user_id ?? null,
      actor_email: line.user_email ?? null,
      details: line.details,
      error: line.error === "" ? null : line.error,
    }));
    expect([...stored].sort(byContent)).toEqual([...printed].sort(byContent));
    return printed;
  }

  const code = async (address: string) => passcodeFrom(await stack().mail.waitForMail(address));

  /** A user with a verified address, signed in; returns a profile client standing at profile_init. */
  async function signedIn(address: string): Promise<{ userId: string; token: string; profile: FlowClient }> {
    const user = await userStore(stack().db.kysely).create({ email: { address, verified: true } });
    const issued = await stack().deps.runtime.sessions.issue(user.id);
    const profile = client("profile", { Authorization: `Bearer ${issued.token}` });
    await profile.start();
    await profile.capabilities();
    return { userId: user.id, token: issued.token, profile };
  }

  /** A login flow for a browser without WebAuthn, past the identifier. */
  async function loginWith(identifier: string): Promise<FlowClient> {
    const flow = client("login");
    await flow.start();
    await flow.run("register_client_capabilities", { webauthn_available: false });
    await flow.run("continue_with_login_identifier", { identifier });
    return flow;
  }

  /** A login refused at an identifier nobody has: its flow id and the entries the refusal wrote. */
  async function refusedIdentifier(identifier: string): Promise<{ flowId: string; entries: Entry[] }> {
    const flow = client("login");
    await flow.start();
    await flow.run("register_client_capabilities", { webauthn_available: false });
    expect((await flow.run("continue_with_login_identifier", { identifier })).status).toBe(400);
    return { flowId: flow.flowId, entries: await entriesOf(flow.response) };
  }

  return { client, rowsOf, entriesOf, code, signedIn, loginWith, refusedIdentifier };
}

describe.each(await testDatabases())("audit logs written by the flows on $family", (database) => {
  let stack: FlowStack;
  beforeAll(async () => {
    stack = await auditedStack(database, { storage: { enabled: true } });
  });
  afterAll(() => stack.close());
  const { client, rowsOf, entriesOf, code, signedIn, loginWith, refusedIdentifier } = helpers(() => stack);

  test("sign-up writes one user_created naming what was enrolled, with the actor's masked address", async () => {
    const authenticator = new SoftwareAuthenticator();
    const flow = client("registration");
    await flow.start();
    const flowId = flow.flowId;
    await flow.capabilities();
    await flow.run("register_login_identifier", { email: "ada.lovelace@example.com", username: "ada_lovelace" });
    await flow.run("verify_passcode", { code: await code("ada.lovelace@example.com") });
    expect(await entriesOf(flow.response)).toEqual([]);
    await flow.run("webauthn_generate_creation_options");
    await flow.run("webauthn_verify_attestation_response", {
      public_key: authenticator.create(flow.body.payload!.creation_options, ORIGIN),
    });
    const success = await flow.run("register_password", { new_password: "analytical engine" });
    expect(success.name).toBe("success");
    const user = await userViews(stack.db.kysely).byEmail("ada.lovelace@example.com");
    const [passkey] = await webauthnCredentialStore(stack.db.kysely).ofUser(user!.id);
    expect(await entriesOf(flow.response)).toEqual([
      {
        type: "user_created",
        actor_user_id: user!.id,
        actor_email: "ada*********@example.com",
        details: { flow_id: flowId, passkey: passkey!.id, password: true, username: "a**********e" },
        error: null,
      },
    ]);
  });

  test("a wrong passcode at sign-in is a login_failure with Hanko's error text; the third locks it; the right one a login_success", async () => {
    const user = await userStore(stack.db.kysely).create({ email: { address: "grace.hopper@example.com", verified: true } });
    const flow = await loginWith("grace.hopper@example.com");
    const flowId = flow.flowId;
    await flow.run("continue_to_passcode_confirmation");
    await code("grace.hopper@example.com");
    const failure = (error: string): Entry => ({
      type: "login_failure",
      actor_user_id: user.id,
      actor_email: "gra*********@example.com",
      details: { flow_id: flowId, login_method: "passcode" },
      error,
    });
    await flow.run("verify_passcode", { code: "000000" });
    expect(await entriesOf(flow.response)).toEqual([failure("passcode invalid")]);
    await flow.run("verify_passcode", { code: "000000" });
    await flow.run("verify_passcode", { code: "000000" });
    expect(flow.body.error?.code).toBe("passcode_max_attempts_reached");
    expect(await entriesOf(flow.response)).toEqual([failure("the passcode was entered wrong too many times")]);
    await flow.run("resend_passcode");
    const success = await flow.run("verify_passcode", { code: await code("grace.hopper@example.com") });
    expect(success.name).toBe("success");
    // A passcode sign-in implies the address is verified: no email_verified besides the login.
    expect(await entriesOf(flow.response)).toEqual([
      {
        type: "login_success",
        actor_user_id: user.id,
        actor_email: "gra*********@example.com",
        details: { flow_id: flowId, login_method: "passcode" },
        error: null,
      },
    ]);
  });

  test("a wrong passcode for an address without an account names the nil UUID as actor", async () => {
    const flow = await loginWith("nobody.home@example.com");
    const flowId = flow.flowId;
    await flow.run("continue_to_passcode_confirmation");
    await stack.mail.waitForMail("nobody.home@example.com");
    await flow.run("verify_passcode", { code: "123456" });
    expect(await entriesOf(flow.response)).toEqual([
      {
        type: "login_failure",
        actor_user_id: NIL_UUID,
        actor_email: null,
        details: { flow_id: flowId, login_method: "passcode" },
        error: "passcode invalid",
      },
    ]);
  });

  test("a wrong password is a login_failure with Hanko's error text, an unknown address none; the right one a login_success", async () => {
    const user = await userStore(stack.db.kysely).create({ email: { address: "alan.turing@example.com", verified: true } });
    await passwordStore(stack.db.kysely).set(user.id, await Bun.password.hash("enigma machine", { algorithm: "argon2id" }));
    const flow = await loginWith("alan.turing@example.com");
    const flowId = flow.flowId;
    await flow.run("continue_to_password_login");
    await flow.run("password_login", { password: "bombe machine" });
    expect(await entriesOf(flow.response)).toEqual([
      {
        type: "login_failure",
        actor_user_id: user.id,
        actor_email: "ala********@example.com",
        details: { flow_id: flowId, login_method: "password" },
        error: "password invalid",
      },
    ]);
    expect((await flow.run("password_login", { password: "enigma machine" })).name).toBe("success");
    expect(await entriesOf(flow.response)).toEqual([
      {
        type: "login_success",
        actor_user_id: user.id,
        actor_email: "ala********@example.com",
        details: { flow_id: flowId, login_method: "password" },
        error: null,
      },
    ]);

    const unknown = await loginWith("no.such.user@example.com");
    await unknown.run("continue_to_password_login");
    expect((await unknown.run("password_login", { password: "anything at all" })).status).toBe(400);
    expect(await entriesOf(unknown.response)).toEqual([]);
  });

  test("password recovery writes email_verified for the passcode, then password_changed and login_success", async () => {
    const user = await userStore(stack.db.kysely).create({ email: { address: "katherine.j@example.com", verified: true } });
    await passwordStore(stack.db.kysely).set(user.id, await Bun.password.hash("forgotten", { algorithm: "argon2id" }));
    const flow = await loginWith("katherine.j@example.com");
    const flowId = flow.flowId;
    await flow.run("continue_to_password_login");
    await flow.run("continue_to_passcode_confirmation_recovery");
    const recovery = await flow.run("verify_passcode", { code: await code("katherine.j@example.com") });
    expect(recovery.name).toBe("login_password_recovery");
    const actor = { actor_user_id: user.id, actor_email: "kat********@example.com", error: null };
    expect(await entriesOf(flow.response)).toEqual([
      { type: "email_verified", ...actor, details: { email: "kat********@example.com", flow_id: flowId } },
    ]);
    expect((await flow.run("password_recovery", { new_password: "remembered now" })).name).toBe("success");
    expect(await entriesOf(flow.response)).toEqual([
      { type: "password_changed", ...actor, details: { context: "recovery", flow_id: flowId } },
      { type: "login_success", ...actor, details: { flow_id: flowId, login_method: "password" } },
    ]);
  });

  test("a wrong authenticator app code writes nothing, as in Hanko; the right one adds mfa_method to login_success", async () => {
    const user = await userStore(stack.db.kysely).create({ email: { address: "mary.s@example.com", verified: true } });
    const secret = new Secret({ size: 20 }).base32;
    await otpSecretStore(stack.db.kysely).set(user.id, secret);
    const flow = await loginWith("mary.s@example.com");
    const flowId = flow.flowId;
    await flow.run("continue_to_passcode_confirmation");
    expect((await flow.run("verify_passcode", { code: await code("mary.s@example.com") })).name).toBe("login_otp");
    const wrong = await flow.run("otp_code_validate", { otp_code: "000000" });
    expect(wrong.status).toBe(400);
    expect(await entriesOf(flow.response)).toEqual([]);
    const totp = new TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(secret) });
    expect((await flow.run("otp_code_validate", { otp_code: totp.generate() })).name).toBe("success");
    expect(await entriesOf(flow.response)).toEqual([
      {
        type: "login_success",
        actor_user_id: user.id,
        actor_email: "m*****@example.com",
        details: { flow_id: flowId, login_method: "passcode", mfa_method: "totp" },
        error: null,
      },
    ]);
  });

  test("a security key set up in the profile is security_key_created, and confirming a sign-in with it is mfa_method security_key", async () => {
    const { profile, userId } = await signedIn("key.holder@example.com");
    const key = new SoftwareAuthenticator({ userVerified: false });
    await profile.run("security_key_create");
    await profile.run("webauthn_verify_attestation_response", { public_key: key.create(profile.body.payload!.creation_options, ORIGIN) });
    // The security notification about the new key, before the passcode the sign-in below waits for.
    await stack.mail.waitForMail("key.holder@example.com");
    const [credential] = await webauthnCredentialStore(stack.db.kysely).ofUser(userId);
    const actor = { actor_user_id: userId, actor_email: "key*******@example.com", error: null };
    expect(await entriesOf(profile.response)).toEqual([
      { type: "security_key_created", ...actor, details: { flow_id: profile.flowId, security_key: credential!.id } },
    ]);

    const flow = client("login");
    await flow.start();
    const flowId = flow.flowId;
    await flow.capabilities();
    await flow.run("continue_with_login_identifier", { identifier: "key.holder@example.com" });
    await flow.run("continue_to_passcode_confirmation");
    await flow.run("verify_passcode", { code: await code("key.holder@example.com") });
    const options = await flow.run("webauthn_generate_request_options");
    await flow.run("webauthn_verify_assertion_response", { assertion_response: key.get(options.payload!.request_options, ORIGIN) });
    expect(await entriesOf(flow.response)).toEqual([]);
    expect((await flow.run("skip")).name).toBe("success");
    expect(await entriesOf(flow.response)).toEqual([
      {
        type: "login_success",
        ...actor,
        details: { flow_id: flowId, login_method: "passcode", mfa_method: "security_key" },
      },
    ]);
  });

  test("a passkey signs in as login_method passkey", async () => {
    const { profile, userId } = await signedIn("passkey.user@example.com");
    const authenticator = new SoftwareAuthenticator();
    await profile.run("webauthn_credential_create");
    await profile.run("webauthn_verify_attestation_response", {
      public_key: authenticator.create(profile.body.payload!.creation_options, ORIGIN),
    });
    const flow = client("login");
    await flow.start();
    const flowId = flow.flowId;
    await flow.capabilities();
    await flow.run("webauthn_generate_request_options");
    const success = await flow.run("webauthn_verify_assertion_response", {
      assertion_response: authenticator.get(flow.body.payload!.request_options, ORIGIN),
    });
    expect(success.name).toBe("success");
    expect(await entriesOf(flow.response)).toEqual([
      {
        type: "login_success",
        actor_user_id: userId,
        actor_email: "pas*********@example.com",
        details: { flow_id: flowId, login_method: "passkey" },
        error: null,
      },
    ]);
  });

  test("a passkey assertion that fails is a login_failure without an actor, saying why", async () => {
    const { profile } = await signedIn("wrong.origin@example.com");
    const authenticator = new SoftwareAuthenticator();
    await profile.run("webauthn_credential_create");
    await profile.run("webauthn_verify_attestation_response", {
      public_key: authenticator.create(profile.body.payload!.creation_options, ORIGIN),
    });
    const flow = client("login");
    await flow.start();
    const flowId = flow.flowId;
    await flow.capabilities();
    await flow.run("webauthn_generate_request_options");
    const refused = await flow.run("webauthn_verify_assertion_response", {
      assertion_response: authenticator.get(flow.body.payload!.request_options, "https://evil.example"),
    });
    expect(refused.error?.code).toBe("passkey_invalid");
    const [entry, ...rest] = await entriesOf(flow.response);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      type: "login_failure",
      actor_user_id: null,
      actor_email: null,
      details: { flow_id: flowId, login_method: "passkey" },
    });
    expect(entry!.error).toMatch(/^.+: this passkey cannot be used anymore$/);
  });

  test("an unknown username is a login_failure without an actor, with the input error as its cause", async () => {
    const { flowId, entries } = await refusedIdentifier("nobody_here");
    expect(entries).toEqual([
      {
        type: "login_failure",
        actor_user_id: null,
        actor_email: null,
        details: { flow_id: flowId },
        error: "unknown_username_error - The username is unknown.",
      },
    ]);
  });

  test("an address added at sign-in is email_verified once its passcode is right; a wrong one counts as a passcode login_failure", async () => {
    const user = await userStore(stack.db.kysely).create({ username: "lin_onboard" });
    await passwordStore(stack.db.kysely).set(user.id, await Bun.password.hash("username only", { algorithm: "argon2id" }));
    const flow = await loginWith("lin_onboard");
    const flowId = flow.flowId;
    expect(flow.body.name).toBe("login_password");
    expect((await flow.run("password_login", { password: "username only" })).name).toBe("onboarding_email");
    await flow.run("email_address_set", { email: "new.address@example.com" });
    await flow.run("verify_passcode", { code: "000000" });
    expect(await entriesOf(flow.response)).toEqual([
      {
        type: "login_failure",
        actor_user_id: user.id,
        actor_email: null,
        details: { flow_id: flowId, login_method: "passcode" },
        error: "passcode invalid",
      },
    ]);
    const events: EmittedEvent[] = [];
    const unsubscribe = stack.deps.runtime.events.subscribe((event) => void events.push(event));
    try {
      expect((await flow.run("verify_passcode", { code: await code("new.address@example.com") })).name).toBe("success");
    } finally {
      unsubscribe();
    }
    // Hanko's login flow creates the address with the webhook alone; only the verification is audited.
    expect(events.map((e) => [e.webhook ?? null, e.audit ?? null])).toEqual([
      ["user.update.email.create", null],
      [null, "email_verified"],
      ["session.create.flow", null],
      ["user.login", "login_success"],
    ]);
    const actor = { actor_user_id: user.id, actor_email: "new********@example.com", error: null };
    expect(await entriesOf(flow.response)).toEqual([
      { type: "email_verified", ...actor, details: { email: "new********@example.com", flow_id: flowId } },
      { type: "login_success", ...actor, details: { flow_id: flowId, login_method: "password" } },
    ]);
  });

  test("the profile's address changes are email_verified, email_created, primary_email_changed and email_deleted", async () => {
    const { profile, userId } = await signedIn("first.address@example.com");
    const entry = (type: string, email: string, actorEmail: string): Entry => ({
      type,
      actor_user_id: userId,
      actor_email: actorEmail,
      details: { email, flow_id: profile.flowId },
      error: null,
    });
    await profile.run("email_create", { email: "second.address@example.com" });
    expect(await entriesOf(profile.response)).toEqual([]);
    await profile.run("verify_passcode", { code: await code("second.address@example.com") });
    expect(await entriesOf(profile.response)).toEqual([
      entry("email_verified", "sec***********@example.com", "fir**********@example.com"),
      entry("email_created", "sec***********@example.com", "fir**********@example.com"),
    ]);
    const emails = profile.body.payload!.user.emails as { id: string; address: string }[];
    const first = emails.find((e) => e.address === "first.address@example.com")!;
    const second = emails.find((e) => e.address === "second.address@example.com")!;
    await profile.run("email_set_primary", { email_id: second.id });
    expect(await entriesOf(profile.response)).toEqual([
      entry("primary_email_changed", "sec***********@example.com", "sec***********@example.com"),
    ]);
    await profile.run("email_delete", { email_id: first.id });
    expect(await entriesOf(profile.response)).toEqual([entry("email_deleted", "fir**********@example.com", "sec***********@example.com")]);

    await userStore(stack.db.kysely).insertEmail(userId, "third@example.com", false);
    await profile.run("patch_metadata", { patch_metadata: {} });
    const third = (profile.body.payload!.user.emails as { id: string; address: string }[]).find((e) => e.address === "third@example.com")!;
    await profile.run("email_verify", { email_id: third.id });
    await profile.run("verify_passcode", { code: await code("third@example.com") });
    expect(await entriesOf(profile.response)).toEqual([entry("email_verified", "t*****@example.com", "sec***********@example.com")]);
  });

  test("the profile's username and password changes are username_changed, username_deleted, password_changed and password_deleted", async () => {
    const { profile, userId } = await signedIn("named.user@example.com");
    const entry = (type: string, details: Record<string, unknown>): Entry => ({
      type,
      actor_user_id: userId,
      actor_email: "nam*******@example.com",
      details: { flow_id: profile.flowId, ...details },
      error: null,
    });
    await profile.run("username_create", { username: "first_name" });
    expect(await entriesOf(profile.response)).toEqual([entry("username_changed", { username: "f********e" })]);
    await profile.run("username_update", { username: "abc" });
    expect(await entriesOf(profile.response)).toEqual([entry("username_changed", { username: "a****c" })]);
    await profile.run("username_delete");
    expect(await entriesOf(profile.response)).toEqual([entry("username_deleted", { username: "a****c" })]);
    await profile.run("password_create", { password: "a first password" });
    expect(await entriesOf(profile.response)).toEqual([entry("password_changed", { context: "profile" })]);
    await profile.run("password_update", { password: "a second password" });
    expect(await entriesOf(profile.response)).toEqual([entry("password_changed", { context: "profile" })]);
    await profile.run("password_delete");
    expect(await entriesOf(profile.response)).toEqual([entry("password_deleted", {})]);
  });

  test("the profile's passkey and authenticator app changes are passkey_created, passkey_deleted and otp_created", async () => {
    const { profile, userId } = await signedIn("gadgets@example.com");
    const entry = (type: string, details: Record<string, unknown>): Entry => ({
      type,
      actor_user_id: userId,
      actor_email: "gad****@example.com",
      details: { flow_id: profile.flowId, ...details },
      error: null,
    });
    await profile.run("webauthn_credential_create");
    expect(await entriesOf(profile.response)).toEqual([]);
    await profile.run("webauthn_verify_attestation_response", {
      public_key: new SoftwareAuthenticator().create(profile.body.payload!.creation_options, ORIGIN),
    });
    const [passkey] = await webauthnCredentialStore(stack.db.kysely).ofUser(userId);
    expect(await entriesOf(profile.response)).toEqual([entry("passkey_created", { passkey: passkey!.id })]);
    await profile.run("webauthn_credential_delete", { passkey_id: passkey!.id });
    expect(await entriesOf(profile.response)).toEqual([entry("passkey_deleted", { credential_id: passkey!.id })]);

    const setup = await profile.run("continue_to_otp_secret_creation");
    await profile.run("otp_code_verify", { otp_code: "000000" });
    expect(await entriesOf(profile.response)).toEqual([]);
    const totp = new TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(setup.payload!.otp_secret) });
    await profile.run("otp_code_verify", { otp_code: totp.generate() });
    const secret = await stack.db.kysely.selectFrom("otp_secrets").select("id").where("user_id", "=", userId).executeTakeFirstOrThrow();
    expect(await entriesOf(profile.response)).toEqual([entry("otp_created", { otp_secret: secret.id })]);
  });

  test("deleting the account is user_deleted, without an actor email as the user and their addresses are gone", async () => {
    const { profile, userId } = await signedIn("leaving@example.com");
    const flowId = profile.flowId;
    expect((await profile.run("account_delete")).name).toBe("account_deleted");
    expect(await entriesOf(profile.response)).toEqual([
      { type: "user_deleted", actor_user_id: userId, actor_email: null, details: { flow_id: flowId }, error: null },
    ]);
  });

  test("logging out is user_logged_out with the actor's address and no details", async () => {
    const { userId, token } = await signedIn("logout.user@example.com");
    const response = await fetch(`${stack.api.url}/logout`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "User-Agent": USER_AGENT },
    });
    expect(response.status).toBe(204);
    expect(await entriesOf(response)).toEqual([
      { type: "user_logged_out", actor_user_id: userId, actor_email: "log********@example.com", details: null, error: null },
    ]);
  });

  test("a step that fails technically is rolled back with its audit entry", async () => {
    const { profile, userId } = await signedIn("rolled.back@example.com");
    // A required listener after the writer fails the step once the entry is in its transaction.
    const unsubscribe = stack.deps.runtime.events.subscribe(
      (event) => {
        if (event.audit === "password_changed") throw new Error("a listener fails after the entry was written");
      },
      { required: true },
    );
    try {
      const failed = await profile.run("password_create", { password: "never stored" });
      expect(failed.error?.code).toBe("technical_error");
    } finally {
      unsubscribe();
    }
    expect(await rowsOf(profile.response.headers.get("x-request-id")!)).toEqual([]);
    expect(await passwordStore(stack.db.kysely).hashOf(userId)).toBeUndefined();
  });
});

describe.each(await testDatabases())("audit logs without masking on $family", (database) => {
  let stack: FlowStack;
  beforeAll(async () => {
    stack = await auditedStack(database, { storage: { enabled: true }, mask: false }, { show_account_existence_hints: true });
  });
  afterAll(() => stack.close());
  const { entriesOf, signedIn, refusedIdentifier } = helpers(() => stack);

  test("with account-existence hints on, an unknown address is a login_failure without an actor", async () => {
    const { flowId, entries } = await refusedIdentifier("nobody@example.com");
    expect(entries).toEqual([
      {
        type: "login_failure",
        actor_user_id: null,
        actor_email: null,
        details: { flow_id: flowId },
        error: "unknown_email_error - The email address is unknown.",
      },
    ]);
  });

  test("with audit_log.mask off, addresses and usernames are written in full", async () => {
    const { profile, userId } = await signedIn("plain.user@example.com");
    await profile.run("username_create", { username: "plain_name" });
    expect(await entriesOf(profile.response)).toEqual([
      {
        type: "username_changed",
        actor_user_id: userId,
        actor_email: "plain.user@example.com",
        details: { flow_id: profile.flowId, username: "plain_name" },
        error: null,
      },
    ]);
  });
});
