import { afterEach, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { deliverPinned, type DeliveryResult } from "../../../src/ssrf/pinned-delivery.ts";
import { policyWith, tableResolver } from "./helpers.ts";

interface Received {
  method: string;
  path: string;
  host: string | null;
  headers: Headers;
  body: string;
}

type Handler = (request: Request, port: number) => Response | Promise<Response>;

const receivers: { stop(force?: boolean): unknown }[] = [];
afterEach(() => {
  for (const receiver of receivers.splice(0)) receiver.stop(true);
});

const TLS_DIR = join(import.meta.dir, "../../support/tls");
const CERT = readFileSync(join(TLS_DIR, "hook-test.crt"), "utf8");
const KEY = readFileSync(join(TLS_DIR, "hook-test.key"), "utf8");

/** A webhook receiver on 127.0.0.1 that records what reaches it. */
function receiver(handle: Handler = () => new Response("ok"), tls = false) {
  const received: Received[] = [];
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    ...(tls ? { tls: { cert: CERT, key: KEY } } : {}),
    async fetch(request): Promise<Response> {
      const url = new URL(request.url);
      received.push({
        method: request.method,
        path: url.pathname,
        host: request.headers.get("host"),
        headers: request.headers,
        body: await request.text(),
      });
      return handle(request, server.port!);
    },
  });
  receivers.push(server);
  return { port: server.port!, received };
}

const redirect = (status: number, location: string) => new Response(null, { status, headers: { location } });
const LOOPBACK_ONLY = { mode: "custom", allowed_schemes: ["http", "https"], allowed_cidrs: ["127.0.0.1/32"] } as const;

function failed(result: DeliveryResult) {
  if ("status" in result) throw new Error(`delivered with status ${result.status}`);
  return result;
}

describe("delivery on the validated address", () => {
  test("custom mode with 127.0.0.1 allowed delivers the body to a receiver there", async () => {
    const { port, received } = receiver();
    const result = await deliverPinned(
      `http://127.0.0.1:${port}/hook?x=1`,
      { headers: { "Content-Type": "application/json" }, body: '{"event":"user.create"}' },
      { policy: policyWith(LOOPBACK_ONLY) },
    );
    expect(result).toEqual({ status: 200 });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ method: "POST", path: "/hook", host: `127.0.0.1:${port}`, body: '{"event":"user.create"}' });
    expect(received[0]!.headers.get("content-type")).toBe("application/json");
  });

  test("the receiver's status is the result, whatever it is", async () => {
    const { port } = receiver(() => new Response("no", { status: 500 }));
    expect(await deliverPinned(`http://127.0.0.1:${port}/`, {}, { policy: policyWith(LOOPBACK_ONLY) })).toEqual({ status: 500 });
  });

  test("public_only refuses the same receiver before connecting, naming the reason", async () => {
    const { port, received } = receiver();
    const result = failed(
      await deliverPinned(`http://127.0.0.1:${port}/hook`, { body: "{}" }, { policy: policyWith({ allowed_schemes: ["http"] }) }),
    );
    expect(result).toEqual({
      error: "IP '127.0.0.1' is not public (loopback 127.0.0.0/8), which public_only mode requires",
      code: "ip_not_allowed",
      detail: "IP '127.0.0.1' is not public (loopback 127.0.0.0/8), which public_only mode requires",
    });
    expect(received).toHaveLength(0);
  });

  test("public_only refuses localhost, which resolves to loopback", async () => {
    const { port, received } = receiver();
    const result = failed(await deliverPinned(`http://localhost:${port}/hook`, {}, { policy: policyWith({ allowed_schemes: ["http"] }) }));
    expect(result.code).toBe("ip_not_allowed");
    expect(result.error).toMatch(/^resolved IP '.*' for host 'localhost' is not allowed: IP '.*' is not public \(loopback/);
    expect(received).toHaveLength(0);
  });

  test("a host name is resolved once and called on that address, so a changed second answer (rebinding) goes unused", async () => {
    const { port, received } = receiver();
    const resolve = tableResolver({ "rebind.test": [["127.0.0.1"], ["127.0.0.2"]] });
    const policy = policyWith({ ...LOOPBACK_ONLY, allowed_hosts: ["rebind.test"] });
    const result = await deliverPinned(`http://rebind.test:${port}/hook`, { body: "{}" }, { policy, resolve });
    expect(result).toEqual({ status: 200 });
    expect(resolve.lookups).toEqual(["rebind.test"]);
    // The system knows no rebind.test: the connection can only have used the validated 127.0.0.1.
    expect(received.map((r) => r.host)).toEqual([`rebind.test:${port}`]);
  });

  test("https keeps the host name for SNI and the certificate check while connecting to the validated address", async () => {
    const { port, received } = receiver(undefined, true);
    const policy = policyWith({ ...LOOPBACK_ONLY, allowed_schemes: ["https"] });
    const resolve = tableResolver({ "hook.test": ["127.0.0.1"], "other.test": ["127.0.0.1"] });
    expect(await deliverPinned(`https://hook.test:${port}/hook`, { body: "{}" }, { policy, resolve, ca: CERT })).toEqual({ status: 200 });
    expect(received.map((r) => r.host)).toEqual([`hook.test:${port}`]);
    // The same address under a name the certificate does not carry is refused by TLS.
    const wrongName = failed(await deliverPinned(`https://other.test:${port}/hook`, {}, { policy, resolve, ca: CERT }));
    expect(wrongName.code).toBe("request_failed");
    expect(received).toHaveLength(1);
  });

  test("a receiver that cannot be reached fails the delivery", async () => {
    const { port } = receiver();
    receivers.pop()!.stop(true);
    const result = failed(await deliverPinned(`http://127.0.0.1:${port}/`, {}, { policy: policyWith(LOOPBACK_ONLY) }));
    expect(result.code).toBe("request_failed");
    expect(result.detail).toStartWith(`request to 'http://127.0.0.1:${port}/' failed: `);
  });

  test("a receiver that does not answer within the timeout fails the delivery", async () => {
    const { port } = receiver(() => new Promise<Response>(() => {}));
    const result = failed(await deliverPinned(`http://127.0.0.1:${port}/`, { timeoutMs: 50 }, { policy: policyWith(LOOPBACK_ONLY) }));
    expect(result).toMatchObject({ code: "timeout", error: `callback 'http://127.0.0.1:${port}/' did not answer within 50 ms` });
  });

  test("a lookup that does not answer within the timeout fails the delivery", async () => {
    const result = failed(
      await deliverPinned(
        "https://slow.test/",
        { timeoutMs: 50 },
        { policy: policyWith(), resolve: () => new Promise<string[]>(() => {}) },
      ),
    );
    expect(result.code).toBe("timeout");
  });

  test("sanitize_errors answers generic reasons and keeps the detail", async () => {
    const result = failed(await deliverPinned("https://10.0.0.1/", {}, { policy: policyWith({ sanitize_errors: true }) }));
    expect(result).toEqual({
      error: "callback destination not allowed",
      code: "ip_not_allowed",
      detail: "IP '10.0.0.1' is not public (private 10.0.0.0/8), which public_only mode requires",
    });
  });
});

describe("redirects", () => {
  test("with follow_redirects false (the default) a redirect fails the delivery and is not followed", async () => {
    const { port, received } = receiver((request, own) =>
      new URL(request.url).pathname === "/final" ? new Response("ok") : redirect(302, `http://127.0.0.1:${own}/final`),
    );
    const result = failed(await deliverPinned(`http://127.0.0.1:${port}/start`, {}, { policy: policyWith(LOOPBACK_ONLY) }));
    expect(result).toMatchObject({
      code: "redirect_not_allowed",
      error: `callback answered 302, a redirect to 'http://127.0.0.1:${port}/final', and follow_redirects is false`,
    });
    expect(received.map((r) => r.path)).toEqual(["/start"]);
  });

  test.each([
    ["another loopback address", "http://127.0.0.2:9/", "IP '127.0.0.2' is not in the allowed CIDR or host list"],
    ["IPv6 loopback", "http://[::1]:9/", "IP '::1' is not in the allowed CIDR or host list"],
    ["the metadata endpoint", "http://169.254.169.254/latest/meta-data/", "IP '169.254.169.254' is a cloud metadata endpoint"],
    ["loopback in decimal", "http://2130706434/", "IP '127.0.0.2' is not in the allowed CIDR or host list"],
  ])("a followed redirect to %s is checked and refused", async (_name, target, why) => {
    const { port, received } = receiver(() => redirect(302, target));
    const policy = policyWith({ ...LOOPBACK_ONLY, follow_redirects: true, max_redirects: 3 });
    const result = failed(await deliverPinned(`http://127.0.0.1:${port}/start`, {}, { policy }));
    expect(result.code).toBe("redirect_not_allowed");
    expect(result.detail).toBe(`redirect to '${new URL(target).href}' is not allowed: ${why}`);
    expect(received).toHaveLength(1);
  });

  test("a redirect to a host name is resolved and pinned like the callback", async () => {
    const { port, received } = receiver((request, own) =>
      new URL(request.url).pathname === "/final" ? new Response("ok") : redirect(307, `http://moved.test:${own}/final`),
    );
    const resolve = tableResolver({ "moved.test": [["127.0.0.1"], ["10.0.0.1"]] });
    const policy = policyWith({ ...LOOPBACK_ONLY, follow_redirects: true, max_redirects: 1 });
    expect(await deliverPinned(`http://127.0.0.1:${port}/start`, { body: "{}" }, { policy, resolve })).toEqual({ status: 200 });
    expect(resolve.lookups).toEqual(["moved.test"]);
    expect(received.map((r) => [r.method, r.path, r.host, r.body])).toEqual([
      ["POST", "/start", `127.0.0.1:${port}`, "{}"],
      ["POST", "/final", `moved.test:${port}`, "{}"],
    ]);
  });

  test("a redirect whose host name resolves to a refused address is refused", async () => {
    const { port, received } = receiver(() => redirect(302, "http://rebound.test/"));
    const resolve = tableResolver({ "rebound.test": ["127.0.0.53"] });
    const policy = policyWith({ ...LOOPBACK_ONLY, follow_redirects: true, max_redirects: 1 });
    const result = failed(await deliverPinned(`http://127.0.0.1:${port}/`, {}, { policy, resolve }));
    expect(result.detail).toBe(
      "redirect to 'http://rebound.test/' is not allowed: resolved IP '127.0.0.53' for host 'rebound.test' is not allowed: IP '127.0.0.53' is not in the allowed CIDR or host list",
    );
    expect(received).toHaveLength(1);
  });

  test("302 and 303 turn a POST into a GET without body, 307 and 308 keep both", async () => {
    for (const [status, method, body] of [
      [301, "GET", ""],
      [302, "GET", ""],
      [303, "GET", ""],
      [307, "POST", "{}"],
      [308, "POST", "{}"],
    ] as const) {
      const { port, received } = receiver((request, own) =>
        new URL(request.url).pathname === "/final" ? new Response("ok") : redirect(status, `http://127.0.0.1:${own}/final`),
      );
      const policy = policyWith({ ...LOOPBACK_ONLY, follow_redirects: true, max_redirects: 1 });
      const result = await deliverPinned(
        `http://127.0.0.1:${port}/`,
        { headers: { "content-type": "application/json" }, body: "{}" },
        { policy },
      );
      expect(result).toEqual({ status: 200 });
      expect([received[1]!.method, received[1]!.body, received[1]!.headers.has("content-type")]).toEqual([method, body, method === "POST"]);
    }
  });

  test("credentials go along only to the same host or one under it", async () => {
    const { port, received } = receiver((request, own) => {
      const path = new URL(request.url).pathname;
      if (path === "/start") return redirect(307, `http://sub.first.test:${own}/same-site`);
      if (path === "/same-site") return redirect(307, `http://second.test:${own}/elsewhere`);
      return new Response("ok");
    });
    const resolve = tableResolver({ "first.test": ["127.0.0.1"], "sub.first.test": ["127.0.0.1"], "second.test": ["127.0.0.1"] });
    const policy = policyWith({ ...LOOPBACK_ONLY, follow_redirects: true, max_redirects: 2 });
    const headers = { authorization: "Bearer secret", "content-type": "application/json" };
    expect(await deliverPinned(`http://first.test:${port}/start`, { headers, body: "{}" }, { policy, resolve })).toEqual({ status: 200 });
    expect(received.map((r) => [r.path, r.headers.get("authorization"), r.headers.get("content-type")])).toEqual([
      ["/start", "Bearer secret", "application/json"],
      ["/same-site", "Bearer secret", "application/json"],
      ["/elsewhere", null, "application/json"],
    ]);
  });

  test("no more than max_redirects redirects are followed", async () => {
    const { port, received } = receiver((_request, own) => redirect(302, `http://127.0.0.1:${own}/again`));
    const policy = policyWith({ ...LOOPBACK_ONLY, follow_redirects: true, max_redirects: 2 });
    const result = failed(await deliverPinned(`http://127.0.0.1:${port}/`, {}, { policy }));
    expect(result).toMatchObject({ code: "redirect_not_allowed", detail: "callback redirected more often than max_redirects (2) allows" });
    expect(received).toHaveLength(3);
  });

  test("a 3xx that is no redirect to follow fails the delivery", async () => {
    const { port } = receiver(() => new Response(null, { status: 304 }));
    const policy = policyWith({ ...LOOPBACK_ONLY, follow_redirects: true, max_redirects: 1 });
    expect(failed(await deliverPinned(`http://127.0.0.1:${port}/`, {}, { policy }))).toMatchObject({
      code: "request_failed",
      detail: "callback answered 304",
    });
  });
});
