import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { passwordStore } from "../../../src/store/passwords.ts";
import { userStore } from "../../../src/store/users.ts";
import { testDatabases } from "../../support/databases.ts";
import { FlowClient, type FlowStack, startFlowStack } from "../../support/flow-stack.ts";
import { rowCount } from "../../support/row-count.ts";

// Clients are told apart by X-Forwarded-For, which the server believes from the test's own 127.0.0.1 only.
const BEHIND_PROXY = { extractor: "x_forwarded_for", trusted_proxies: ["127.0.0.1/32"] };
const LIMITS = {
  flow_creation_limits: { tokens: 10, interval: "1m" },
  email_limits: { tokens: 2, interval: "10m" },
  password_ip_limits: { tokens: 2, interval: "1m" },
};

let nextClient = 0;
/** An address no test has used: every test starts with full buckets. */
const newClient = () => `203.0.113.${++nextClient}`;

describe.each(await testDatabases())("per-IP limits on $family", (database) => {
  let stack: FlowStack;
  let hashesInFlight = 0;
  let mostHashesInFlight = 0;
  let hashes = 0;

  beforeAll(async () => {
    stack = await startFlowStack(database, {
      server: { ip: BEHIND_PROXY },
      password: { enabled: true },
      rate_limiter: { enabled: true, ...LIMITS },
    });
    // Counts the hashes the server computes for password checks, and how many run at once.
    const hasher = stack.deps.runtime.passwords;
    for (const method of ["verify", "verifyNobody"] as const) {
      const original = hasher[method].bind(hasher) as (...args: string[]) => Promise<unknown>;
      (hasher as unknown as Record<string, unknown>)[method] = async (...args: string[]) => {
        hashes++;
        mostHashesInFlight = Math.max(mostHashesInFlight, ++hashesInFlight);
        try {
          return await original(...args);
        } finally {
          hashesInFlight--;
        }
      };
    }
  });
  afterAll(() => stack.close());

  const flowCount = async () => rowCount(stack.db.kysely, "flows");

  async function atIdentifier(client: string, email: string): Promise<FlowClient> {
    const flow = new FlowClient(stack.api.url, "login", { "x-forwarded-for": client });
    expect((await flow.start()).status).toBe(200);
    await flow.run("register_client_capabilities", { webauthn_available: false });
    await flow.run("continue_with_login_identifier", { email });
    return flow;
  }

  async function atPasswordLogin(client: string, email: string): Promise<FlowClient> {
    const flow = await atIdentifier(client, email);
    await flow.run("continue_to_password_login");
    return flow;
  }

  test("flows created past the limit are refused with rate_limit_exceeded and leave no flow behind; another client may still start", async () => {
    const client = newClient();
    const start = (flow: "login" | "registration", from: string) =>
      fetch(`${stack.api.url}/${flow}`, { method: "POST", headers: { "x-forwarded-for": from } });
    for (let i = 0; i < LIMITS.flow_creation_limits.tokens; i++)
      expect((await start(i % 2 ? "login" : "registration", client)).status).toBe(200);
    const before = await flowCount();

    const refused = await start("login", client);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await refused.json()).toEqual({
      name: "error",
      status: 429,
      payload: { retry_after: retryAfter },
      csrf_token: "",
      actions: {},
      error: { code: "rate_limit_exceeded", message: "The rate limit has been exceeded." },
      links: null,
    });
    expect((await start("registration", client)).status).toBe(429);
    expect(await flowCount()).toBe(before);

    expect((await start("login", newClient())).status).toBe(200);
    expect(await flowCount()).toBe(before + 1);
  });

  test("mails to ever new addresses stop at the client's limit with resend_after; another client's still go out", async () => {
    const client = newClient();
    const addresses = [1, 2, 3].map((i) => `mail${i}.${crypto.randomUUID()}@example.com`);
    for (const address of addresses.slice(0, 2)) {
      const sent = await atIdentifier(client, address);
      expect(sent.body).toMatchObject({ name: "login_method_chooser", status: 200 });
      expect((await sent.run("continue_to_passcode_confirmation")).status).toBe(200);
      await stack.mail.waitForMail(address);
    }

    const limited = await atIdentifier(client, addresses[2]!);
    const refused = await limited.run("continue_to_passcode_confirmation");
    expect(refused).toMatchObject({ name: "passcode_confirmation", status: 429, error: { code: "rate_limit_exceeded" } });
    expect(refused.payload!.resend_after).toBeGreaterThan(60);
    expect(refused.payload!.resend_after).toBeLessThanOrEqual(600);
    expect((await limited.run("resend_passcode")).status).toBe(429);

    const other = `other.${crypto.randomUUID()}@example.com`;
    const elsewhere = await atIdentifier(newClient(), other);
    expect((await elsewhere.run("continue_to_passcode_confirmation")).status).toBe(200);
    await stack.mail.waitForMail(other);
    expect(stack.mail.mails.filter((mail) => mail.to.includes(addresses[2]!))).toEqual([]);
  });

  test("password checks past the client's limit are refused before any hashing, for unknown and known identifiers alike", async () => {
    const known = `known.${crypto.randomUUID()}@example.com`;
    const user = await userStore(stack.db.kysely).create({ email: { address: known, verified: true } });
    await passwordStore(stack.db.kysely).set(user.id, await Bun.password.hash("the right password"));
    const client = newClient();
    const unknown = () => `nobody.${crypto.randomUUID()}@example.com`;
    const flows = [
      await atPasswordLogin(client, unknown()),
      await atPasswordLogin(client, unknown()),
      await atPasswordLogin(client, unknown()),
      await atPasswordLogin(client, known),
    ];
    for (const flow of flows.slice(0, 2)) expect((await flow.run("password_login", { password: "a guess" })).status).toBe(400);

    const hashesBefore = hashes;
    for (const flow of flows.slice(2)) {
      const refused = await flow.run("password_login", { password: "the right password" });
      expect(refused).toMatchObject({ name: "login_password", status: 429, error: { code: "rate_limit_exceeded" } });
      expect(refused.payload!.retry_after).toBeGreaterThan(0);
      expect(refused.payload!.retry_after).toBeLessThanOrEqual(60);
    }
    expect(hashes).toBe(hashesBefore);

    const elsewhere = await atPasswordLogin(newClient(), known);
    expect((await elsewhere.run("password_login", { password: "the right password" })).name).toBe("success");
  });

  test("concurrent password checks from one client never hash more than one at a time", async () => {
    const [first, second] = [newClient(), newClient()];
    const flows: FlowClient[] = [];
    for (let i = 0; i < 6; i++) flows.push(await atPasswordLogin(first, `nobody.${crypto.randomUUID()}@example.com`));
    mostHashesInFlight = 0;
    const answers = await Promise.all(
      flows.map((flow) =>
        flow
          .run("password_login", { password: "a guess" })
          .then((body) => ({ status: body.status, retryAfter: body.payload?.retry_after })),
      ),
    );
    expect(mostHashesInFlight).toBe(1);
    expect(answers.filter((answer) => answer.status === 400).length).toBeGreaterThanOrEqual(1);
    expect(answers.filter((answer) => answer.status === 400).length).toBeLessThanOrEqual(LIMITS.password_ip_limits.tokens);
    for (const answer of answers.filter((a) => a.status !== 400))
      expect(answer).toMatchObject({ status: 429, retryAfter: expect.any(Number) });

    const elsewhere = await atPasswordLogin(second, `nobody.${crypto.randomUUID()}@example.com`);
    expect((await elsewhere.run("password_login", { password: "a guess" })).status).toBe(400);
  });
});

describe.each(await testDatabases())("per-IP limits with rate_limiter.enabled false on $family", (database) => {
  let stack: FlowStack;
  const tight = { tokens: 1, interval: "1h" };
  beforeAll(async () => {
    stack = await startFlowStack(database, {
      server: { ip: BEHIND_PROXY },
      password: { enabled: true },
      rate_limiter: { enabled: false, flow_creation_limits: tight, email_limits: tight, password_ip_limits: tight },
    });
  });
  afterAll(() => stack.close());

  test("flows, mails and password checks from one client are not limited", async () => {
    const client = newClient();
    for (let i = 0; i < 3; i++) {
      const address = `free${i}.${crypto.randomUUID()}@example.com`;
      const mailed = new FlowClient(stack.api.url, "login", { "x-forwarded-for": client });
      expect((await mailed.start()).status).toBe(200);
      await mailed.run("register_client_capabilities", { webauthn_available: false });
      await mailed.run("continue_with_login_identifier", { email: address });
      expect((await mailed.run("continue_to_passcode_confirmation")).status).toBe(200);
      await stack.mail.waitForMail(address);
      expect((await mailed.run("back")).name).toBe("login_method_chooser");
      await mailed.run("continue_to_password_login");
      expect((await mailed.run("password_login", { password: "a guess" })).status).toBe(400);
    }
  });
});
