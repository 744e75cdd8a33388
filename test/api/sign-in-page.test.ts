import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { listen, type RunningApi } from "../../src/http/listen.ts";
import { signInPageApiUrl, signInPageApp } from "../../src/http/sign-in-page/app.ts";
import { ROOT } from "../support/cli.ts";
import { sqliteSettings, testConfig } from "../support/config.ts";

const bundleBytes = readFileSync(join(ROOT, "node_modules", "@teamhanko", "hanko-elements", "dist", "elements.js"));

const config = testConfig({
  ...sqliteSettings("./unused.sqlite"),
  service: { name: "Acme <Login> & Co" },
  sign_in_page: { enabled: true, address: "127.0.0.1:0", api_url: "https://auth.example.com/" },
});

let page: RunningApi;

beforeAll(() => {
  page = listen("sign-in page", signInPageApp(config), "127.0.0.1:0");
});

afterAll(async () => {
  await page.stop();
});

const get = (path: string, init?: RequestInit) => fetch(`${page.url}${path}`, init);

describe("GET /", () => {
  test("is an HTML page with <hanko-auth>, loading our bundle and pointing at the configured API", async () => {
    const response = await get("/");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await response.text();
    expect(html).toStartWith("<!DOCTYPE html>");
    expect(html).toContain('import { register } from "/elements.js";');
    expect(html).toContain('const apiUrl = "https://auth.example.com";');
    expect(html).toContain('<meta name="hanko-api" content="https://auth.example.com">');
    expect(html).toContain('"hanko-auth"');
    expect(html).toContain('"hanko-profile"');
    expect(html).toContain("onSessionCreated");
    expect(html).toContain("onUserLoggedOut");
    expect(html).not.toContain("cdn.jsdelivr");
  });

  test("shows the service name, escaped", async () => {
    const html = await (await get("/")).text();
    expect(html).toContain("<h1>Acme &#60;Login&#62; &#38; Co</h1>");
    expect(html).not.toContain("<Login>");
  });

  test("has a CSP allowing only itself, the API origin and this response's nonce", async () => {
    const response = await get("/");
    const csp = response.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(csp).toBe(
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}'`,
        `style-src 'self' 'nonce-${nonce}'`,
        "connect-src 'self' https://auth.example.com",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join("; "),
    );
    const html = await response.text();
    expect(html).toContain(`<script type="module" nonce="${nonce}">`);
    expect(html).toContain(`const nonce = "${nonce}";`);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  test("uses a fresh nonce for every response", async () => {
    const nonces = await Promise.all([get("/"), get("/")].map(async (r) => (await r).headers.get("content-security-policy")));
    expect(nonces[0]).not.toBe(nonces[1]);
  });
});

describe("GET /elements.js", () => {
  test("is the hanko-elements bundle, byte for byte, as JavaScript", async () => {
    const response = await get("/elements.js");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.length).toBe(bundleBytes.length);
    expect(body.equals(bundleBytes)).toBe(true);
  });

  test("answers 304 to a matching If-None-Match", async () => {
    const etag = (await get("/elements.js")).headers.get("etag");
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const again = await get("/elements.js", { headers: { "if-none-match": etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
  });
});

describe("everything else", () => {
  test.each(["/elements", "/index.html", "/i18n/en.json", "/favicon.ico", "/../package.json", "/login"])("GET %s is 404", async (path) => {
    const response = await get(path);
    expect(response.status).toBe(404);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    await response.text();
  });

  test("other methods on / are 404", async () => {
    for (const method of ["POST", "PUT", "DELETE"]) {
      const response = await get("/", { method });
      expect(response.status).toBe(404);
      await response.text();
    }
  });

  test("no CORS headers are sent", async () => {
    const response = await get("/elements.js", { headers: { origin: "https://evil.example" } });
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    await response.arrayBuffer();
  });
});

describe("signInPageApiUrl", () => {
  test("is the configured api_url without a trailing slash", () => {
    expect(signInPageApiUrl(config)).toBe("https://auth.example.com");
  });

  test("defaults to localhost on the port of server.public.address", () => {
    const defaults = testConfig({ ...sqliteSettings("./unused.sqlite"), server: { public: { address: "0.0.0.0:9123" } } });
    expect(signInPageApiUrl(defaults)).toBe("http://localhost:9123");
    const plain = testConfig(sqliteSettings("./unused.sqlite"));
    expect(signInPageApiUrl(plain)).toBe("http://localhost:8000");
  });

  test("the page of a default config points at http://localhost:8000", async () => {
    const app = signInPageApp(testConfig(sqliteSettings("./unused.sqlite")));
    const response = await app.handle(new Request("http://localhost/"));
    expect(await response.text()).toContain('const apiUrl = "http://localhost:8000";');
    expect(response.headers.get("content-security-policy")).toContain("connect-src 'self' http://localhost:8000;");
  });
});
