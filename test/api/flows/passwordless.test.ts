import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { decodeJwt } from "jose";
import { userStore } from "../../../src/store/users.ts";
import { userViews } from "../../../src/store/user-views.ts";
import { webauthnCredentialStore } from "../../../src/store/webauthn-credentials.ts";
import { testDatabases } from "../../support/databases.ts";
import { FlowClient, type FlowStack, ORIGIN, startFlowStack } from "../../support/flow-stack.ts";
import { passcodeFrom } from "../../support/mail-catcher.ts";
import { SoftwareAuthenticator } from "../../support/software-authenticator.ts";

describe.each(await testDatabases())("passwordless sign-up and sign-in on $family", (database) => {
  let stack: FlowStack;
  const authenticator = new SoftwareAuthenticator();
  const client = (flow: "login" | "registration", headers: Record<string, string> = {}) => new FlowClient(stack.api.url, flow, headers);

  beforeAll(async () => {
    // Many users' sign-ups from one address: more mails than rate_limiter.email_limits allows one client.
    stack = await startFlowStack(database, { rate_limiter: { email_limits: { tokens: 1000, interval: "10m" } } });
  });
  afterAll(() => stack.close());

  /** Signs up through the whole registration flow with a passkey; returns the address. */
  async function signUp(address: string): Promise<FlowClient> {
    const flow = client("registration", { "X-Language": "de" });
    await flow.start();
    await flow.capabilities();
    await flow.run("register_login_identifier", { email: address });
    const code = passcodeFrom(await stack.mail.waitForMail(address));
    await flow.run("verify_passcode", { code });
    await flow.run("webauthn_generate_creation_options");
    await flow.run("webauthn_verify_attestation_response", {
      public_key: authenticator.create(flow.body.payload!.creation_options, ORIGIN),
    });
    return flow;
  }

  test("a new user signs up: email, passcode from the mail, passkey, and is signed in", async () => {
    const flow = client("registration", { "X-Language": "de" });
    const created = await flow.start();
    expect(created).toMatchObject({ name: "preflight", status: 200, payload: {}, links: null });
    expect(Object.keys(created.actions)).toEqual(["register_client_capabilities"]);
    expect(created.csrf_token).toMatch(/^[0-9A-Za-z]{32}$/);

    const init = await flow.capabilities();
    expect(init.name).toBe("registration_init");
    expect(init.actions.register_login_identifier?.inputs.email).toEqual({ name: "email", type: "email", max_length: 120, required: true });

    const confirm = await flow.run("register_login_identifier", { email: " New.User@Example.com " });
    expect(confirm.name).toBe("passcode_confirmation");
    expect(Object.keys(confirm.actions).sort()).toEqual(["back", "resend_passcode", "verify_passcode"]);
    const mail = await stack.mail.waitForMail("new.user@example.com");
    expect(mail.subject).toContain("Hanko Authentication Service");
    expect(mail.html).toContain(passcodeFrom(mail));

    const onboarding = await flow.run("verify_passcode", { code: passcodeFrom(mail) });
    expect(onboarding.name).toBe("onboarding_create_passkey");
    expect(onboarding.actions.back).toBeUndefined();
    expect(onboarding.actions.skip).toBeDefined();

    const attestation = await flow.run("webauthn_generate_creation_options");
    expect(attestation.name).toBe("onboarding_verify_passkey_attestation");
    const publicKey = attestation.payload!.creation_options.publicKey;
    expect(publicKey.authenticatorSelection).toMatchObject({
      residentKey: "required",
      requireResidentKey: true,
      userVerification: "preferred",
    });
    expect(publicKey.rp).toEqual({ name: "Hanko Authentication Service", id: "localhost" });
    expect(publicKey.user.name).toBe("new.user@example.com");

    const success = await flow.run("webauthn_verify_attestation_response", {
      public_key: authenticator.create(attestation.payload!.creation_options, ORIGIN),
    });
    expect(success.name).toBe("success");
    expect(success.status).toBe(200);
    expect(success.payload!.last_login).toBeUndefined();
    expect(success.payload!.user.emails).toEqual([
      expect.objectContaining({ address: "new.user@example.com", is_verified: true, is_primary: true }),
    ]);
    expect(success.payload!.user.passkeys).toHaveLength(1);
    expect(success.payload!.claims.amr).toEqual(["otp", "passkey"]);
    const cookie = flow.response.headers.getSetCookie()[0] ?? "";
    expect(cookie).toMatch(/^hanko=[\w-]+\.[\w-]+\.[\w-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    expect(flow.response.headers.get("x-session-lifetime")).toBe("43200");
    expect(flow.response.headers.get("x-session-retention")).toBe("persistent");

    const token = cookie.slice("hanko=".length, cookie.indexOf(";"));
    const me = await fetch(`${stack.api.url}/me`, { headers: { Authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { emails: { address: string }[] }).emails[0]?.address).toBe("new.user@example.com");
    const user = await userViews(stack.db.kysely).byEmail("new.user@example.com");
    expect(user?.id).toBe(decodeJwt(token).sub as string);
    const credentials = await webauthnCredentialStore(stack.db.kysely).ofUser(user!.id);
    expect(credentials[0]).toMatchObject({ mfa_only: false, backup_eligible: true, backup_state: true, sign_count: 0 });
  });

  test("sign-up and sign-in are reported through the event seam (email.send, user.create, session.create.flow, user.login)", async () => {
    const events: { webhook?: string; audit?: string }[] = [];
    const unsubscribe = stack.deps.runtime.events.subscribe((event) => void events.push(event));
    try {
      await signUp("reported.signup@example.com");
      const flow = client("login");
      await flow.start();
      await flow.capabilities();
      await flow.run("webauthn_generate_request_options");
      await flow.run("webauthn_verify_assertion_response", {
        assertion_response: authenticator.get(flow.body.payload!.request_options, ORIGIN),
      });
      expect(events.map((e) => [e.webhook, e.audit])).toEqual([
        ["email.send", undefined],
        ["user.create", "user_created"],
        ["session.create.flow", undefined],
        ["session.create.flow", undefined],
        ["user.login", "login_success"],
      ]);
    } finally {
      unsubscribe();
    }
  });

  test("nothing is written before success: an abandoned sign-up leaves no user", async () => {
    const flow = client("registration");
    await flow.start();
    await flow.capabilities();
    await flow.run("register_login_identifier", { email: "abandoned@example.com" });
    const code = passcodeFrom(await stack.mail.waitForMail("abandoned@example.com"));
    await flow.run("verify_passcode", { code });
    expect(await userViews(stack.db.kysely).byEmail("abandoned@example.com")).toBeUndefined();
  });

  test("a registered user signs in with the passkey button", async () => {
    await signUp("button@example.com");
    const flow = client("login");
    await flow.start();
    const init = await flow.capabilities();
    expect(init.name).toBe("login_init");
    expect(init.payload).toEqual({});
    const passkey = await flow.run("webauthn_generate_request_options");
    expect(passkey.name).toBe("login_passkey");
    expect(passkey.payload!.request_options.publicKey.allowCredentials).toBeUndefined();
    const success = await flow.run("webauthn_verify_assertion_response", {
      assertion_response: authenticator.get(passkey.payload!.request_options, ORIGIN),
    });
    expect(success.name).toBe("success");
    expect(success.payload!.last_login).toEqual({ login_method: "passkey" });
    expect(success.payload!.claims.amr).toEqual(["passkey"]);
    expect(success.payload!.claims.email).toEqual({ address: "button@example.com", is_primary: true, is_verified: true });
  });

  test("a registered user signs in with passkey autofill, straight from login_init", async () => {
    await signUp("autofill@example.com");
    const flow = client("login");
    await flow.start();
    const init = await flow.capabilities(true);
    expect(init.payload!.request_options.publicKey).toMatchObject({ rpId: "localhost", userVerification: "preferred" });
    const success = await flow.run("webauthn_verify_assertion_response", {
      assertion_response: JSON.stringify(authenticator.get(init.payload!.request_options, ORIGIN)),
    });
    expect(success.name).toBe("success");
  });

  test("a registered user signs in with a passcode and has nothing to onboard", async () => {
    await signUp("passcode@example.com");
    const flow = client("login");
    await flow.start();
    await flow.capabilities();
    const confirm = await flow.run("continue_with_login_identifier", { email: "PASSCODE@example.com" });
    expect(confirm.name).toBe("passcode_confirmation");
    const mail = await stack.mail.waitForMail("passcode@example.com");
    const success = await flow.run("verify_passcode", { code: passcodeFrom(mail) });
    expect(success.name).toBe("success");
    expect(success.payload!.last_login).toEqual({ login_method: "passcode" });
    expect(success.payload!.claims.amr).toEqual(["otp"]);
  });

  test("a user without a passkey is offered one after a passcode sign-in, and may skip it", async () => {
    await userStore(stack.db.kysely).create({ email: { address: "nopasskey@example.com", verified: false } });
    const flow = client("login");
    await flow.start();
    await flow.capabilities();
    await flow.run("continue_with_login_identifier", { email: "nopasskey@example.com" });
    const onboarding = await flow.run("verify_passcode", { code: passcodeFrom(await stack.mail.waitForMail("nopasskey@example.com")) });
    expect(onboarding.name).toBe("onboarding_create_passkey");
    const user = await userViews(stack.db.kysely).byEmail("nopasskey@example.com");
    expect(user?.emails[0]?.verified).toBe(true);
    expect((await flow.run("skip")).name).toBe("success");
  });

  test("an unknown address goes the same way as a known one, and its owner is told instead of sent a code", async () => {
    await signUp("known@example.com");
    const shapes: unknown[] = [];
    for (const address of ["known@example.com", "nobody@example.com"]) {
      const flow = client("login");
      await flow.start();
      await flow.capabilities();
      const confirm = await flow.run("continue_with_login_identifier", { email: address });
      shapes.push({ name: confirm.name, status: confirm.status, actions: Object.keys(confirm.actions).sort(), payload: confirm.payload });
    }
    expect(shapes[0]).toEqual(shapes[1]);
    const notice = await stack.mail.waitForMail("nobody@example.com");
    expect(() => passcodeFrom(notice)).toThrow();
  });

  test("a wrong passcode is an input error; the third locks the passcode; a new one works", async () => {
    await signUp("typo@example.com");
    const flow = client("login");
    await flow.start();
    await flow.capabilities();
    await flow.run("continue_with_login_identifier", { email: "typo@example.com" });
    const code = passcodeFrom(await stack.mail.waitForMail("typo@example.com"));
    const wrong = code === "000000" ? "111111" : "000000";
    const first = await flow.run("verify_passcode", { code: wrong });
    expect(first).toMatchObject({ name: "passcode_confirmation", status: 400, error: { code: "form_data_invalid_error" } });
    expect(first.actions.verify_passcode?.inputs.code.error).toEqual({ code: "passcode_invalid", message: "The passcode is invalid." });
    await flow.run("verify_passcode", { code: wrong });
    const third = await flow.run("verify_passcode", { code: wrong });
    expect(third).toMatchObject({ name: "passcode_confirmation", status: 401, error: { code: "passcode_max_attempts_reached" } });
    const locked = await flow.run("verify_passcode", { code });
    expect(locked.error?.code).toBe("passcode_max_attempts_reached");
    await flow.run("resend_passcode");
    const fresh = passcodeFrom(await stack.mail.waitForMail("typo@example.com"));
    expect((await flow.run("verify_passcode", { code: fresh })).name).toBe("success");
  });

  test("going back and forth reuses the passcode still valid instead of mailing another", async () => {
    const flow = client("registration");
    await flow.start();
    await flow.capabilities();
    await flow.run("register_login_identifier", { email: "backforth@example.com" });
    const code = passcodeFrom(await stack.mail.waitForMail("backforth@example.com"));
    expect((await flow.run("back")).name).toBe("registration_init");
    await flow.run("register_login_identifier", { email: "backforth@example.com" });
    expect(stack.mail.mails.filter((m) => m.to.includes("backforth@example.com"))).toHaveLength(1);
    expect((await flow.run("verify_passcode", { code })).name).toBe("onboarding_create_passkey");
  });

  test("registering a taken address looks like a fresh sign-up, mails the owner, and no code completes it", async () => {
    await signUp("taken@example.com");
    const flow = client("registration");
    await flow.start();
    await flow.capabilities();
    const confirm = await flow.run("register_login_identifier", { email: "taken@example.com" });
    expect(confirm.name).toBe("passcode_confirmation");
    const notice = await stack.mail.waitForMail("taken@example.com");
    expect(() => passcodeFrom(notice)).toThrow();
  });

  test("signing up with a taken address and with a new one look the same on the wire, field by field", async () => {
    await signUp("occupied@example.com");
    const views: unknown[] = [];
    for (const address of ["occupied@example.com", "vacant@example.com"]) {
      const flow = client("registration");
      await flow.start();
      await flow.capabilities();
      const body = await flow.run("register_login_identifier", { email: address });
      const actions = Object.fromEntries(
        Object.entries(body.actions).map(([name, a]) => [name, { inputs: a.inputs, action: a.action, description: a.description }]),
      );
      views.push({
        name: body.name,
        status: body.status,
        payload: body.payload,
        error: body.error,
        links: body.links,
        actions,
        headers: flow.response.headers.get("content-type"),
      });
    }
    expect(views[0]).toEqual(views[1]);
  });

  test("the passkey may be skipped at sign-up because the address can still receive passcodes", async () => {
    const flow = client("registration");
    await flow.start();
    await flow.capabilities();
    await flow.run("register_login_identifier", { email: "skipper@example.com" });
    await flow.run("verify_passcode", { code: passcodeFrom(await stack.mail.waitForMail("skipper@example.com")) });
    const success = await flow.run("skip");
    expect(success.name).toBe("success");
    expect(success.payload!.user.passkeys).toBeUndefined();
  });

  test("two sign-ups for one address: the one that finishes second gets email_already_exists (409), not a 500", async () => {
    const address = `twice.${crypto.randomUUID()}@example.com`;
    const [first, second] = [client("registration"), client("registration")];
    for (const flow of [first, second]) {
      await flow.start();
      await flow.capabilities();
      await flow.run("register_login_identifier", { email: address });
      await flow.run("verify_passcode", { code: passcodeFrom(await stack.mail.waitForMail(address)) });
    }
    expect((await first.run("skip")).name).toBe("success");
    const late = await second.run("skip");
    expect(late).toMatchObject({ name: "error", status: 409, error: { code: "email_already_exists" } });
    expect(second.response.headers.get("set-cookie")).toBeNull();
    const owners = await stack.db.kysely.selectFrom("emails").select("user_id").where("address", "=", address).execute();
    expect(owners).toHaveLength(1);
  });

  test("twenty concurrent submissions of the right passcode yield exactly one success, the others a 4xx", async () => {
    await signUp("race@example.com");
    const flow = client("login");
    await flow.start();
    await flow.capabilities();
    await flow.run("continue_with_login_identifier", { email: "race@example.com" });
    const code = passcodeFrom(await stack.mail.waitForMail("race@example.com"));
    const href = flow.body.actions.verify_passcode!.href;
    const body = JSON.stringify({ input_data: { code }, csrf_token: flow.body.csrf_token });
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${stack.api.url}${href}`, { method: "POST", headers: { "content-type": "application/json" }, body }),
      ),
    );
    const names = await Promise.all(responses.map(async (r) => ((await r.json()) as { name: string }).name));
    expect(names.filter((n) => n === "success")).toHaveLength(1);
    // The client raced itself: the others find the flow moved on, their CSRF token stale.
    expect(responses.filter((r) => r.status !== 200).map((r) => r.status)).toEqual(Array(19).fill(403));
    const sessions = await stack.db.kysely
      .selectFrom("sessions")
      .select("id")
      .where("user_id", "=", (await userViews(stack.db.kysely).byEmail("race@example.com"))!.id)
      .execute();
    // one from sign-up, one from this sign-in
    expect(sessions).toHaveLength(2);
  });
});
