// A client that sends one step several times at once races itself: exactly one request takes the step,
// the others find the flow moved on and get a 4xx, never a 5xx, with either flow locker.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { userStore } from "../../../src/store/users.ts";
import { userViews } from "../../../src/store/user-views.ts";
import { testDatabases } from "../../support/databases.ts";
import { FlowClient, type FlowStack, ORIGIN, startFlowStack } from "../../support/flow-stack.ts";
import { passcodeFrom } from "../../support/mail-catcher.ts";
import { REDIS, redisReachable } from "../../support/redis.ts";
import { sessionCount } from "../../support/row-count.ts";
import { SoftwareAuthenticator } from "../../support/software-authenticator.ts";

const lockers: [string, Record<string, unknown>][] = [["in-memory", { store: "in_memory" }]];
if (await redisReachable()) lockers.push(["Redis", { store: "redis", redis_config: { address: REDIS } }]);

const TWENTY = 20;

describe.each(await testDatabases())("a client racing itself on $family", (database) => {
  describe.each(lockers)("with the %s flow locker", (_name, locker) => {
    let stack: FlowStack;
    const authenticator = new SoftwareAuthenticator();
    beforeAll(async () => {
      stack = await startFlowStack(database, { flow_locker: { enabled: true, ...locker }, rate_limiter: { enabled: false } });
    });
    afterAll(() => stack.close());

    /** The same request, sent `TWENTY` times at once; their statuses and state names. */
    async function inParallel(flow: FlowClient, action: string, input: Record<string, unknown>) {
      const href = flow.body.actions[action]!.href;
      const body = JSON.stringify({ input_data: input, csrf_token: flow.body.csrf_token });
      return Promise.all(
        Array.from({ length: TWENTY }, async () => {
          const response = await fetch(`${stack.api.url}${href}`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body,
          });
          return { status: response.status, name: ((await response.json()) as { name: string }).name };
        }),
      );
    }

    test("twenty copies of the right passcode: one signs in, nineteen get 403", async () => {
      const address = `racer.${crypto.randomUUID()}@example.com`;
      const user = await userStore(stack.db.kysely).create({ email: { address, verified: true } });
      const flow = new FlowClient(stack.api.url, "login");
      await flow.start();
      await flow.run("register_client_capabilities", { webauthn_available: false });
      await flow.run("continue_with_login_identifier", { email: address });
      const answers = await inParallel(flow, "verify_passcode", { code: passcodeFrom(await stack.mail.waitForMail(address)) });
      expect(answers.filter((a) => a.name === "success")).toHaveLength(1);
      expect(answers.filter((a) => a.name !== "success").map((a) => a.status)).toEqual(Array(TWENTY - 1).fill(403));
      expect(await sessionCount(stack.db.kysely, user.id)).toBe(1);
    });

    test("twenty copies of one passkey assertion: one signs in, nineteen get 403", async () => {
      const address = `passkey.${crypto.randomUUID()}@example.com`;
      const signUp = new FlowClient(stack.api.url, "registration");
      await signUp.start();
      await signUp.capabilities();
      await signUp.run("register_login_identifier", { email: address });
      await signUp.run("verify_passcode", { code: passcodeFrom(await stack.mail.waitForMail(address)) });
      await signUp.run("webauthn_generate_creation_options");
      await signUp.run("webauthn_verify_attestation_response", {
        public_key: authenticator.create(signUp.body.payload!.creation_options, ORIGIN),
      });
      const user = await userViews(stack.db.kysely).byEmail(address);
      const flow = new FlowClient(stack.api.url, "login");
      await flow.start();
      await flow.capabilities();
      await flow.run("webauthn_generate_request_options");
      const assertion = authenticator.get(flow.body.payload!.request_options, ORIGIN);
      const answers = await inParallel(flow, "webauthn_verify_assertion_response", { assertion_response: assertion });
      expect(answers.filter((a) => a.name === "success")).toHaveLength(1);
      expect(answers.filter((a) => a.name !== "success").map((a) => a.status)).toEqual(Array(TWENTY - 1).fill(403));
      // One session from the sign-up, one from this sign-in.
      expect(await sessionCount(stack.db.kysely, user!.id)).toBe(2);
    });
  });
});

describe("a flow locker that cannot be reached", () => {
  let stack: FlowStack;
  beforeAll(async () => {
    const [sqlite] = await testDatabases();
    stack = await startFlowStack(sqlite!, { flow_locker: { enabled: true, store: "redis", redis_config: { address: "127.0.0.1:1" } } });
  });
  afterAll(() => stack.close());

  test("is a server fault, answered as technical_error in the flow format", async () => {
    const flow = new FlowClient(stack.api.url, "login");
    await flow.start();
    const answer = await flow.run("register_client_capabilities", { webauthn_available: false });
    expect(answer).toMatchObject({ name: "error", status: 500, error: { code: "technical_error" } });
  });
});
