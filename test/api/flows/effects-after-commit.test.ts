// What a step does outside the database happens after its transaction commits: mail goes out after
// the passcode is stored, and a failed mail leaves the flow where a resend works; the session cookie
// goes out only for a session row that committed; and no transaction waits for the mail server.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { passwordStore } from "../../../src/store/passwords.ts";
import { userStore } from "../../../src/store/users.ts";
import { testDatabases } from "../../support/databases.ts";
import { FlowClient, type FlowStack, startFlowStack } from "../../support/flow-stack.ts";
import { passcodeFrom } from "../../support/mail-catcher.ts";
import { rowCount, sessionCount } from "../../support/row-count.ts";

/** Fails the test with `what` instead of hanging when `promise` does not settle in time. */
async function within<T>(promise: Promise<T>, what: string, ms = 5_000): Promise<T> {
  let timer: Timer | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A login flow for `address` that has asked for a passcode. */
async function atPasscode(stack: FlowStack, address: string): Promise<FlowClient> {
  const flow = new FlowClient(stack.api.url, "login");
  await flow.start();
  await flow.run("register_client_capabilities", { webauthn_available: false });
  await flow.run("continue_with_login_identifier", { email: address });
  if (flow.body.name === "login_method_chooser") await flow.run("continue_to_passcode_confirmation");
  return flow;
}

describe.each(await testDatabases())("effects after commit on $family", (database) => {
  let stack: FlowStack;
  beforeAll(async () => {
    stack = await startFlowStack(database, { rate_limiter: { enabled: false }, password: { enabled: true } });
  });
  afterAll(() => stack.close());

  test("a passcode mail the server refuses: 503 on passcode_confirmation, no passcode kept, and a resend works", async () => {
    const address = `refused.${crypto.randomUUID()}@example.com`;
    await userStore(stack.db.kysely).create({ email: { address, verified: true } });
    stack.mail.refuse(address);
    const passcodesBefore = await rowCount(stack.db.kysely, "passcodes");
    const flow = await atPasscode(stack, address);
    const refused = flow.body;
    expect(refused).toMatchObject({ name: "passcode_confirmation", status: 503, error: { code: "technical_error" } });
    expect(Object.keys(refused.actions)).toContain("resend_passcode");
    // The code that never left is gone: nothing can be guessed against it.
    expect(await rowCount(stack.db.kysely, "passcodes")).toBe(passcodesBefore);
    expect((await flow.run("verify_passcode", { code: "000000" })).error?.code).toBe("form_data_invalid_error");

    stack.mail.accept(address);
    expect((await flow.run("resend_passcode")).status).toBe(200);
    const code = passcodeFrom(await stack.mail.waitForMail(address));
    expect((await flow.run("verify_passcode", { code })).name).toBe("success");
    expect(flow.response.headers.get("set-cookie")).toContain("hanko=");
  });

  test("after a refused mail, going back and forth sends a new passcode instead of counting on the lost one", async () => {
    const address = `again.${crypto.randomUUID()}@example.com`;
    await userStore(stack.db.kysely).create({ email: { address, verified: true } });
    stack.mail.refuse(address);
    const flow = await atPasscode(stack, address);
    expect(flow.body.status).toBe(503);
    stack.mail.accept(address);
    await flow.run("back");
    await flow.run("continue_to_passcode_confirmation");
    const entered = flow.body;
    expect(entered).toMatchObject({ name: "passcode_confirmation", status: 200 });
    const code = passcodeFrom(await stack.mail.waitForMail(address));
    expect((await flow.run("verify_passcode", { code })).name).toBe("success");
  });

  test("while a passcode mail is stuck at the mail server, other clients' steps go on", async () => {
    const slow = `slow.${crypto.randomUUID()}@example.com`;
    const other = `other.${crypto.randomUUID()}@example.com`;
    await userStore(stack.db.kysely).create({ email: { address: slow, verified: true } });
    const otherUser = await userStore(stack.db.kysely).create({ email: { address: other, verified: true } });
    await passwordStore(stack.db.kysely).set(otherUser.id, await Bun.password.hash("the other password"));
    const release = stack.mail.hold(slow);
    const passcodesBefore = await rowCount(stack.db.kysely, "passcodes");
    const stuck = atPasscode(stack, slow);
    try {
      // Wait until the stuck step has committed its passcode and is talking to the mail server.
      const until = Date.now() + 5_000;
      while ((await rowCount(stack.db.kysely, "passcodes")) === passcodesBefore && Date.now() < until) await Bun.sleep(10);
      const signIn = within(
        (async () => {
          const flow = new FlowClient(stack.api.url, "login");
          await flow.start();
          await flow.run("register_client_capabilities", { webauthn_available: false });
          await flow.run("continue_with_login_identifier", { email: other });
          await flow.run("continue_to_password_login");
          return flow.run("password_login", { password: "the other password" });
        })(),
        "a password sign-in while another client's mail is held",
      );
      expect((await signIn).name).toBe("success");
    } finally {
      release();
    }
    const flow = await within(stuck, "the held passcode step, once released");
    expect(flow.body).toMatchObject({ name: "passcode_confirmation", status: 200 });
    stack.mail.accept(slow);
  });
});

describe.each(await testDatabases())("a session for a step that did not commit, on $family", (database) => {
  let stack: FlowStack;
  beforeAll(async () => {
    // Without a locker, concurrent steps on one flow meet only at the flow's optimistic update.
    stack = await startFlowStack(database, {
      rate_limiter: { enabled: false },
      password: { enabled: true },
      flow_locker: { enabled: false },
    });
  });
  afterAll(() => stack.close());

  test("of ten concurrent right passwords on one flow, one signs in; the others get 403 and no cookie", async () => {
    const address = `twice.${crypto.randomUUID()}@example.com`;
    const user = await userStore(stack.db.kysely).create({ email: { address, verified: true } });
    await passwordStore(stack.db.kysely).set(user.id, await Bun.password.hash("right password"));
    const flow = new FlowClient(stack.api.url, "login");
    await flow.start();
    await flow.run("register_client_capabilities", { webauthn_available: false });
    await flow.run("continue_with_login_identifier", { email: address });
    await flow.run("continue_to_password_login");
    const href = flow.body.actions.password_login!.href;
    const body = JSON.stringify({ input_data: { password: "right password" }, csrf_token: flow.body.csrf_token });
    const answers = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const response = await fetch(`${stack.api.url}${href}`, { method: "POST", headers: { "content-type": "application/json" }, body });
        return {
          status: response.status,
          cookie: response.headers.get("set-cookie"),
          name: ((await response.json()) as { name: string }).name,
        };
      }),
    );
    const won = answers.filter((a) => a.name === "success");
    expect(won).toHaveLength(1);
    expect(won[0]!.cookie).toContain("hanko=");
    const lost = answers.filter((a) => a.name !== "success");
    expect(lost.map((a) => a.status)).toEqual(Array(9).fill(403));
    expect(lost.map((a) => a.cookie)).toEqual(Array(9).fill(null));
    expect(await sessionCount(stack.db.kysely, user.id)).toBe(1);
  });
});
