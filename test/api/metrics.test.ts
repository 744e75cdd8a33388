import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Elysia } from "elysia";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/db/connect.ts";
import { migrateUp } from "../../src/db/migrations/migrator.ts";
import { commonPlugins, lazyRouteTable } from "../../src/http/apps/common-plugins.ts";
import { listen, type RunningApi } from "../../src/http/listen.ts";
import { MetricsRegistry } from "../../src/http/metrics/metrics-registry.ts";
import { metricsRoute } from "../../src/http/metrics/metrics-route.ts";
import { requestMetrics } from "../../src/http/metrics/request-metrics.ts";
import { wellKnownRoutes } from "../../src/http/routes/well-known.ts";
import { testDeps } from "../support/app.ts";
import { rawRequest } from "../support/raw-http.ts";
import { sqliteSettings, testConfig } from "../support/config.ts";

// Both apps are put together as `serve all` puts together the public and the admin API: the
// metrics plugin first, sharing one registry, and `/metrics` on the admin side only.
const dir = mkdtempSync(join(tmpdir(), "hanko-metrics-"));
const db = openDatabase({ family: "sqlite", path: join(dir, "hanko.sqlite") });
const config = testConfig(sqliteSettings(join(dir, "hanko.sqlite")));
let pub: RunningApi;
let admin: RunningApi;
let closeRuntime: () => void;

beforeAll(async () => {
  await migrateUp(db);
  const { deps, close } = await testDeps(config, db);
  closeRuntime = close;
  const registry = new MetricsRegistry();
  const publicRoutes = lazyRouteTable(() => publicApp);
  const publicApp = new Elysia({ name: "public" })
    .use(requestMetrics(registry))
    .use(commonPlugins(deps, publicRoutes))
    .use(wellKnownRoutes(deps.runtime.keys, deps.config));
  const adminRoutes = lazyRouteTable(() => adminApp);
  const adminApp = new Elysia({ name: "admin" })
    .use(requestMetrics(registry))
    .use(commonPlugins(deps, adminRoutes))
    .use(metricsRoute(registry, deps.runtime.webhooks.attempts));
  pub = listen("public", publicApp, "127.0.0.1:0");
  admin = listen("admin", adminApp, "127.0.0.1:0");
});

afterAll(async () => {
  await pub.stop();
  await admin.stop();
  closeRuntime();
});

const scrape = async () => {
  const response = await fetch(`${admin.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
  return response.text();
};
const sample = (text: string, name: string) => text.split("\n").find((line) => line.startsWith(name));

describe("GET /metrics on the admin API", () => {
  test("counts a public request under its status, method, host and route", async () => {
    const host = new URL(pub.url).host;
    for (let i = 0; i < 2; i++) expect((await fetch(`${pub.url}/.well-known/jwks.json`)).status).toBe(200);
    const text = await scrape();
    const labels = `{code="200",method="GET",host="${host}",url="/.well-known/jwks.json"}`;
    expect(text).toContain("# TYPE hanko_requests_total counter");
    expect(text).toContain(`hanko_requests_total${labels} 2\n`);
  });

  test("keeps a latency histogram and size histograms for the request", async () => {
    const host = new URL(pub.url).host;
    await fetch(`${pub.url}/.well-known/config`);
    const text = await scrape();
    const base = `code="200",method="GET",host="${host}",url="/.well-known/config"`;
    expect(text).toContain("# TYPE hanko_request_duration_seconds histogram");
    expect(text).toContain(`hanko_request_duration_seconds_bucket{${base},le="10"} 1\n`);
    expect(text).toContain(`hanko_request_duration_seconds_bucket{${base},le="+Inf"} 1\n`);
    expect(text).toContain(`hanko_request_duration_seconds_count{${base}} 1\n`);
    expect(Number(sample(text, `hanko_request_duration_seconds_sum{${base}}`)!.split(" ")[1])).toBeGreaterThan(0);
    expect(text).toContain(`hanko_request_size_bytes_bucket{${base},le="1024"} 1\n`);
    expect(text).toContain(`hanko_request_size_bytes_count{${base}} 1\n`);
    expect(text).toContain(`hanko_response_size_bytes_count{${base}} 1\n`);
    expect(Number(sample(text, `hanko_response_size_bytes_sum{${base}}`)!.split(" ")[1])).toBeGreaterThan(0);
  });

  test("labels an unmatched request with an empty url, not its path, and leaves /metrics itself out", async () => {
    await fetch(`${pub.url}/no/such/route`);
    const text = await scrape();
    expect(text).toContain(`hanko_requests_total{code="404",method="GET",host="${new URL(pub.url).host}",url=""} 1\n`);
    expect(text).not.toContain("/no/such/route");
    expect(text).not.toContain('url="/metrics"');
  });

  test("keeps a bounded number of series whatever paths, Host headers and methods callers send", async () => {
    const seriesCount = (text: string) => text.split("\n").filter((line) => line.startsWith("hanko_requests_total{")).length;
    const before = seriesCount(await scrape());
    const methods = ["PROPFIND", "MKCOL", "PURGE", "SEARCH", "REPORT", "LOCK", "M-SEARCH", "UNLINK"];
    for (let i = 0; i < 200; i++) {
      const method = methods[i % methods.length];
      const response = await rawRequest(
        pub.url,
        `${method} /unique/${i}/${crypto.randomUUID()}?q=${i} HTTP/1.1\r\nHost: caller-${i}.example\r\nConnection: close\r\n\r\n`,
      );
      expect(response.status).toBe(404);
      await fetch(`${pub.url}/another/${crypto.randomUUID()}`, { headers: { Host: `fetch-${i}.example` } });
    }
    const text = await scrape();
    expect(seriesCount(text) - before).toBeLessThanOrEqual(2);
    expect(text).toContain(`hanko_requests_total{code="404",method="_OTHER",host="${new URL(pub.url).host}",url=""} 200\n`);
    expect(text).not.toContain("caller-");
    expect(text).not.toContain("/unique/");
  });

  test("counts the admin API's own requests in the same registry", async () => {
    await fetch(`${admin.url}/health/alive`);
    const text = await scrape();
    expect(text).toContain(`hanko_requests_total{code="200",method="GET",host="${new URL(admin.url).host}",url="/health/alive"} 1\n`);
  });
});

describe("webhook delivery metrics", () => {
  test("count this process's attempts by outcome", async () => {
    const attempts = { delivered: 3, retried: 2, failed: 1 };
    const response = await new Elysia().use(metricsRoute(new MetricsRegistry(), attempts)).handle(new Request("http://localhost/metrics"));
    const text = await response.text();
    expect(text).toContain("# TYPE hanko_webhook_delivery_attempts_total counter\n");
    expect(text).toContain('hanko_webhook_delivery_attempts_total{result="delivered"} 3\n');
    expect(text).toContain('hanko_webhook_delivery_attempts_total{result="retried"} 2\n');
    expect(text).toContain('hanko_webhook_delivery_attempts_total{result="failed"} 1\n');
  });
});

describe("GET /metrics without a registry", () => {
  test("is not a route, as outside `serve all`", async () => {
    const response = await new Elysia()
      .use(metricsRoute(undefined, { delivered: 0, retried: 0, failed: 0 }))
      .handle(new Request("http://localhost/metrics"));
    expect(response.status).toBe(404);
  });
});
