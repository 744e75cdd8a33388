import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startRuntime } from "../../../src/app/runtime.ts";
import { listen, type RunningApi } from "../../../src/http/listen.ts";
import { publicApp } from "../../../src/http/apps/public-app.ts";
import { createLogger } from "../../../src/log/logger.ts";
import { passwordStore } from "../../../src/store/passwords.ts";
import { userStore } from "../../../src/store/users.ts";
import { testDatabases } from "../../support/databases.ts";
import { FlowClient, type FlowStack, startFlowStack } from "../../support/flow-stack.ts";
import { passcodeFrom } from "../../support/mail-catcher.ts";

const [sqlite] = await testDatabases();
const REDIS = process.env.TEST_REDIS_ADDRESS ?? "127.0.0.1:6379";

async function redisUp(): Promise<boolean> {
  try {
    const socket = await Bun.connect({ hostname: REDIS.split(":")[0]!, port: Number(REDIS.split(":")[1]), socket: { data() {} } });
    socket.end();
    return true;
  } catch {
    return false;
  }
}

const stores: [string, Record<string, unknown>][] = [
  ["in_memory", { store: "in_memory" }],
  ["sqlite", { store: "sqlite", sqlite_path: join(mkdtempSync(join(tmpdir(), "hanko-rl-")), "limits.sqlite") }],
];
if (await redisUp()) stores.push(["redis", { store: "redis", redis_config: { address: REDIS } }]);

// Hanko's limits alone: every request here comes from 127.0.0.1, and the shared file and Redis keep our
// per-client-address buckets (ip-limits.test.ts) from one test, and run, to the next.
const FAR = { tokens: 1_000_000, interval: "1m" };
const PER_IP_OFF = { flow_creation_limits: FAR, email_limits: FAR, password_ip_limits: FAR };

/** A flow of `base`, standing at login_password for `email`, ready for one password attempt. */
async function atPasswordLogin(base: string, email: string): Promise<FlowClient> {
  const flow = new FlowClient(base, "login");
  await flow.start();
  await flow.run("register_client_capabilities", { webauthn_available: false });
  await flow.run("continue_with_login_identifier", { email });
  await flow.run("continue_to_password_login");
  return flow;
}

/** Fires one password attempt per flow, all at once; returns the HTTP statuses. */
async function attemptAll(flows: FlowClient[], base: string): Promise<number[]> {
  return Promise.all(
    flows.map(async (flow) => {
      const response = await fetch(`${base}${flow.body.actions.password_login!.href}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ input_data: { password: "wrong password" }, csrf_token: flow.body.csrf_token }),
      });
      return response.status;
    }),
  );
}

describe.each(stores)("rate limits with the %s store", (_name, store) => {
  const stacks: FlowStack[] = [];
  afterAll(async () => {
    for (const s of stacks) await s.close();
  });

  test("of 50 concurrent password attempts against a limit of 5, exactly 5 get through", async () => {
    const email = `limited.${crypto.randomUUID()}@example.com`;
    const s = await startFlowStack(sqlite!, {
      password: { enabled: true },
      rate_limiter: { enabled: true, ...PER_IP_OFF, ...store, password_limits: { tokens: 5, interval: "1m" } },
    });
    stacks.push(s);
    const user = await userStore(s.db.kysely).create({ email: { address: email, verified: true } });
    await passwordStore(s.db.kysely).set(user.id, await Bun.password.hash("right password"));
    const flows: FlowClient[] = [];
    for (let i = 0; i < 50; i++) flows.push(await atPasswordLogin(s.api.url, email));
    const statuses = await attemptAll(flows, s.api.url);
    expect(statuses.filter((status) => status === 400)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(45);
  });

  test("a limited attempt answers rate_limit_exceeded with retry_after, and stays at the password", async () => {
    const email = `retry.${crypto.randomUUID()}@example.com`;
    const s = await startFlowStack(sqlite!, {
      password: { enabled: true },
      rate_limiter: { enabled: true, ...PER_IP_OFF, ...store, password_limits: { tokens: 1, interval: "1m" } },
    });
    stacks.push(s);
    await userStore(s.db.kysely).create({ email: { address: email, verified: true } });
    const flow = await atPasswordLogin(s.api.url, email);
    expect((await flow.run("password_login", { password: "first try" })).status).toBe(400);
    const limited = await flow.run("password_login", { password: "second try" });
    expect(limited).toMatchObject({ name: "login_password", status: 429, error: { code: "rate_limit_exceeded" } });
    expect(limited.payload!.retry_after).toBeGreaterThan(0);
    expect(limited.payload!.retry_after).toBeLessThanOrEqual(60);
  });

  test("passcode resends run out, with resend_after, while the last code sent keeps working", async () => {
    const email = `resend.${crypto.randomUUID()}@example.com`;
    const s = await startFlowStack(sqlite!, {
      rate_limiter: { enabled: true, ...PER_IP_OFF, ...store, passcode_limits: { tokens: 3, interval: "1m" } },
    });
    stacks.push(s);
    await userStore(s.db.kysely).create({ email: { address: email, verified: true } });
    const flow = new FlowClient(s.api.url, "login");
    await flow.start();
    await flow.run("register_client_capabilities", { webauthn_available: false });
    await flow.run("continue_with_login_identifier", { email });
    await s.mail.waitForMail(email);
    // Hanko's accounting: a resend takes one token, and re-entering the state takes another.
    const resent = await flow.run("resend_passcode");
    const code = passcodeFrom(await s.mail.waitForMail(email));
    expect(resent.status).toBe(200);
    const limited = await flow.run("resend_passcode");
    expect(limited).toMatchObject({ name: "passcode_confirmation", status: 429, error: { code: "rate_limit_exceeded" } });
    expect(limited.payload!.resend_after).toBeGreaterThan(0);
    expect((await flow.run("verify_passcode", { code })).name).toBe("success");
  });
});

describe.skipIf(stores.length < 3)("rate limits shared by two nodes through Redis", () => {
  test("attempts spread over two servers on one database share the limit of 5", async () => {
    const email = `twonodes.${crypto.randomUUID()}@example.com`;
    const settings = {
      password: { enabled: true },
      rate_limiter: {
        enabled: true,
        ...PER_IP_OFF,
        store: "redis",
        redis_config: { address: REDIS },
        password_limits: { tokens: 5, interval: "1m" },
      },
    };
    const first = await startFlowStack(sqlite!, settings);
    const runtime = await startRuntime(
      first.config,
      first.db,
      createLogger(() => {}),
      { audit: () => {} },
    );
    const second: RunningApi = listen("public", publicApp({ ...first.deps, runtime }), "127.0.0.1:0");
    try {
      const user = await userStore(first.db.kysely).create({ email: { address: email, verified: true } });
      await passwordStore(first.db.kysely).set(user.id, await Bun.password.hash("right password"));
      const flows: [FlowClient, string][] = [];
      for (let i = 0; i < 20; i++) {
        const base = i % 2 === 0 ? first.api.url : second.url;
        flows.push([await atPasswordLogin(base, email), base]);
      }
      const statuses = (await Promise.all(flows.map(([flow, base]) => attemptAll([flow], base)))).flat();
      expect(statuses.filter((status) => status === 400)).toHaveLength(5);
    } finally {
      await second.stop();
      runtime.close();
      await first.close();
    }
  });
});
