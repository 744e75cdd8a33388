// One clock reaches the engine, the passcodes and the sessions: moving it moves what expires, with no
// sleeping and no rows rewritten by hand.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { deleteExpired } from "../../../src/cleanup/expired-rows.ts";
import { userStore } from "../../../src/store/users.ts";
import { ManualClock } from "../../support/clock.ts";
import { testDatabases } from "../../support/databases.ts";
import { FlowClient, type FlowStack, startFlowStack } from "../../support/flow-stack.ts";
import { passcodeFrom } from "../../support/mail-catcher.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe.each(await testDatabases())("time on one clock, on $family", (database) => {
  let stack: FlowStack;
  const clock = new ManualClock(new Date());
  beforeAll(async () => {
    stack = await startFlowStack(
      database,
      { rate_limiter: { enabled: false }, session: { lifespan: "1h", cookie: { secure: false } } },
      { clock },
    );
  });
  afterAll(() => stack.close());

  async function atPasscode(address: string): Promise<FlowClient> {
    await userStore(stack.db.kysely).create({ email: { address, verified: true } });
    const flow = new FlowClient(stack.api.url, "login");
    await flow.start();
    await flow.run("register_client_capabilities", { webauthn_available: false });
    await flow.run("continue_with_login_identifier", { email: address });
    return flow;
  }

  test("a flow expires a day after it began", async () => {
    const flow = await atPasscode(`day.${crypto.randomUUID()}@example.com`);
    clock.advance(24 * HOUR + 1_000);
    expect(await flow.run("resend_passcode")).toMatchObject({ name: "error", status: 410, error: { code: "flow_expired_error" } });
  });

  test("a flow the cleanup removed after it expired is unknown: 403, not a 500", async () => {
    const flow = await atPasscode(`gone.${crypto.randomUUID()}@example.com`);
    clock.advance(24 * HOUR + 1_000);
    expect(await deleteExpired(stack.db, "flows", stack.config, clock.now(), 100)).toBeGreaterThan(0);
    expect(await flow.run("resend_passcode")).toMatchObject({
      name: "error",
      status: 403,
      error: { code: "operation_not_permitted_error" },
    });
  });

  test("a passcode is refused once its five minutes are over", async () => {
    const address = `late.${crypto.randomUUID()}@example.com`;
    const flow = await atPasscode(address);
    const code = passcodeFrom(await stack.mail.waitForMail(address));
    clock.advance(5 * MINUTE + 1_000);
    const late = await flow.run("verify_passcode", { code });
    expect(late).toMatchObject({ name: "passcode_confirmation", error: { code: "form_data_invalid_error" } });
    expect(late.actions.verify_passcode!.inputs.code.error.code).toBe("passcode_invalid");
  });

  test("a session is valid for its lifespan and not a second longer", async () => {
    const address = `session.${crypto.randomUUID()}@example.com`;
    const flow = await atPasscode(address);
    const signedIn = await flow.run("verify_passcode", { code: passcodeFrom(await stack.mail.waitForMail(address)) });
    expect(signedIn.name).toBe("success");
    const token = /hanko=([^;]+)/.exec(flow.response.headers.get("set-cookie") ?? "")![1]!;
    const validate = async () => {
      const response = await fetch(`${stack.api.url}/sessions/validate`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ session_token: token }),
      });
      return ((await response.json()) as { is_valid: boolean }).is_valid;
    };
    clock.advance(HOUR - 1_000);
    expect(await validate()).toBe(true);
    clock.advance(2_000);
    expect(await validate()).toBe(false);
  });
});
