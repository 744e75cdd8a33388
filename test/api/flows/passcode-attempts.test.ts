import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { userStore } from "../../../src/store/users.ts";
import { userViews } from "../../../src/store/user-views.ts";
import { testDatabases } from "../../support/databases.ts";
import { FlowClient, type FlowStack, startFlowStack } from "../../support/flow-stack.ts";
import { passcodeFrom } from "../../support/mail-catcher.ts";
import { sessionCount } from "../../support/row-count.ts";

describe.each(await testDatabases())("wrong passcodes when the rest of the step fails, on $family", (database) => {
  let stack: FlowStack;
  let failing = false;
  beforeAll(async () => {
    stack = await startFlowStack(database);
    // A required listener that fails takes the step's transaction down with it, as a failed audit insert does.
    stack.deps.runtime.events.subscribe(
      (event) => {
        if (failing && event.audit === "login_failure") throw new Error("audit storage unavailable");
      },
      { required: true },
    );
  });
  afterAll(() => stack.close());

  test("each wrong code still counts, so the third locks the passcode and the right one no longer works", async () => {
    const address = `counted.${crypto.randomUUID()}@example.com`;
    await userStore(stack.db.kysely).create({ email: { address, verified: true } });
    const flow = new FlowClient(stack.api.url, "login");
    await flow.start();
    await flow.run("register_client_capabilities", { webauthn_available: false });
    await flow.run("continue_with_login_identifier", { email: address });
    const code = passcodeFrom(await stack.mail.waitForMail(address));
    const wrong = code === "000000" ? "111111" : "000000";
    const csrf = flow.body.csrf_token;
    const href = flow.body.actions.verify_passcode!.href;
    failing = true;
    try {
      // The failed step rotates no CSRF token, so the same one is sent each time.
      for (let i = 0; i < 3; i++) {
        expect((await flow.post(href, { input_data: { code: wrong }, csrf_token: csrf })).error?.code).toBe("technical_error");
      }
    } finally {
      failing = false;
    }
    const locked = await flow.post(href, { input_data: { code }, csrf_token: csrf });
    expect(locked).toMatchObject({ name: "passcode_confirmation", error: { code: "passcode_max_attempts_reached" } });
    expect(await userSessions(address)).toBe(0);
  });

  async function userSessions(address: string): Promise<number> {
    const user = await userViews(stack.db.kysely).byEmail(address);
    return sessionCount(stack.db.kysely, user!.id);
  }
});
