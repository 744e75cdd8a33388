import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/db/connect.ts";
import { migrateUp } from "../../src/db/migrations/migrator.ts";
import { adminApp } from "../../src/http/apps/admin-app.ts";
import type { AppDeps } from "../../src/http/app-deps.ts";
import { listen, type RunningApi } from "../../src/http/listen.ts";
import { publicApp } from "../../src/http/apps/public-app.ts";
import { testDeps } from "../support/app.ts";
import { sqliteSettings, testConfig } from "../support/config.ts";
import { streamedBody } from "../support/streamed-body.ts";

const dir = mkdtempSync(join(tmpdir(), "hanko-http-"));
const db = openDatabase({ family: "sqlite", path: join(dir, "hanko.sqlite") });
const config = testConfig({
  ...sqliteSettings(join(dir, "hanko.sqlite")),
  server: {
    public: { address: "127.0.0.1:0", cors: { allow_origins: ["https://app.example.com", "https://*.tenant.example"] } },
    admin: { address: "127.0.0.1:0" },
  },
});
let deps: AppDeps;
let accessLines: string[];
let errorLines: string[];
let closeRuntime: () => void;

let pub: RunningApi;
let admin: RunningApi;

beforeAll(async () => {
  await migrateUp(db);
  const built = await testDeps(config, db);
  ({ deps, accessLines, close: closeRuntime } = built);
  errorLines = built.logLines;
  pub = listen(
    "public",
    publicApp(deps).get("/explode", () => {
      throw new Error("connection string postgres://user:hunter2@db");
    }),
    "127.0.0.1:0",
  );
  admin = listen("admin", adminApp(deps), "127.0.0.1:0");
});

afterAll(async () => {
  await pub.stop();
  await admin.stop();
  closeRuntime();
  await db.close();
});

describe.each([["public", () => pub] as const, ["admin", () => admin] as const])("the %s API", (_name, api) => {
  test("answers liveness", async () => {
    const response = await fetch(`${api().url}/health/alive`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ alive: true });
  });

  test("reports ready while the database answers", async () => {
    const response = await fetch(`${api().url}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ready: true });
  });

  test("serves the HTML status page at /", async () => {
    const response = await fetch(`${api().url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toStartWith("text/html");
    expect(await response.text()).toContain("API Status");
  });

  test("answers an unknown route with Hanko's JSON 404", async () => {
    const response = await fetch(`${api().url}/no/such/route`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toStartWith("application/json");
    expect(await response.json()).toEqual({ code: 404, message: "Not Found" });
  });

  test("answers a known path with the wrong method with Hanko's JSON 405", async () => {
    const response = await fetch(`${api().url}/health/alive`, { method: "DELETE" });
    expect(response.status).toBe(405);
    expect(await response.json()).toEqual({ code: 405, message: "Method Not Allowed" });
  });

  test("echoes the caller's X-Request-Id", async () => {
    const response = await fetch(`${api().url}/health/alive`, { headers: { "X-Request-Id": "trace-me-123" } });
    expect(response.headers.get("x-request-id")).toBe("trace-me-123");
  });

  test("makes a 32-character request id when the caller sends none, also on errors", async () => {
    const ok = await fetch(`${api().url}/health/alive`);
    const missing = await fetch(`${api().url}/missing`);
    expect(ok.headers.get("x-request-id")).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(missing.headers.get("x-request-id")).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(missing.headers.get("x-request-id")).not.toBe(ok.headers.get("x-request-id"));
  });
});

describe("CORS on the public API", () => {
  test("reflects an allowed origin with credentials and the exposed session headers", async () => {
    const response = await fetch(`${pub.url}/health/alive`, { headers: { Origin: "https://app.example.com" } });
    expect(response.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
    expect(response.headers.get("access-control-expose-headers")).toContain("X-Session-Lifetime");
    expect(response.headers.get("vary")).toContain("Origin");
  });

  test("matches wildcard entries against subdomains", async () => {
    const response = await fetch(`${pub.url}/health/alive`, { headers: { Origin: "https://shop.tenant.example" } });
    expect(response.headers.get("access-control-allow-origin")).toBe("https://shop.tenant.example");
  });

  test("gives a disallowed origin no CORS headers", async () => {
    const response = await fetch(`${pub.url}/health/alive`, { headers: { Origin: "https://evil.example.net" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(response.headers.get("access-control-allow-credentials")).toBeNull();
  });

  test("answers an allowed preflight with 204, the path's methods and the requested headers", async () => {
    const response = await fetch(`${pub.url}/health/ready`, {
      method: "OPTIONS",
      headers: {
        Origin: "https://app.example.com",
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "content-type",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    expect(response.headers.get("access-control-allow-methods")).toContain("GET");
    expect(response.headers.get("access-control-allow-headers")).toBe("content-type");
    expect(response.headers.get("access-control-max-age")).toBe("7200");
  });

  test("answers a disallowed preflight with a bare 204", async () => {
    const response = await fetch(`${pub.url}/health/ready`, {
      method: "OPTIONS",
      headers: { Origin: "https://evil.example.net", "Access-Control-Request-Method": "GET" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(response.headers.get("access-control-allow-methods")).toBeNull();
  });

  test("is absent from the admin API", async () => {
    const response = await fetch(`${admin.url}/health/alive`, { headers: { Origin: "https://app.example.com" } });
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("failures", () => {
  test("an unexpected error is a bare JSON 500; its detail is logged with the request id, not sent", async () => {
    const response = await fetch(`${pub.url}/explode`, { headers: { "X-Request-Id": "boom-1" } });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ code: 500, message: "Internal Server Error" });
    expect(text).not.toContain("hunter2");
    const logged = errorLines.map((line) => JSON.parse(line)).find((entry) => entry.request_id === "boom-1");
    expect(logged?.level).toBe("error");
  });

  test("a HEAD request to an unknown route gets the status without a body", async () => {
    const response = await fetch(`${pub.url}/missing`, { method: "HEAD" });
    expect(response.status).toBe(404);
    expect(await response.text()).toBe("");
  });
});

describe("the access log", () => {
  test("writes one JSON line per request with Hanko's fields", async () => {
    await fetch(`${pub.url}/no/such/page?x=1`, { headers: { "X-Request-Id": "log-me", "User-Agent": "test-agent" } });
    await Bun.sleep(20);
    const entry = accessLines.map((line) => JSON.parse(line)).find((e) => e.id === "log-me");
    expect(entry).toMatchObject({ method: "GET", uri: "/no/such/page?x=1", status: 404, user_agent: "test-agent", remote_ip: "127.0.0.1" });
    expect(typeof entry.latency).toBe("number");
  });

  test("logs a CORS preflight, answered before any route, with its client address", async () => {
    const response = await fetch(`${pub.url}/logout`, {
      method: "OPTIONS",
      headers: { Origin: "https://app.example.com", "Access-Control-Request-Method": "POST", "X-Request-Id": "log-preflight" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("x-request-id")).toBe("log-preflight");
    await Bun.sleep(20);
    const entry = accessLines.map((line) => JSON.parse(line)).find((e) => e.id === "log-preflight");
    expect(entry).toMatchObject({ method: "OPTIONS", uri: "/logout", status: 204, remote_ip: "127.0.0.1" });
  });

  test("leaves health checks out by default, as Hanko does", async () => {
    await fetch(`${pub.url}/health/alive`, { headers: { "X-Request-Id": "quiet-health" } });
    await Bun.sleep(20);
    expect(accessLines.some((line) => line.includes("quiet-health"))).toBe(false);
  });
});

describe("request bodies", () => {
  test("a route without a body limit of its own is cut off after a few megabytes", async () => {
    const streamed = streamedBody(127 * 1024 * 1024, '{"session_token":"');
    const response = await fetch(`${pub.url}/sessions/validate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: streamed.body,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(streamed.pushed()).toBeLessThan(8 * 1024 * 1024);
  });
});

describe("readiness", () => {
  test("turns 503 when the database stops answering", async () => {
    const lostDir = mkdtempSync(join(tmpdir(), "hanko-lost-"));
    const lost = openDatabase({ family: "sqlite", path: join(lostDir, "hanko.sqlite") });
    const api = listen("public", publicApp({ ...deps, db: lost }), "127.0.0.1:0");
    try {
      expect((await fetch(`${api.url}/health/ready`)).status).toBe(200);
      await lost.close();
      const response = await fetch(`${api.url}/health/ready`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ ready: false });
      expect((await fetch(`${api.url}/`)).status).toBe(500);
    } finally {
      await api.stop();
    }
  });
});

describe("graceful stop", () => {
  test("answers the requests in flight, then refuses new connections", async () => {
    let arrived!: () => void;
    const inFlight = new Promise<void>((resolve) => (arrived = resolve));
    const api = listen(
      "public",
      publicApp(deps).get("/slow", async () => {
        arrived();
        await Bun.sleep(300);
        return { finished: true };
      }),
      "127.0.0.1:0",
    );
    const pending = fetch(`${api.url}/slow`);
    await inFlight;
    const stopped = api.stop();
    const response = await pending;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ finished: true });
    await stopped;
    await expect(fetch(`${api.url}/health/alive`)).rejects.toThrow();
  });
});
