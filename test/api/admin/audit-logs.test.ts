import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Db } from "../../../src/db/connect.ts";
import { adminApp } from "../../../src/http/apps/admin-app.ts";
import { listen, type RunningApi } from "../../../src/http/listen.ts";
import { auditLogStore, type NewAuditLog } from "../../../src/store/audit-logs.ts";
import { testDeps } from "../../support/app.ts";
import { testConfig } from "../../support/config.ts";
import { openScratch, testDatabases } from "../../support/databases.ts";

const ADA = "11111111-1111-4111-8111-111111111111";
const BOB = "22222222-2222-4222-8222-222222222222";

describe.each(await testDatabases())("the admin audit logs API on $family", (database) => {
  let db: Db;
  let api: RunningApi;
  let close: () => Promise<void>;

  const entry = (fields: Partial<NewAuditLog> & { createdAt: Date }): NewAuditLog => ({
    type: "login_success",
    error: null,
    requestId: "req",
    sourceIp: "10.0.0.1",
    userAgent: "agent",
    actorUserId: ADA,
    actorEmail: "ada*****@example.com",
    details: null,
    ...fields,
  });

  beforeAll(async () => {
    const scratch = await openScratch(database);
    db = scratch.db;
    const config = testConfig({
      database: { dialect: "sqlite", database: ":memory:" },
      secrets: { keys: ["a-test-secret-of-enough-length"] },
    });
    const built = await testDeps(config, db);
    api = listen("admin", adminApp(built.deps), "127.0.0.1:0");
    close = async () => {
      await api.stop();
      built.close();
      await scratch.dispose();
    };
    const store = auditLogStore(db.kysely, db.family);
    await store.insert(entry({ createdAt: new Date("2026-01-01T00:00:00Z"), details: { flow_id: "f1" }, error: "bad" }));
    await store.insert(entry({ type: "login_failure", createdAt: new Date("2026-01-02T00:00:00Z") }));
    await store.insert(
      entry({
        type: "user_created",
        createdAt: new Date("2026-01-03T00:00:00Z"),
        actorUserId: BOB,
        actorEmail: "bob*****@example.org",
        sourceIp: "192.168.1.7",
      }),
    );
    await store.insert(entry({ type: "user_deleted", createdAt: new Date("2026-01-04T00:00:00Z"), actorUserId: null, actorEmail: null }));
  });

  afterAll(() => close());

  const get = (query: string) => fetch(`${api.url}/audit_logs${query}`);
  const types = async (query: string) => {
    const response = await get(query);
    expect(response.status).toBe(200);
    return ((await response.json()) as { type: string }[]).map((log) => log.type);
  };

  test("lists every entry newest first in Hanko's AuditLog shape", async () => {
    const response = await get("");
    expect(response.headers.get("x-total-count")).toBe("4");
    const logs = (await response.json()) as Record<string, unknown>[];
    expect(logs.map((log) => log.type)).toEqual(["user_deleted", "user_created", "login_failure", "login_success"]);
    expect(logs[3]).toEqual({
      id: expect.any(String),
      type: "login_success",
      error: "bad",
      meta_http_request_id: "req",
      meta_source_ip: "10.0.0.1",
      meta_user_agent: "agent",
      actor_user_id: ADA,
      actor_email: "ada*****@example.com",
      details: { flow_id: "f1" },
      created_at: "2026-01-01T00:00:00Z",
      updated_at: "2026-01-01T00:00:00Z",
    });
    expect(Object.keys(logs[0]!)).toEqual([
      "id",
      "type",
      "meta_http_request_id",
      "meta_source_ip",
      "meta_user_agent",
      "details",
      "created_at",
      "updated_at",
    ]);
  });

  test("filters by an exclusive time window", async () => {
    expect(await types("?start_time=2026-01-01T00:00:00Z&end_time=2026-01-04T00:00:00Z")).toEqual(["user_created", "login_failure"]);
  });

  test("refuses a start time that is not RFC 3339", async () => {
    const response = await get("?start_time=yesterday");
    expect(response.status).toBe(400);
  });

  test("filters by repeated types without splitting on commas", async () => {
    expect(await types("?type=login_success&type=user_created")).toEqual(["user_created", "login_success"]);
    expect(await types("?type=login_success,user_created")).toEqual([]);
  });

  test("filters by substrings of the actor id, actor email and source ip", async () => {
    expect(await types("?actor_user_id=2222-4222")).toEqual(["user_created"]);
    expect(await types("?actor_email=example.com")).toEqual(["login_failure", "login_success"]);
    expect(await types("?meta_source_ip=168.1")).toEqual(["user_created"]);
  });

  test("searches the email, source ip and actor id together with q", async () => {
    expect(await types("?q=bob")).toEqual(["user_created"]);
    expect(await types("?q=10.0.0")).toEqual(["user_deleted", "login_failure", "login_success"]);
    expect(await types("?q=1111-4111")).toEqual(["login_failure", "login_success"]);
  });

  test("pages with Link and X-Total-Count headers", async () => {
    const response = await get("?per_page=3&page=2");
    expect(response.headers.get("x-total-count")).toBe("4");
    const base = `${api.url}/audit_logs`;
    expect(response.headers.get("link")).toBe(`<${base}?page=1&per_page=3>; rel="first",<${base}?page=1&per_page=3>; rel="prev"`);
    expect(((await response.json()) as { type: string }[]).map((log) => log.type)).toEqual(["login_success"]);
  });

  test("counts only the filtered entries for the headers", async () => {
    const response = await get("?type=login_failure");
    expect(response.headers.get("x-total-count")).toBe("1");
    expect(response.headers.get("link")).toBe(`<${api.url}/audit_logs?page=1&per_page=20&type=login_failure>; rel="first"`);
  });

  test("refuses a page that is not a number with strconv's message", async () => {
    const response = await get("?page=x");
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ code: 400, message: 'strconv.ParseInt: parsing "x": invalid syntax' });
  });
});
