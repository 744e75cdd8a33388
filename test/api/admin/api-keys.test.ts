import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { riskyDefaults } from "../../../src/cli/serve.ts";
import { testConfig } from "../../support/config.ts";
import { testDatabases } from "../../support/databases.ts";
import { type AdminStack, startAdminStack } from "./admin-stack.ts";

const KEY = "k3y-0123456789abcdefghijklmnopqrstuv";
const OTHER_KEY = "another-admin-key-of-32-characters-or-more";
const [sqlite] = await testDatabases();

describe("an admin API with API keys", () => {
  let stack: AdminStack;
  beforeAll(async () => {
    stack = await startAdminStack(sqlite!, { server: { admin: { address: "127.0.0.1:0", api_keys: [KEY, OTHER_KEY] } } });
  });
  afterAll(() => stack.close());

  const get = (path: string, authorization?: string) =>
    fetch(`${stack.api.url}${path}`, { headers: authorization === undefined ? {} : { authorization } });

  test("serves requests that carry any of the keys as a Bearer token", async () => {
    expect((await get("/users", `Bearer ${KEY}`)).status).toBe(200);
    expect((await get("/users", `Bearer ${OTHER_KEY}`)).status).toBe(200);
  });

  test("refuses requests without a key, with a wrong key or with a key differing only in its last character", async () => {
    const nearly = `${KEY.slice(0, -1)}w`;
    for (const authorization of [undefined, "Bearer wrong", `Bearer ${nearly}`, `Bearer ${KEY}x`, `Basic ${KEY}`, KEY]) {
      const response = await get("/users", authorization);
      expect(response.status).toBe(401);
      expect(await response.text()).toBe('{"code":401,"message":"Unauthorized"}\n');
    }
  });

  test("refuses unknown paths without a key too, so they reveal nothing, and keeps the request id", async () => {
    const response = await get("/no-such-route");
    expect(response.status).toBe(401);
    expect(response.headers.get("x-request-id")).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  test("leaves the health checks and the status page open", async () => {
    expect((await get("/health/alive")).status).toBe(200);
    expect((await get("/health/ready")).status).toBe(200);
    expect((await get("/")).status).toBe(200);
  });
});

describe("an admin API without API keys", () => {
  let stack: AdminStack;
  beforeAll(async () => {
    stack = await startAdminStack(sqlite!);
  });
  afterAll(() => stack.close());

  test("is open, as Hanko's is", async () => {
    expect((await fetch(`${stack.api.url}/users`)).status).toBe(200);
  });
});

describe("the start-up warnings", () => {
  const adminWarnings = (admin: Record<string, unknown>, servesAdmin = true) =>
    riskyDefaults(
      testConfig({ database: { dialect: "sqlite", database: ":memory:" }, server: { admin } }),
      servesAdmin ? "all" : "public",
    ).filter((w) => w.startsWith("server.admin.api_keys"));

  test("warn when the admin API has no keys and listens beyond this machine", () => {
    for (const address of [":8001", "0.0.0.0:8001", "10.1.2.3:8001", "[::]:8001"]) {
      expect(adminWarnings({ address })).toEqual([
        `server.admin.api_keys is empty and the admin API listens on ${address}, beyond this machine: it refuses (403) requests whose Host is not localhost, 127.0.0.0/8 or [::1], so other machines cannot use it by name or address, yet anyone who can reach that port and sends such a Host header can manage every user; set API keys (SERVER_ADMIN_API_KEYS) or listen on 127.0.0.1`,
      ]);
    }
  });

  test("stay silent for loopback addresses and when keys are set", () => {
    for (const address of ["127.0.0.1:8001", "127.8.9.10:8001", "localhost:8001", "[::1]:8001"])
      expect(adminWarnings({ address })).toEqual([]);
    expect(adminWarnings({ address: ":8001", api_keys: [KEY] })).toEqual([]);
  });

  test("stay silent when only the public API is served", () => {
    expect(adminWarnings({ address: ":8001" }, false)).toEqual([]);
  });
});
