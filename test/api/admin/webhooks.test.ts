import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { testDatabases } from "../../support/databases.ts";
import { startAdminStack } from "./admin-stack.ts";
import type { AdminStack } from "./admin-stack.ts";

const GO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const UNKNOWN = "0d8e7f6a-5b4c-4d3e-8f2a-1b0c9d8e7f6a";
const DAY_MS = 24 * 60 * 60 * 1000;
const CONFIGURED = [{ callback: "https://config.example/hook", events: ["user.create"] }];

describe.each(await testDatabases())("the admin webhooks API on $family", (database) => {
  let stack: AdminStack;
  beforeAll(async () => {
    stack = await startAdminStack(database, { webhooks: { hooks: CONFIGURED } });
  });
  afterAll(() => stack.close());

  const send = (method: string, path: string, body?: string, contentType = "application/json") =>
    fetch(`${stack.api.url}${path}`, { method, headers: body === undefined ? {} : { "content-type": contentType }, body });
  const answer = async (response: Response) => ({ status: response.status, body: await response.json() });
  const refused = (status: number, message: string) => ({ status, body: { code: status, message } });
  const create = async (callback: string, events: string[]) => {
    const response = await send("POST", "/webhooks", JSON.stringify({ callback, events }));
    expect(response.status).toBe(201);
    return (await response.json()) as Record<string, any>;
  };
  const eventNames = (webhook: Record<string, any>) => (webhook.events as { event: string }[]).map((e) => e.event).sort();

  describe("POST /webhooks", () => {
    test("creates an enabled webhook that expires in 30 days and answers 201 with it", async () => {
      const before = Date.now();
      const response = await send(
        "POST",
        "/webhooks",
        JSON.stringify({ callback: "https://example.com/hook", events: ["user.create", "email.send"] }),
      );
      expect(response.status).toBe(201);
      expect(response.headers.get("content-type")).toBe("application/json");
      expect((await response.clone().text()).endsWith("}\n")).toBe(true);
      const webhook = (await response.json()) as Record<string, any>;
      expect(webhook).toMatchObject({ callback: "https://example.com/hook", enabled: true, failures: 0 });
      expect(Object.keys(webhook)).toEqual(["id", "callback", "enabled", "failures", "expires_at", "events", "created_at", "updated_at"]);
      expect(webhook.id).toMatch(UUID4);
      for (const field of ["expires_at", "created_at", "updated_at"]) expect(webhook[field]).toMatch(GO_TIME);
      const expires = Date.parse(webhook.expires_at);
      expect(expires).toBeGreaterThanOrEqual(before + 30 * DAY_MS - 1000);
      expect(expires).toBeLessThanOrEqual(Date.now() + 30 * DAY_MS + 1000);
      expect(eventNames(webhook)).toEqual(["email.send", "user.create"]);
      for (const event of webhook.events) expect(Object.keys(event)).toEqual(["id", "event"]);
    });

    test.each([
      ["an empty body", undefined, "code=400, message=callback is a required field and events is a required field"],
      ["no callback", { events: ["user"] }, "code=400, message=callback is a required field"],
      ["a callback that is no URL", { callback: "example.com/hook", events: ["user"] }, "code=400, message=callback must be a valid URL"],
      ["no events", { callback: "https://e.example" }, "code=400, message=events is a required field"],
      ["null events", { callback: "https://e.example", events: null }, "code=400, message=events is a required field"],
      [
        "an empty event list",
        { callback: "https://e.example", events: [] },
        "code=400, message=length of events must be greater or equal to 1",
      ],
      [
        "an event named twice",
        { callback: "https://e.example", events: ["user", "user"] },
        "code=400, message=events entries are not unique",
      ],
      [
        "unknown events",
        { callback: "https://e.example", events: ["user", "nope", "user.nope"] },
        "code=400, message=nope in events[1] is not a valid webhook event and user.nope in events[2] is not a valid webhook event",
      ],
    ])("refuses %s with 400", async (_, body, message) => {
      expect(await answer(await send("POST", "/webhooks", body === undefined ? undefined : JSON.stringify(body)))).toEqual(
        refused(400, message),
      );
    });

    test("refuses a value of the wrong type with Echo's message and Go's cause", async () => {
      expect(await answer(await send("POST", "/webhooks", '{"callback":"https://e.example","events":"user"}'))).toEqual(
        refused(
          400,
          "code=400, message=Unmarshal type error: expected=events.Events, got=string, field=events, offset=47, internal=json: cannot unmarshal string into Go struct field CreateWebhookRequestDto.events of type events.Events",
        ),
      );
    });

    test("refuses malformed JSON with the wrapped syntax error", async () => {
      const { status, body } = await answer(await send("POST", "/webhooks", '{"callback":'));
      expect(status).toBe(400);
      expect(body.message).toStartWith("code=400, message=");
    });

    test("refuses a body of another media type with the wrapped 415", async () => {
      expect(await answer(await send("POST", "/webhooks", "callback", "text/plain"))).toEqual(
        refused(400, "code=415, message=Unsupported Media Type"),
      );
    });
  });

  describe("GET /webhooks", () => {
    test("lists the database's webhooks and the configured ones", async () => {
      const created = await create("https://list.example/hook", ["user.delete"]);
      const { status, body } = await answer(await send("GET", "/webhooks"));
      expect(status).toBe(200);
      expect(Object.keys(body)).toEqual(["database", "config"]);
      expect(body.config).toEqual(CONFIGURED);
      expect(body.database.find((w: { id: string }) => w.id === created.id)).toEqual(created);
    });
  });

  describe("GET /webhooks/:id", () => {
    test("answers the webhook", async () => {
      const created = await create("https://get.example/hook", ["user.login", "user.update"]);
      const { status, body } = await answer(await send("GET", `/webhooks/${created.id}`));
      expect(status).toBe(200);
      expect({ ...body, events: eventNames(body) }).toEqual({ ...created, events: eventNames(created) });
    });

    test("answers 404 with Hanko's unsubstituted message for an unknown webhook", async () => {
      expect(await answer(await send("GET", `/webhooks/${UNKNOWN}`))).toEqual(refused(404, "unable to find webhook with id: %s"));
    });

    test.each(["not-a-uuid", "0d8e7f6a-5b4c-1d3e-8f2a-1b0c9d8e7f6a", UNKNOWN.toUpperCase()])("refuses the id %s with 400", async (id) => {
      expect(await answer(await send("GET", `/webhooks/${id}`))).toEqual(refused(400, "code=400, message=ID must be a valid uuid4"));
    });
  });

  describe("PUT /webhooks/:id", () => {
    test("replaces callback and events, resets failures and the expiry, and answers 200", async () => {
      const created = await create("https://put.example/old", ["user.create", "user.delete"]);
      await stack.db.kysely
        .updateTable("webhooks")
        .set({ failures: 3, expires_at: new Date(Date.now() + DAY_MS) })
        .where("id", "=", created.id)
        .execute();
      const body = JSON.stringify({ callback: "https://put.example/new", events: ["email.send"], enabled: true });
      const { status, body: updated } = await answer(await send("PUT", `/webhooks/${created.id}`, body));
      expect(status).toBe(200);
      expect(updated).toMatchObject({
        id: created.id,
        callback: "https://put.example/new",
        enabled: true,
        failures: 0,
        created_at: created.created_at,
      });
      expect(Date.parse(updated.expires_at)).toBeGreaterThan(Date.now() + 29 * DAY_MS);
      expect(eventNames(updated)).toEqual(["email.send"]);
      expect(await answer(await send("GET", `/webhooks/${created.id}`))).toEqual({ status: 200, body: updated });
      const rows = await stack.db.kysely.selectFrom("webhook_events").selectAll().where("webhook_id", "=", created.id).execute();
      expect(rows.map((r) => r.event)).toEqual(["email.send"]);
    });

    test("refuses enabled false as the tag does, since a required bool cannot be false", async () => {
      const created = await create("https://put.example/off", ["user"]);
      const body = JSON.stringify({ callback: "https://put.example/off", events: ["user"], enabled: false });
      expect(await answer(await send("PUT", `/webhooks/${created.id}`, body))).toEqual(
        refused(400, "code=400, message=enabled is a required field"),
      );
    });

    test("reports the id and every body field that fails, in order", async () => {
      expect(await answer(await send("PUT", "/webhooks/nope", "{}"))).toEqual(
        refused(
          400,
          "code=400, message=ID must be a valid uuid4 and callback is a required field and events is a required field and enabled is a required field",
        ),
      );
    });

    test("refuses a wrongly typed enabled with Echo's message", async () => {
      const body = '{"callback":"https://e.example","events":["user"],"enabled":"yes"}';
      expect(await answer(await send("PUT", `/webhooks/${UNKNOWN}`, body))).toEqual(
        refused(
          400,
          "code=400, message=Unmarshal type error: expected=bool, got=string, field=enabled, offset=65, internal=json: cannot unmarshal string into Go struct field UpdateWebhookRequestDto.enabled of type bool",
        ),
      );
    });

    test("answers 404 for an unknown webhook", async () => {
      const body = JSON.stringify({ callback: "https://e.example", events: ["user"], enabled: true });
      expect(await answer(await send("PUT", `/webhooks/${UNKNOWN}`, body))).toEqual(refused(404, "unable to find webhook with id: %s"));
    });
  });

  describe("DELETE /webhooks/:id", () => {
    test("deletes the webhook and its events and answers 204", async () => {
      const created = await create("https://delete.example/hook", ["user"]);
      const response = await send("DELETE", `/webhooks/${created.id}`);
      expect(response.status).toBe(204);
      expect(await response.text()).toBe("");
      expect((await send("GET", `/webhooks/${created.id}`)).status).toBe(404);
      const rows = await stack.db.kysely.selectFrom("webhook_events").selectAll().where("webhook_id", "=", created.id).execute();
      expect(rows).toEqual([]);
    });

    test("answers 404 for an unknown webhook and 400 for an id that is no uuid4", async () => {
      expect(await answer(await send("DELETE", `/webhooks/${UNKNOWN}`))).toEqual(refused(404, "unable to find webhook with id: %s"));
      expect(await answer(await send("DELETE", "/webhooks/x"))).toEqual(refused(400, "code=400, message=ID must be a valid uuid4"));
    });
  });
});

describe("GET /webhooks without configured hooks", () => {
  test("answers config null", async () => {
    const [sqlite] = await testDatabases();
    const stack = await startAdminStack(sqlite!);
    try {
      const body = (await (await fetch(`${stack.api.url}/webhooks`)).json()) as Record<string, unknown>;
      expect(body).toEqual({ database: [], config: null });
    } finally {
      await stack.close();
    }
  });
});

describe("webhooks.security on the admin webhooks API", () => {
  let stack: AdminStack;
  beforeAll(async () => {
    const [sqlite] = await testDatabases();
    stack = await startAdminStack(sqlite!, { webhooks: { security: { allowed_schemes: ["http", "https"], sanitize_errors: false } } });
  });
  afterAll(() => stack.close());

  const send = (method: string, path: string, body: Record<string, unknown>) =>
    fetch(`${stack.api.url}${path}`, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const answer = async (response: Response) => ({ status: response.status, body: await response.json() });
  const stored = async () => (await stack.db.kysely.selectFrom("webhooks").select(["id", "callback"]).execute()).map((w) => w.callback);

  test.each([
    ["http://127.0.0.1:8080/hook", "IP '127.0.0.1' is not public (loopback 127.0.0.0/8), which public_only mode requires"],
    ["http://[::1]/hook", "IP '::1' is not public (loopback ::1/128), which public_only mode requires"],
    ["https://10.2.3.4/hook", "IP '10.2.3.4' is not public (private 10.0.0.0/8), which public_only mode requires"],
    ["http://169.254.169.254/latest/meta-data/", "IP '169.254.169.254' is a cloud metadata endpoint"],
    [
      "http://[::ffff:127.0.0.1]/",
      "IP '::ffff:7f00:1' is not public (loopback 127.0.0.0/8 in IPv4-mapped form), which public_only mode requires",
    ],
    ["http://2130706433/", "IP '127.0.0.1' is not public (loopback 127.0.0.0/8), which public_only mode requires"],
    ["http://0x7f.1/", "IP '127.0.0.1' is not public (loopback 127.0.0.0/8), which public_only mode requires"],
    ["http://metadata.google.internal/", "host 'metadata.google.internal' is a cloud metadata endpoint"],
    ["ftp://hooks.example/", "callback scheme 'ftp' is not allowed (allowed_schemes is http, https)"],
  ])("POST refuses %s with a 400 naming the reason, and stores nothing", async (callback, reason) => {
    const before = await stored();
    expect(await answer(await send("POST", "/webhooks", { callback, events: ["user"] }))).toEqual({
      status: 400,
      body: { code: 400, message: reason },
    });
    expect(await stored()).toEqual(before);
  });

  test("PUT refuses a refused callback and leaves the webhook as it was", async () => {
    const created = await answer(await send("POST", "/webhooks", { callback: "https://hooks.example/a", events: ["user"] }));
    expect(created.status).toBe(201);
    const update = { callback: "http://192.168.1.1/", events: ["user"], enabled: true };
    expect(await answer(await send("PUT", `/webhooks/${created.body.id}`, update))).toEqual({
      status: 400,
      body: { code: 400, message: "IP '192.168.1.1' is not public (private 192.168.0.0/16), which public_only mode requires" },
    });
    expect((await answer(await fetch(`${stack.api.url}/webhooks/${created.body.id}`))).body.callback).toBe("https://hooks.example/a");
  });

  test("the body is validated first, the callback after", async () => {
    expect(await answer(await send("POST", "/webhooks", { callback: "http://127.0.0.1/", events: ["nope"] }))).toEqual({
      status: 400,
      body: { code: 400, message: "code=400, message=nope in events[0] is not a valid webhook event" },
    });
  });
});

describe("webhooks.security with Hanko's defaults on the admin webhooks API", () => {
  test("answers the sanitized reason and logs the detail", async () => {
    const [sqlite] = await testDatabases();
    const stack = await startAdminStack(sqlite!);
    try {
      const response = await fetch(`${stack.api.url}/webhooks`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ callback: "https://10.0.0.1/hook", events: ["user"] }),
      });
      expect({ status: response.status, body: await response.json() }).toEqual({
        status: 400,
        body: { code: 400, message: "callback destination not allowed" },
      });
      const logged = stack.logLines.map((line) => JSON.parse(line)).find((entry) => entry.message === "webhook callback refused");
      expect(logged).toMatchObject({
        level: "warn",
        code: "ip_not_allowed",
        reason: "IP '10.0.0.1' is not public (private 10.0.0.0/8), which public_only mode requires",
      });
    } finally {
      await stack.close();
    }
  });
});
