import { afterEach, describe, expect, test } from "bun:test";
import { userStore } from "../../../src/store/users.ts";
import { userViews } from "../../../src/store/user-views.ts";
import { testDatabases } from "../../support/databases.ts";
import { FlowClient, type FlowStack, ORIGIN, startFlowStack } from "../../support/flow-stack.ts";
import { passcodeFrom } from "../../support/mail-catcher.ts";
import { SoftwareAuthenticator } from "../../support/software-authenticator.ts";

/** How configuration shapes the passwordless flows, one setting per scenario. */
describe.each(await testDatabases())("flow options on $family", (database) => {
  let stack: FlowStack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });
  const start = async (overrides: Record<string, unknown>) => (stack = await startFlowStack(database, overrides));

  async function passcodeLogin(s: FlowStack, email: string, capabilities = { webauthn_available: false }): Promise<FlowClient> {
    const flow = new FlowClient(s.api.url, "login");
    await flow.start();
    const init = await flow.run("register_client_capabilities", capabilities);
    // `email`, or `identifier` when usernames identify users too.
    const input = Object.keys(init.actions.continue_with_login_identifier?.inputs ?? {})[0] ?? "email";
    await flow.run("continue_with_login_identifier", { [input]: email });
    await flow.run("verify_passcode", { code: passcodeFrom(await s.mail.waitForMail(email)) });
    return flow;
  }

  test("with retention prompt, remember_me decides between a persistent and a browser-session cookie", async () => {
    const s = await start({ session: { cookie: { secure: false, retention: "prompt" } } });
    await userStore(s.db.kysely).create({ email: { address: "prompt@example.com", verified: true } });
    for (const remember of [true, false]) {
      const flow = new FlowClient(s.api.url, "login");
      await flow.start();
      const init = await flow.run("register_client_capabilities", { webauthn_available: false });
      expect(init.actions.remember_me?.inputs.remember_me).toEqual({ name: "remember_me", type: "boolean", required: true });
      expect((await flow.run("remember_me", { remember_me: remember })).name).toBe("login_init");
      await flow.run("continue_with_login_identifier", { email: "prompt@example.com" });
      await flow.run("verify_passcode", { code: passcodeFrom(await s.mail.waitForMail("prompt@example.com")) });
      expect(flow.body.name).toBe("success");
      expect(flow.response.headers.get("x-session-retention")).toBe(remember ? "persistent" : "session");
      expect((flow.response.headers.getSetCookie()[0] ?? "").includes("Max-Age")).toBe(remember);
    }
  });

  test("remember_me is not offered unless the retention is prompt", async () => {
    const s = await start({});
    const flow = new FlowClient(s.api.url, "login");
    await flow.start();
    expect((await flow.run("register_client_capabilities", { webauthn_available: false })).actions.remember_me).toBeUndefined();
  });

  test("only_show_actual_login_methods offers a chooser to a user with both a passkey and an email", async () => {
    const s = await start({ privacy: { only_show_actual_login_methods: true } });
    const authenticator = new SoftwareAuthenticator();
    const signUp = new FlowClient(s.api.url, "registration");
    await signUp.start();
    await signUp.capabilities();
    await signUp.run("register_login_identifier", { email: "both@example.com" });
    await signUp.run("verify_passcode", { code: passcodeFrom(await s.mail.waitForMail("both@example.com")) });
    await signUp.run("webauthn_generate_creation_options");
    await signUp.run("webauthn_verify_attestation_response", {
      public_key: authenticator.create(signUp.body.payload!.creation_options, ORIGIN),
    });

    const flow = new FlowClient(s.api.url, "login");
    await flow.start();
    await flow.capabilities();
    const chooser = await flow.run("continue_with_login_identifier", { email: "both@example.com" });
    expect(chooser.name).toBe("login_method_chooser");
    expect(Object.keys(chooser.actions).sort()).toEqual(["back", "continue_to_passcode_confirmation", "webauthn_generate_request_options"]);
    const passkey = await flow.run("webauthn_generate_request_options");
    expect(passkey.payload!.request_options.publicKey.allowCredentials).toHaveLength(1);
    expect(
      (
        await flow.run("webauthn_verify_assertion_response", {
          assertion_response: authenticator.get(passkey.payload!.request_options, ORIGIN),
        })
      ).name,
    ).toBe("success");
  });

  test("only_show_actual_login_methods sends a user without a passkey straight to the passcode, and an unknown address nowhere", async () => {
    const s = await start({ privacy: { only_show_actual_login_methods: true } });
    await userStore(s.db.kysely).create({ email: { address: "codeonly@example.com", verified: true } });
    const flow = new FlowClient(s.api.url, "login");
    await flow.start();
    await flow.capabilities();
    expect((await flow.run("continue_with_login_identifier", { email: "codeonly@example.com" })).name).toBe("passcode_confirmation");
    const unknown = new FlowClient(s.api.url, "login");
    await unknown.start();
    await unknown.capabilities();
    expect(await unknown.run("continue_with_login_identifier", { email: "ghost@example.com" })).toMatchObject({
      name: "error",
      status: 500,
      error: { code: "flow_discontinuity_error" },
    });
  });

  test("with account existence hints an unknown address is named as unknown", async () => {
    const s = await start({ privacy: { show_account_existence_hints: true } });
    const flow = new FlowClient(s.api.url, "login");
    await flow.start();
    await flow.capabilities();
    const refused = await flow.run("continue_with_login_identifier", { email: "ghost@example.com" });
    expect(refused).toMatchObject({ name: "login_init", status: 400 });
    expect(refused.actions.continue_with_login_identifier?.inputs.email.error).toEqual({
      code: "unknown_email_error",
      message: "The email address is unknown.",
    });
  });

  test("a user without a username is asked for one after signing in, when usernames are acquired on login", async () => {
    const s = await start({ username: { enabled: true, acquire_on_login: true, optional: false } });
    const user = await userStore(s.db.kysely).create({ email: { address: "nameless@example.com", verified: true } });
    await userStore(s.db.kysely).create({ username: "taken_name" });
    const flow = await passcodeLogin(s, "nameless@example.com");
    expect(flow.body.name).toBe("onboarding_username");
    expect(flow.body.actions.skip).toBeUndefined();
    const invalid = await flow.run("username_create", { username: "no spaces" });
    expect(invalid.actions.username_create?.inputs.username.error.code).toBe("invalid_username_error");
    const taken = await flow.run("username_create", { username: "Taken_Name" });
    expect(taken.actions.username_create?.inputs.username.error.code).toBe("username_already_exists");
    expect((await flow.run("username_create", { username: " Ada_L " })).name).toBe("success");
    expect((await userViews(s.db.kysely).byId(user.id))?.username?.username).toBe("ada_l");
  });

  test("without email verification, sign-up goes from the address straight to the passkey step", async () => {
    const s = await start({ email: { require_verification: false } });
    const flow = new FlowClient(s.api.url, "registration");
    await flow.start();
    await flow.capabilities();
    expect((await flow.run("register_login_identifier", { email: "unverified@example.com" })).name).toBe("onboarding_create_passkey");
    const success = await flow.run("skip");
    expect(success.payload!.user.emails[0]).toMatchObject({ address: "unverified@example.com", is_verified: false });
    const duplicate = new FlowClient(s.api.url, "registration");
    await duplicate.start();
    await duplicate.capabilities();
    const refused = await duplicate.run("register_login_identifier", { email: "unverified@example.com" });
    expect(refused.actions.register_login_identifier?.inputs.email.error.code).toBe("email_already_exists");
  });

  test("without WebAuthn in the browser no passkey is offered, at sign-in or after it", async () => {
    const s = await start({});
    await userStore(s.db.kysely).create({ email: { address: "nowebauthn@example.com", verified: true } });
    const flow = new FlowClient(s.api.url, "login");
    await flow.start();
    const init = await flow.run("register_client_capabilities", { webauthn_available: false });
    expect(Object.keys(init.actions)).toEqual(["continue_with_login_identifier"]);
    await flow.run("continue_with_login_identifier", { email: "nowebauthn@example.com" });
    expect((await flow.run("verify_passcode", { code: passcodeFrom(await s.mail.waitForMail("nowebauthn@example.com")) })).name).toBe(
      "success",
    );
  });
});
