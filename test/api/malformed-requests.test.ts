import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Elysia } from "elysia";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/db/connect.ts";
import { migrateUp } from "../../src/db/migrations/migrator.ts";
import { adminApp } from "../../src/http/apps/admin-app.ts";
import { listen, type RunningApi } from "../../src/http/listen.ts";
import { MetricsRegistry } from "../../src/http/metrics/metrics-registry.ts";
import { publicApp } from "../../src/http/apps/public-app.ts";
import { testDeps } from "../support/app.ts";
import { sqliteSettings, testConfig } from "../support/config.ts";
import { rawRequest, type RawResponse } from "../support/raw-http.ts";

// Both APIs as `serve all` runs them (metrics on), the admin one behind an API key, every request logged.
const API_KEY = "an-admin-api-key-of-enough-length";
const dir = mkdtempSync(join(tmpdir(), "hanko-malformed-"));
const db = openDatabase({ family: "sqlite", path: join(dir, "hanko.sqlite") });
const config = testConfig({
  ...sqliteSettings(join(dir, "hanko.sqlite")),
  log: { log_health_and_metrics: true },
  server: { admin: { api_keys: [API_KEY] } },
});
let pub: RunningApi;
let admin: RunningApi;
let accessLines: string[];
let closeRuntime: () => void;

beforeAll(async () => {
  await migrateUp(db);
  const built = await testDeps(config, db);
  ({ accessLines, close: closeRuntime } = built);
  const metrics = new MetricsRegistry();
  pub = listen(
    "public",
    publicApp(built.deps, metrics)
      .get("/explode", () => {
        throw new Error("a fault in a handler");
      })
      .onBeforeHandle(({ request }) => {
        if (request.url.endsWith("/hook-explode")) throw new Error("a fault in a lifecycle hook");
      })
      .get("/hook-explode", () => "unreachable"),
    "127.0.0.1:0",
  );
  admin = listen("admin", adminApp(built.deps, metrics), "127.0.0.1:0");
});

afterAll(async () => {
  await pub.stop();
  await admin.stop();
  closeRuntime();
  await db.close();
});

const HOSTS = ["localhost", "[::1", "a b", "@@@", "", "a:99999", "%zz", "x/y?z"];
let sequence = 0;

/** Sends `<method> <target>` with `Host: <host>` and a fresh request id; answers the response and that id. */
async function send(
  api: RunningApi,
  target: string,
  host: string,
  headers = "",
  method = "GET",
): Promise<{ response: RawResponse; id: string }> {
  const id = `malformed${++sequence}`;
  const response = await rawRequest(
    api.url,
    `${method} ${target} HTTP/1.1\r\nHost: ${host}\r\nX-Request-Id: ${id}\r\n${headers}Connection: close\r\n\r\n`,
  );
  return { response, id };
}

/** The answer is JSON, never Bun's HTML error page; errors are in Hanko's `{code, message}` format. */
function expectJson(response: RawResponse, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers["content-type"]).toStartWith("application/json");
  expect(response.body).not.toContain("<html");
  const body = JSON.parse(response.body);
  if (status >= 400) expect(body).toEqual({ code: status, message: expect.any(String) });
  return body;
}

async function expectLogged(id: string, status: number, method = "GET") {
  await Bun.sleep(5);
  const entry = accessLines.map((line) => JSON.parse(line)).find((e) => e.id === id);
  expect(entry).toMatchObject({ id, status, method });
}

describe.each(HOSTS.map((host) => [JSON.stringify(host), host]))("a request with Host %s", (_label, host) => {
  test.each([
    ["public", "/health/alive", 200],
    ["public", "/.well-known/jwks.json", 200],
    ["public", "/no/such/route?x=1", 404],
    ["public", "/health/alive?x=1", 200],
    ["admin", "/health/alive", 200],
    ["admin", "/no/such/route", 404],
    ["admin", "/users?page=1&per_page=5", 200],
  ] as const)("to the %s API's %s is answered in JSON and logged", async (side, target, status) => {
    const { response, id } = await send(side === "public" ? pub : admin, target, host, `Authorization: Bearer ${API_KEY}\r\n`);
    expectJson(response, status);
    await expectLogged(id, status);
  });

  test("to an admin route without the API key is Hanko's JSON 401, logged", async () => {
    const { response, id } = await send(admin, "/users", host);
    expectJson(response, 401);
    await expectLogged(id, 401);
  });

  test("to a route with the wrong method is Hanko's JSON 405, logged", async () => {
    const { response, id } = await send(pub, "/health/alive", host, "", "DELETE");
    expectJson(response, 405);
    await expectLogged(id, 405, "DELETE");
  });

  test("whose handler fails is Hanko's bare JSON 500, logged", async () => {
    const { response, id } = await send(pub, "/explode", host);
    expectJson(response, 500);
    await expectLogged(id, 500);
  });
});

describe("absolute-form request targets", () => {
  test.each([
    ["public", "http://evil.example/health/alive?x=1", 200],
    ["public", "http://[::1/no/such/route", 404],
    ["admin", "https://user@[::1/users", 200],
  ] as const)("%s %s is answered in JSON and logged", async (side, target, status) => {
    const { response, id } = await send(side === "public" ? pub : admin, target, "[::1", `Authorization: Bearer ${API_KEY}\r\n`);
    expectJson(response, status);
    await expectLogged(id, status);
  });
});

describe("failures outside a route", () => {
  test("an exception in a lifecycle hook is Hanko's bare JSON 500, logged", async () => {
    const { response, id } = await send(pub, "/hook-explode", "[::1");
    expect(expectJson(response, 500)).toEqual({ code: 500, message: "Internal Server Error" });
    await expectLogged(id, 500);
  });

  test("an exception in the error handling itself still gets a JSON 500, never Bun's HTML page", async () => {
    const broken = listen(
      "broken",
      new Elysia()
        .onError(() => {
          throw new Error("a fault in the error handler");
        })
        .get("/", () => {
          throw new Error("a fault in a handler");
        }),
      "127.0.0.1:0",
    );
    try {
      const response = await rawRequest(broken.url, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
      expect(expectJson(response, 500)).toEqual({ code: 500, message: "Internal Server Error" });
      expect(response.body).not.toContain("a fault");
    } finally {
      await broken.stop();
    }
  });

  test("a request without any Host header is refused by Bun's parser with a bodiless 400", async () => {
    const response = await rawRequest(pub.url, "GET /health/alive HTTP/1.1\r\nConnection: close\r\n\r\n");
    expect(response.status).toBe(400);
    expect(response.body).toBe("");
  });
});
