// The admin API shows what became of a database hook's events and sends one again on request.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ManualClock } from "../../support/clock.ts";
import { testDatabases } from "../../support/databases.ts";
import { LOOPBACK_HOOKS } from "../../support/webhook-receivers.ts";
import { type AdminStack, startAdminStack } from "./admin-stack.ts";

describe.each(await testDatabases())("webhook deliveries in the admin API on $family", (database) => {
  let stack: AdminStack;
  const clock = new ManualClock(new Date());
  let status = 500;
  const calls: string[] = [];
  const receiver = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: async (request) => {
      calls.push(((await request.json()) as { event: string }).event);
      return new Response(null, { status });
    },
  });

  beforeAll(async () => {
    stack = await startAdminStack(database, { webhooks: { security: LOOPBACK_HOOKS } }, clock);
  });
  afterAll(async () => {
    await stack.close();
    receiver.stop(true);
  });

  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${stack.api.url}${path}`, { ...init, headers: { "content-type": "application/json", ...init.headers } });

  test("a failed delivery is listed with its attempts and error, and a resend delivers it", async () => {
    const created = await admin("/webhooks", {
      method: "POST",
      body: JSON.stringify({ callback: `http://127.0.0.1:${receiver.port}/hook`, events: ["user.create"] }),
    });
    const hook = (await created.json()) as { id: string };
    const user = await admin("/users", {
      method: "POST",
      body: JSON.stringify({ emails: [{ address: "listed@example.com", is_primary: true }] }),
    });
    expect(user.status).toBe(200);
    await stack.deps.runtime.webhooks.deliverDue();

    const listed = (await (await admin(`/webhooks/${hook.id}/deliveries`)).json()) as Record<string, unknown>[];
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      event: "user.create",
      status: "pending",
      attempts: 1,
      last_status: 500,
      last_error: "the receiver answered 500",
    });
    expect(typeof listed[0]!.next_attempt_at).toBe("string");
    expect(JSON.stringify(listed)).not.toContain("token");

    status = 200;
    const resent = await admin(`/webhooks/${hook.id}/deliveries/${String(listed[0]!.id)}/resend`, { method: "POST" });
    expect(resent.status).toBe(202);
    await stack.deps.runtime.webhooks.deliverDue();
    const after = (await (await admin(`/webhooks/${hook.id}/deliveries`)).json()) as Record<string, unknown>[];
    expect(after[0]).toMatchObject({ status: "delivered", attempts: 2, last_status: 200, next_attempt_at: null });
    expect(calls).toEqual(["user.create", "user.create"]);
  });

  test("unknown ids are 404 and malformed ones 400, in Hanko's error format", async () => {
    const missing = crypto.randomUUID();
    expect((await admin(`/webhooks/${missing}/deliveries`)).status).toBe(404);
    expect(await (await admin("/webhooks/not-a-uuid/deliveries")).json()).toMatchObject({ code: 400 });
    const resend = await admin(`/webhooks/${missing}/deliveries/${crypto.randomUUID()}/resend`, { method: "POST" });
    expect(await resend.json()).toEqual({ code: 404, message: "delivery not found" });
  });
});
