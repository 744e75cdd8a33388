// Webhooks are delivered from an outbox: queued in the transaction of the change, posted after it by
// a worker with Hanko's {"token","event"}, retried with backoff, and never lost or sent twice at once.
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { inTransaction } from "../../../src/db/transaction.ts";
import { NO_REQUEST } from "../../../src/events/events.ts";
import { webhookDeliveryStore } from "../../../src/store/webhook-deliveries.ts";
import { webhookStore } from "../../../src/store/webhooks.ts";
import { DELIVERY_ID_HEADER, DeliveryWorker } from "../../../src/webhooks/delivery-worker.ts";
import { pinnedSend } from "../../../src/webhooks/pinned-send.ts";
import { ManualClock } from "../../support/clock.ts";
import { testDatabases } from "../../support/databases.ts";
import { FlowClient, type FlowStack, startFlowStack } from "../../support/flow-stack.ts";
import { passcodeFrom } from "../../support/mail-catcher.ts";
import { rowCount } from "../../support/row-count.ts";
import { LOOPBACK_HOOKS } from "../../support/webhook-receivers.ts";

interface Received {
  event: string;
  token: string;
  deliveryId: string;
}

/** A webhook receiver on loopback that answers `status` (a function, so a test can change its mind). */
function startReceiver() {
  const received: Received[] = [];
  let answer = () => 200;
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const body = (await request.json()) as { token: string; event: string };
      received.push({ ...body, deliveryId: request.headers.get(DELIVERY_ID_HEADER) ?? "" });
      return new Response(null, { status: answer() });
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}/hook`,
    received,
    answer: (status: () => number) => void (answer = status),
    stop: () => server.stop(true),
  };
}

const SECOND = 1_000;

describe.each(await testDatabases())("webhook delivery on $family", (database) => {
  let stack: FlowStack;
  let receiver: ReturnType<typeof startReceiver>;
  const clock = new ManualClock(new Date());
  let worker: DeliveryWorker;

  beforeAll(async () => {
    receiver = startReceiver();
    stack = await startFlowStack(
      database,
      {
        rate_limiter: { enabled: false },
        webhooks: {
          enabled: true,
          retry_for: "1h",
          security: LOOPBACK_HOOKS,
          hooks: [{ callback: receiver.url, events: ["user", "email.send", "session"] }],
        },
      },
      { clock },
    );
    worker = stack.deps.runtime.webhooks;
  });
  afterAll(async () => {
    await stack.close();
    receiver.stop();
  });
  afterEach(() => {
    receiver.answer(() => 200);
    receiver.received.length = 0;
  });

  async function signUp(address: string): Promise<string> {
    const flow = new FlowClient(stack.api.url, "registration");
    await flow.start();
    await flow.capabilities();
    await flow.run("register_login_identifier", { email: address });
    await flow.run("verify_passcode", { code: passcodeFrom(await stack.mail.waitForMail(address)) });
    const done = await flow.run("skip");
    expect(done.name).toBe("success");
    return done.payload!.user.user_id as string;
  }

  test("a sign-up delivers email.send and user.create with Hanko's token, verifiable against the JWKS", async () => {
    const address = `hooked.${crypto.randomUUID()}@example.com`;
    const userId = await signUp(address);
    await worker.deliverDue();
    expect(receiver.received.map((r) => r.event).sort()).toEqual(["email.send", "session.create.flow", "user.create"]);
    const jwks = createRemoteJWKSet(new URL(`${stack.api.url}/.well-known/jwks.json`));
    const created = receiver.received.find((r) => r.event === "user.create")!;
    const { payload } = await jwtVerify(created.token, jwks, { currentDate: clock.now() });
    expect(payload).toMatchObject({ sub: "hanko webhooks", evt: "user.create", aud: ["localhost"] });
    expect(payload.exp! - payload.iat!).toBe(300);
    expect((payload.data as { id: string; emails: { address: string }[] }).id).toBe(userId);
    expect((payload.data as { emails: { address: string }[] }).emails[0]!.address).toBe(address);
    const mail = receiver.received.find((r) => r.event === "email.send")!;
    const mailData = (await jwtVerify(mail.token, jwks, { currentDate: clock.now() })).payload.data as Record<string, any>;
    expect(mailData).toMatchObject({ to_email_address: address, delivered_by_hanko: true, type: "email_verification" });
    expect(mailData.data.otp_code).toMatch(/^\d{6}$/);
    expect(new Set(receiver.received.map((r) => r.deliveryId)).size).toBe(3);
  });

  test("a session's start and its logout are delivered as session events with the session row (Hanko's main branch)", async () => {
    await signUp(`session.${crypto.randomUUID()}@example.com`);
    await worker.deliverDue();
    const created = receiver.received.find((r) => r.event === "session.create.flow")!;
    const session = (
      await jwtVerify(created.token, createRemoteJWKSet(new URL(`${stack.api.url}/.well-known/jwks.json`)), { currentDate: clock.now() })
    ).payload.data as { id: string; user_id: string; expires_at: string };
    const row = await stack.db.kysely.selectFrom("sessions").selectAll().where("id", "=", session.id).executeTakeFirstOrThrow();
    expect(session.user_id).toBe(row.user_id);
    const token = await stack.deps.runtime.sessions.issue(row.user_id);
    const logout = await fetch(`${stack.api.url}/logout`, { method: "POST", headers: { authorization: `Bearer ${token.token}` } });
    expect(logout.status).toBe(204);
    await worker.deliverDue();
    expect(receiver.received.map((r) => r.event)).toContain("session.delete.explicit.logout");
  });

  test("a receiver that fails gets the event again after the backoff, with the same delivery id", async () => {
    receiver.answer(() => 503);
    const retriedBefore = worker.attempts.retried;
    await signUp(`retry.${crypto.randomUUID()}@example.com`);
    await worker.deliverDue();
    expect(worker.attempts.retried).toBeGreaterThan(retriedBefore);
    const first = receiver.received.find((r) => r.event === "user.create")!;
    // Not due again before the backoff has passed.
    await worker.deliverDue();
    expect(receiver.received.filter((r) => r.event === "user.create")).toHaveLength(1);
    receiver.answer(() => 204);
    clock.advance(2 * SECOND);
    await worker.deliverDue();
    const again = receiver.received.filter((r) => r.event === "user.create");
    expect(again).toHaveLength(2);
    expect(again[1]!.deliveryId).toBe(first.deliveryId);
    const row = await webhookDeliveryStore(stack.db.kysely).byId(first.deliveryId);
    expect(row).toMatchObject({ status: "delivered", attempts: 2, last_status: 204 });
  });

  test("an event still failing after webhooks.retry_for is marked failed, and a database hook counts the failure", async () => {
    const hookId = await webhookStore(stack.db.kysely, clock).create({
      callback: receiver.url,
      enabled: true,
      events: ["user.create"],
      expiresAt: new Date(clock.now().getTime() + 3_600 * SECOND),
    });
    receiver.answer(() => 500);
    await signUp(`gone.${crypto.randomUUID()}@example.com`);
    await worker.deliverDue();
    clock.advance(2 * 3_600 * SECOND);
    await worker.deliverDue();
    const rows = await webhookDeliveryStore(stack.db.kysely).ofWebhook(hookId, 10);
    expect(rows.map((r) => r.status)).toEqual(["failed"]);
    expect(rows[0]!.last_error).toBe("the receiver answered 500");
    expect((await webhookStore(stack.db.kysely).byId(hookId))!.failures).toBe(1);
    await webhookStore(stack.db.kysely).delete(hookId);
  });

  test("a delivery whose worker died mid-way is delivered by another once its lease runs out", async () => {
    const store = webhookDeliveryStore(stack.db.kysely, clock);
    await store.enqueue([{ webhookId: null, callback: receiver.url, event: "user.update", data: { id: "orphan" } }]);
    const [row] = await store.due(1);
    expect(await store.lease([row!.id], crypto.randomUUID(), new Date(clock.now().getTime() + 60 * SECOND))).toHaveLength(1);
    await worker.deliverDue();
    expect(receiver.received).toHaveLength(0);
    clock.advance(61 * SECOND);
    await worker.deliverDue();
    expect(receiver.received.map((r) => r.deliveryId)).toEqual([row!.id]);
  });

  test("an event of a change that rolls back is never delivered", async () => {
    const before = await rowCount(stack.db.kysely, "webhook_deliveries");
    const origin = { requestId: "r", ip: "127.0.0.1", userAgent: "test" };
    await expect(
      inTransaction(stack.db, async (tx) => {
        await stack.deps.runtime.events.bind(tx, origin).emit({ webhook: "user.update", userId: null, data: { id: "rolled back" } });
        throw new Error("the change fails after its event");
      }),
    ).rejects.toThrow("the change fails");
    expect(await rowCount(stack.db.kysely, "webhook_deliveries")).toBe(before);
  });

  test("two workers on one database deliver each event once", async () => {
    const store = webhookDeliveryStore(stack.db.kysely, clock);
    await store.enqueue(
      Array.from({ length: 30 }, (_, i) => ({ webhookId: null, callback: receiver.url, event: "user.update", data: { i } })),
    );
    const other = new DeliveryWorker({
      db: stack.db,
      keys: stack.deps.runtime.keys,
      clock,
      log: stack.deps.log,
      send: pinnedSend(stack.config),
      settings: { audience: ["localhost"], retryForMs: 3_600 * SECOND, expireHooks: false },
    });
    await Promise.all([worker.deliverDue(), other.deliverDue()]);
    const ids = receiver.received.map((r) => r.deliveryId);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
  });
});

describe("mail through the webhook alone", () => {
  let stack: FlowStack;
  let receiver: ReturnType<typeof startReceiver>;

  beforeAll(async () => {
    receiver = startReceiver();
    const [sqlite] = await testDatabases();
    stack = await startFlowStack(sqlite!, {
      rate_limiter: { enabled: false },
      email_delivery: { enabled: false },
      webhooks: { enabled: true, security: LOOPBACK_HOOKS, hooks: [{ callback: receiver.url, events: ["email.send"] }] },
    });
    stack.deps.runtime.webhooks.start();
  });
  afterAll(async () => {
    await stack.close();
    receiver.stop();
  });

  /** The passcode of the next `email.send` to `address`, read from the verified token. */
  async function passcodeFromHook(address: string): Promise<string> {
    const jwks = createRemoteJWKSet(new URL(`${stack.api.url}/.well-known/jwks.json`));
    for (let waited = 0; waited < 5_000; waited += 20) {
      for (const [i, r] of receiver.received.entries()) {
        const data = (await jwtVerify(r.token, jwks)).payload.data as Record<string, any>;
        if (data.to_email_address === address) {
          receiver.received.splice(i, 1);
          expect(data.delivered_by_hanko).toBe(false);
          return data.data.otp_code as string;
        }
      }
      await Bun.sleep(20);
    }
    throw new Error(`no email.send to ${address}`);
  }

  test("with email_delivery.enabled: false, a sign-up and a sign-in complete with the passcodes from email.send, and no SMTP mail", async () => {
    const address = `hookmail.${crypto.randomUUID()}@example.com`;
    const signUp = new FlowClient(stack.api.url, "registration");
    await signUp.start();
    await signUp.capabilities();
    await signUp.run("register_login_identifier", { email: address });
    await signUp.run("verify_passcode", { code: await passcodeFromHook(address) });
    expect((await signUp.run("skip")).name).toBe("success");

    const signIn = new FlowClient(stack.api.url, "login");
    await signIn.start();
    await signIn.run("register_client_capabilities", { webauthn_available: false });
    await signIn.run("continue_with_login_identifier", { email: address });
    expect((await signIn.run("verify_passcode", { code: await passcodeFromHook(address) })).name).toBe("success");
    expect(stack.mail.mails.filter((m) => m.to.includes(address))).toEqual([]);
  });
});

describe("delivery under the default public_only", () => {
  let stack: FlowStack;
  let receiver: ReturnType<typeof startReceiver>;

  beforeAll(async () => {
    receiver = startReceiver();
    const [sqlite] = await testDatabases();
    stack = await startFlowStack(sqlite!, { webhooks: { security: { allowed_schemes: ["http"] } } });
  });
  afterAll(async () => {
    await stack.close();
    receiver.stop();
  });

  test("a hook whose name resolves to loopback is refused at delivery, with the reason kept and nothing sent", async () => {
    const port = new URL(receiver.url).port;
    const hookId = await webhookStore(stack.db.kysely).create({
      callback: `http://localhost:${port}/hook`,
      enabled: true,
      events: ["user"],
      expiresAt: new Date(Date.now() + 3_600 * SECOND),
    });
    await stack.deps.runtime.events.bind(stack.db.kysely, NO_REQUEST).emit({ webhook: "user.update", userId: null, data: { id: "x" } });
    await stack.deps.runtime.webhooks.deliverDue();
    expect(receiver.received).toEqual([]);
    const [row] = await webhookDeliveryStore(stack.db.kysely).ofWebhook(hookId, 1);
    expect(row).toMatchObject({ status: "pending", attempts: 1, last_status: null });
    expect(row!.last_error).toContain("not allowed");
  });
});
