import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { passwordStore } from "../../../src/store/passwords.ts";
import { userStore } from "../../../src/store/users.ts";
import { userViews } from "../../../src/store/user-views.ts";
import { testDatabases } from "../../support/databases.ts";
import { FlowClient, type FlowStack, startFlowStack } from "../../support/flow-stack.ts";
import { passcodeFrom } from "../../support/mail-catcher.ts";

// Many users' sign-ins from one address: more password checks than rate_limiter.password_ip_limits allows one client.
const PASSWORDS_ON = { password: { enabled: true }, rate_limiter: { password_ip_limits: { tokens: 1000, interval: "15s" } } };

describe.each(await testDatabases())("passwords in the flows on $family", (database) => {
  let stack: FlowStack;
  const extra: FlowStack[] = [];
  beforeAll(async () => {
    stack = await startFlowStack(database, PASSWORDS_ON);
  });
  afterAll(() => stack.close());
  afterEach(async () => {
    for (const s of extra.splice(0)) await s.close();
  });

  async function userWithPassword(address: string, password: string, hash?: string): Promise<string> {
    const user = await userStore(stack.db.kysely).create({ email: { address, verified: true } });
    await passwordStore(stack.db.kysely).set(
      user.id,
      hash ?? (await Bun.password.hash(password, { algorithm: "argon2id", memoryCost: 19456, timeCost: 2 })),
    );
    return user.id;
  }

  async function toPasswordLogin(s: FlowStack, address: string): Promise<FlowClient> {
    const flow = new FlowClient(s.api.url, "login");
    await flow.start();
    await flow.run("register_client_capabilities", { webauthn_available: false });
    const chooser = await flow.run("continue_with_login_identifier", { email: address });
    expect(chooser.name).toBe("login_method_chooser");
    expect(Object.keys(chooser.actions).sort()).toEqual(["back", "continue_to_passcode_confirmation", "continue_to_password_login"]);
    await flow.run("continue_to_password_login");
    return flow;
  }

  test("sign-up with Hanko's defaults asks for a password (not skippable), then offers a passkey", async () => {
    const flow = new FlowClient(stack.api.url, "registration");
    await flow.start();
    await flow.capabilities();
    await flow.run("register_login_identifier", { email: "pw-signup@example.com" });
    const creation = await flow.run("verify_passcode", { code: passcodeFrom(await stack.mail.waitForMail("pw-signup@example.com")) });
    expect(creation.name).toBe("password_creation");
    expect(creation.actions.skip).toBeUndefined();
    expect(creation.actions.register_password?.inputs.new_password).toEqual({
      name: "new_password",
      type: "password",
      min_length: 8,
      required: true,
    });
    const short = await flow.run("register_password", { new_password: "short" });
    expect(short.actions.register_password?.inputs.new_password.error.code).toBe("value_too_short_error");
    const tooLong = await flow.run("register_password", { new_password: "ü".repeat(40) });
    expect(tooLong.actions.register_password?.inputs.new_password.error.code).toBe("value_too_long_error");
    const passkey = await flow.run("register_password", { new_password: "a fine password" });
    expect(passkey.name).toBe("onboarding_create_passkey");
    const success = await flow.run("skip");
    expect(success.name).toBe("success");
    expect(success.payload!.claims.amr).toEqual(["otp", "pwd"]);
    const user = await userViews(stack.db.kysely).byEmail("pw-signup@example.com");
    expect(await passwordStore(stack.db.kysely).hashOf(user!.id)).toStartWith("$argon2id$v=19$m=19456,t=2,p=1$");
  });

  test("a user signs in with the password; a wrong one is an input error", async () => {
    await userWithPassword("pw-login@example.com", "the right password");
    const flow = await toPasswordLogin(stack, "pw-login@example.com");
    const wrong = await flow.run("password_login", { password: "the wrong password" });
    expect(wrong).toMatchObject({ name: "login_password", status: 400, error: { code: "form_data_invalid_error" } });
    expect(wrong.actions.password_login?.inputs.password.error).toEqual({ code: "value_invalid_error", message: "The value is invalid." });
    const success = await flow.run("password_login", { password: "the right password" });
    expect(success.name).toBe("success");
    expect(success.payload!.last_login).toEqual({ login_method: "password" });
    expect(success.payload!.claims.amr).toEqual(["pwd"]);
  });

  test("an unknown address fails at the password exactly as a wrong password does", async () => {
    const flow = await toPasswordLogin(stack, "nobody-here@example.com");
    const refused = await flow.run("password_login", { password: "anything at all" });
    expect(refused).toMatchObject({ name: "login_password", status: 400 });
    expect(refused.actions.password_login?.inputs.password.error.code).toBe("value_invalid_error");
  });

  test("a bcrypt hash (Hanko's) signs in and is replaced by argon2id in the same step", async () => {
    const bcrypt = await Bun.password.hash("legacy password", { algorithm: "bcrypt", cost: 4 });
    const userId = await userWithPassword("bcrypt@example.com", "legacy password", bcrypt);
    const flow = await toPasswordLogin(stack, "bcrypt@example.com");
    expect((await flow.run("password_login", { password: "legacy password" })).name).toBe("success");
    const rehashed = await passwordStore(stack.db.kysely).hashOf(userId);
    expect(rehashed).toStartWith("$argon2id$");
    expect(await Bun.password.verify("legacy password", rehashed!)).toBe(true);
  });

  test("a forgotten password is reset with a recovery passcode, and the new one works", async () => {
    await userWithPassword("forgot@example.com", "the old password");
    const flow = await toPasswordLogin(stack, "forgot@example.com");
    expect((await flow.run("continue_to_passcode_confirmation_recovery")).name).toBe("passcode_confirmation");
    const mail = await stack.mail.waitForMail("forgot@example.com");
    const recovery = await flow.run("verify_passcode", { code: passcodeFrom(mail) });
    expect(recovery.name).toBe("login_password_recovery");
    expect((await flow.run("password_recovery", { new_password: "the new password" })).name).toBe("success");
    const again = await toPasswordLogin(stack, "forgot@example.com");
    expect((await again.run("password_login", { password: "the old password" })).status).toBe(400);
    expect((await again.run("password_login", { password: "the new password" })).name).toBe("success");
  });

  test("with both credentials conditional, sign-up offers a chooser; its password branch can be skipped back out of", async () => {
    const s = await startFlowStack(database, {
      ...PASSWORDS_ON,
      password: { enabled: true, optional: true, acquire_on_registration: "conditional" },
      passkey: { acquire_on_registration: "conditional" },
    });
    extra.push(s);
    const flow = new FlowClient(s.api.url, "registration");
    await flow.start();
    await flow.capabilities();
    await flow.run("register_login_identifier", { email: "chooser@example.com" });
    const chooser = await flow.run("verify_passcode", { code: passcodeFrom(await s.mail.waitForMail("chooser@example.com")) });
    expect(chooser.name).toBe("credential_onboarding_chooser");
    expect(Object.keys(chooser.actions).sort()).toEqual(["continue_to_passkey_registration", "continue_to_password_registration", "skip"]);
    const creation = await flow.run("continue_to_password_registration");
    expect(creation.name).toBe("password_creation");
    // Coming from the chooser, skipping is not offered: the way back is `back`.
    expect(creation.actions.skip).toBeUndefined();
    expect((await flow.run("back")).name).toBe("credential_onboarding_chooser");
    expect((await flow.run("continue_to_password_registration")).name).toBe("password_creation");
    const success = await flow.run("register_password", { new_password: "chosen password" });
    expect(success.name).toBe("success");
    expect(success.payload!.claims.amr).toEqual(["otp", "pwd"]);
  });

  test("with only usernames, a user signs up with a username and password and signs in with them", async () => {
    const s = await startFlowStack(database, { ...PASSWORDS_ON, email: { enabled: false }, username: { enabled: true, optional: false } });
    extra.push(s);
    const signUp = new FlowClient(s.api.url, "registration");
    await signUp.start();
    const init = await signUp.run("register_client_capabilities", { webauthn_available: false });
    expect(Object.keys(init.actions.register_login_identifier?.inputs ?? {})).toEqual(["username"]);
    expect((await signUp.run("register_login_identifier", { username: "Grace_H" })).name).toBe("password_creation");
    expect((await signUp.run("register_password", { new_password: "grace's password" })).name).toBe("success");
    const login = new FlowClient(s.api.url, "login");
    await login.start();
    await login.run("register_client_capabilities", { webauthn_available: false });
    expect((await login.run("continue_with_login_identifier", { username: "grace_h" })).name).toBe("login_password");
    const success = await login.run("password_login", { password: "grace's password" });
    expect(success.name).toBe("success");
    expect(success.payload!.claims.username).toBe("grace_h");
  });
});
