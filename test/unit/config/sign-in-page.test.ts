import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { ENV_VARIABLES } from "../../../src/config/env.ts";
import { loadConfig } from "../../../src/config/load.ts";
import { defaultConfig } from "../../../src/config/schema.ts";
import { lineFor, load, problemLines, VALID_BASE } from "./helpers.ts";

const CONFIG_DIR = join(import.meta.dir, "..", "..", "..", "config");
const enabled = (settings: string) => `${VALID_BASE}\nsign_in_page:\n  enabled: true\n${settings}`;

describe("sign_in_page (ours)", () => {
  test("is off by default, on :8888, pointing at the public API", () => {
    expect(defaultConfig().sign_in_page).toEqual({ enabled: false, address: ":8888", api_url: "" });
    expect(load(VALID_BASE).config.sign_in_page).toEqual({ enabled: false, address: ":8888", api_url: "" });
  });

  test("is read from YAML", () => {
    const { config, warnings } = load(enabled('  address: "127.0.0.1:9999"\n  api_url: https://auth.example.com\n'));
    expect(config.sign_in_page).toEqual({ enabled: true, address: "127.0.0.1:9999", api_url: "https://auth.example.com" });
    expect(warnings).toEqual([]);
  });

  test("has the environment variables SIGN_IN_PAGE_ENABLED, _ADDRESS and _API_URL", () => {
    expect(ENV_VARIABLES["sign_in_page.enabled"]).toBe("SIGN_IN_PAGE_ENABLED");
    expect(ENV_VARIABLES["sign_in_page.address"]).toBe("SIGN_IN_PAGE_ADDRESS");
    expect(ENV_VARIABLES["sign_in_page.api_url"]).toBe("SIGN_IN_PAGE_API_URL");
    const { config } = load(VALID_BASE, {
      SIGN_IN_PAGE_ENABLED: "true",
      SIGN_IN_PAGE_ADDRESS: ":9000",
      SIGN_IN_PAGE_API_URL: "http://localhost:7000",
    });
    expect(config.sign_in_page).toEqual({ enabled: true, address: ":9000", api_url: "http://localhost:7000" });
  });

  test("SIGN_IN_PAGE_ENABLED takes Go's boolean spellings only", () => {
    expect(load(VALID_BASE, { SIGN_IN_PAGE_ENABLED: "0" }).config.sign_in_page.enabled).toBe(false);
    expect(lineFor(problemLines(VALID_BASE, { SIGN_IN_PAGE_ENABLED: "on" }), "sign_in_page.enabled")).toContain(
      'environment variable SIGN_IN_PAGE_ENABLED="on" is not a boolean',
    );
  });

  test.each([":8888", "127.0.0.1:8888", "localhost:1", "[::1]:8888", "[::]:65535", " :8888 "])("address %p is accepted", (address) => {
    expect(load(enabled(`  address: "${address}"\n`)).config.sign_in_page.address).toBe(address);
  });

  test.each(["", "8888", "localhost", ":", ":http", ":65536", "::1:8888", "[::1]", "http://localhost:8888"])(
    "address %p is rejected while enabled",
    (address) => {
      const line = lineFor(problemLines(enabled(`  address: "${address}"\n`)), "sign_in_page.address");
      expect(line).toBe(`  - sign_in_page.address: ${JSON.stringify(address)} is not a listen address; use host:port or :port, e.g. :8888`);
    },
  );

  test.each(["", "http://localhost:8000", "https://auth.example.com", "https://auth.example.com/hanko/", "http://[::1]:8000"])(
    "api_url %p is accepted",
    (url) => {
      expect(load(enabled(`  api_url: "${url}"\n`)).config.sign_in_page.api_url).toBe(url);
    },
  );

  test.each(["localhost:8000", "auth.example.com", "ftp://auth.example.com", "javascript:alert(1)", "http://", "/api"])(
    "api_url %p is rejected while enabled",
    (url) => {
      const line = lineFor(problemLines(enabled(`  api_url: "${url}"\n`)), "sign_in_page.api_url");
      expect(line).toStartWith(`  - sign_in_page.api_url: ${JSON.stringify(url)} is not an http(s) URL; `);
    },
  );

  test("nothing is checked while disabled", () => {
    const { config } = load(`${VALID_BASE}\nsign_in_page:\n  enabled: false\n  address: nonsense\n  api_url: nonsense\n`);
    expect(config.sign_in_page.address).toBe("nonsense");
  });

  test("wrong types are reported by the schema", () => {
    const lines = problemLines(`${VALID_BASE}\nsign_in_page:\n  enabled: maybe\n  address: [8888]\n`);
    expect(lineFor(lines, "sign_in_page.enabled")).toContain("sign_in_page.enabled");
    expect(lineFor(lines, "sign_in_page.address")).toContain("sign_in_page.address");
  });

  test("the development default serves the page on :8888, an origin its CORS and WebAuthn settings allow", () => {
    const { config } = loadConfig({ path: join(CONFIG_DIR, "config.yaml"), env: {} });
    expect(config.sign_in_page).toEqual({ enabled: true, address: ":8888", api_url: "" });
    expect(config.server.public.cors.allow_origins).toContain("http://localhost:8888");
    expect(config.webauthn.relying_party.origins).toContain("http://localhost:8888");
    expect(config.server.public.address).toBe(":8000");
  });
});
