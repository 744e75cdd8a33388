import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { userViews } from "../../../src/store/user-views.ts";
import { testDatabases } from "../../support/databases.ts";
import { FlowClient, type FlowStack, ORIGIN, startFlowStack } from "../../support/flow-stack.ts";
import { passcodeFrom } from "../../support/mail-catcher.ts";
import { SoftwareAuthenticator } from "../../support/software-authenticator.ts";
import { rowCount } from "../../support/row-count.ts";

describe.each(await testDatabases())("hostile and malformed flow requests on $family", (database) => {
  let stack: FlowStack;
  const authenticator = new SoftwareAuthenticator();
  const client = (flow: "login" | "registration") => new FlowClient(stack.api.url, flow);
  const sessionCount = async () => rowCount(stack.db.kysely, "sessions");

  beforeAll(async () => {
    stack = await startFlowStack(database);
    const flow = client("registration");
    await flow.start();
    await flow.capabilities();
    await flow.run("register_login_identifier", { email: "victim@example.com" });
    await flow.run("verify_passcode", { code: passcodeFrom(await stack.mail.waitForMail("victim@example.com")) });
    await flow.run("webauthn_generate_creation_options");
    await flow.run("webauthn_verify_attestation_response", {
      public_key: authenticator.create(flow.body.payload!.creation_options, ORIGIN),
    });
  });
  afterAll(() => stack.close());

  async function loginPasskeyState(): Promise<FlowClient> {
    const flow = client("login");
    await flow.start();
    await flow.capabilities();
    await flow.run("webauthn_generate_request_options");
    return flow;
  }

  test.each([
    ["a tampered clientDataJSON", { tamperClientData: true }],
    ["a wrong origin", { origin: "https://evil.example.net" }],
    ["a wrong RP id hash", { rpIdForHash: "evil.example.net" }],
    ["a bad signature", { tamperSignature: true }],
  ])("an assertion with %s is refused as passkey_invalid and signs nobody in", async (_name, tweaks) => {
    const before = await sessionCount();
    const flow = await loginPasskeyState();
    const refused = await flow.run("webauthn_verify_assertion_response", {
      assertion_response: authenticator.get(flow.body.payload!.request_options, ORIGIN, tweaks),
    });
    expect(refused).toMatchObject({ name: "login_passkey", status: 401, error: { code: "passkey_invalid" } });
    expect(flow.response.headers.getSetCookie()).toEqual([]);
    expect(await sessionCount()).toBe(before);
  });

  test("a replayed assertion is refused", async () => {
    const first = await loginPasskeyState();
    const assertion = authenticator.get(first.body.payload!.request_options, ORIGIN);
    expect((await first.run("webauthn_verify_assertion_response", { assertion_response: assertion })).name).toBe("success");
    const second = await loginPasskeyState();
    const replayed = await second.run("webauthn_verify_assertion_response", { assertion_response: assertion });
    expect(replayed.error?.code).toBe("passkey_invalid");
  });

  test("an assertion made for another flow's challenge is refused", async () => {
    const other = await loginPasskeyState();
    const flow = await loginPasskeyState();
    const foreign = authenticator.get(other.body.payload!.request_options, ORIGIN);
    expect((await flow.run("webauthn_verify_assertion_response", { assertion_response: foreign })).error?.code).toBe("passkey_invalid");
  });

  test("an assertion that is not WebAuthn JSON at all is refused, not a server error", async () => {
    const flow = await loginPasskeyState();
    for (const junk of [42, "not json", { id: 1 }, null]) {
      const refused = await flow.run("webauthn_verify_assertion_response", { assertion_response: junk });
      expect(refused.status).toBe(401);
      expect(refused.error?.code).toBe("passkey_invalid");
    }
  });

  test("a replayed CSRF token is refused with 403 and the flow keeps its state", async () => {
    const flow = client("login");
    await flow.start();
    const stale = flow.body;
    await flow.capabilities();
    const replay = await flow.post(stale.actions.register_client_capabilities!.href, {
      input_data: { webauthn_available: true },
      csrf_token: stale.csrf_token,
    });
    expect(replay).toEqual({
      name: "error",
      status: 403,
      csrf_token: "",
      actions: {},
      error: { code: "operation_not_permitted_error", message: "The operation is not permitted." },
      links: null,
    });
    expect((await flow.run("continue_with_login_identifier", { email: "victim@example.com" })).name).toBe("passcode_confirmation");
  });

  test("an unknown flow, an unknown action and a malformed action parameter are not permitted", async () => {
    const flow = client("login");
    await flow.start();
    const csrf = flow.body.csrf_token;
    const unknownFlow = await flow.post(`/login?action=register_client_capabilities%40${crypto.randomUUID()}`, {
      input_data: {},
      csrf_token: csrf,
    });
    expect(unknownFlow).toMatchObject({ name: "error", status: 403, error: { code: "operation_not_permitted_error" } });
    const hidden = await flow.post(`/login?action=verify_passcode%40${flow.flowId}`, { input_data: {}, csrf_token: csrf });
    expect(hidden).toMatchObject({ name: "error", status: 403 });
    for (const param of ["nonsense", "a@b@c", `@${flow.flowId}`, "x@not-a-uuid"]) {
      const malformed = await flow.post(`/login?action=${encodeURIComponent(param)}`, { input_data: {}, csrf_token: csrf });
      expect(malformed).toMatchObject({ name: "error", status: 403, error: { code: "operation_not_permitted_error" } });
      expect(malformed.payload).toBeUndefined();
    }
    // None of it touched the flow: the original token still works.
    expect((await flow.capabilities()).name).toBe("login_init");
  });

  test("a passcode past its TTL is refused like a wrong one", async () => {
    const before = await sessionCount();
    const flow = client("login");
    await flow.start();
    await flow.run("register_client_capabilities", { webauthn_available: false });
    await flow.run("continue_with_login_identifier", { email: "victim@example.com" });
    const code = passcodeFrom(await stack.mail.waitForMail("victim@example.com"));
    await stack.db.kysely
      .updateTable("passcodes")
      .set({ created_at: new Date(Date.now() - 301_000) })
      .execute();
    const expired = await flow.run("verify_passcode", { code });
    expect(expired).toMatchObject({ name: "passcode_confirmation", status: 400 });
    expect(expired.actions.verify_passcode?.inputs.code.error.code).toBe("passcode_invalid");
    expect(await sessionCount()).toBe(before);
  });

  test("an expired flow answers 410", async () => {
    const flow = client("login");
    await flow.start();
    await stack.db.kysely
      .updateTable("flows")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("id", "=", flow.flowId)
      .execute();
    expect(await flow.capabilities()).toMatchObject({ name: "error", status: 410, error: { code: "flow_expired_error" } });
  });

  test("a body that is not JSON, or is 3 MB, is invalid form data and changes nothing", async () => {
    const flow = client("login");
    await flow.start();
    const href = flow.body.actions.register_client_capabilities!.href;
    expect(await flow.post(href, "{not json")).toMatchObject({ name: "error", status: 400, error: { code: "form_data_invalid_error" } });
    const huge = JSON.stringify({
      input_data: { webauthn_available: true, filler: "x".repeat(3 * 1024 * 1024) },
      csrf_token: flow.body.csrf_token,
    });
    expect(await flow.post(href, huge)).toMatchObject({ name: "error", status: 400, error: { code: "form_data_invalid_error" } });
    expect((await flow.capabilities()).name).toBe("login_init");
  });

  test("wrong types in input_data are missing values, not crashes", async () => {
    const flow = client("login");
    await flow.start();
    await flow.capabilities();
    for (const email of [123, true, { a: 1 }, ["x@example.com"]]) {
      const invalid = await flow.run("continue_with_login_identifier", { email });
      expect(invalid).toMatchObject({ name: "login_init", status: 400, error: { code: "form_data_invalid_error" } });
      expect(invalid.actions.continue_with_login_identifier?.inputs.email.error.code).toBe("value_missing_error");
    }
    const notEmail = await flow.run("continue_with_login_identifier", { email: "not-an-address" });
    expect(notEmail.actions.continue_with_login_identifier?.inputs.email.error.code).toBe("value_invalid_error");
  });

  test("with sign-up disabled the registration offers nothing to submit", async () => {
    const closed = await startFlowStack(database, { account: { allow_signup: false } });
    try {
      const flow = new FlowClient(closed.api.url, "registration");
      await flow.start();
      const flowId = flow.flowId;
      const init = await flow.capabilities();
      expect(init.name).toBe("registration_init");
      expect(init.actions.register_login_identifier).toBeUndefined();
      const forced = await flow.post(`/registration?action=register_login_identifier%40${flowId}`, {
        input_data: { email: "sneak@example.com" },
        csrf_token: init.csrf_token,
      });
      expect(forced).toMatchObject({ status: 403, error: { code: "operation_not_permitted_error" } });
      expect(await userViews(closed.db.kysely).byEmail("sneak@example.com")).toBeUndefined();
    } finally {
      await closed.close();
    }
  });
});
