import { describe, expect, test } from "bun:test";
import type { Config } from "../../../src/config/schema.ts";
import { defaultConfig } from "../../../src/config/schema.ts";
import { deletionCookie, sessionCookie } from "../../../src/http/session/cookie.ts";
import { tokenCandidates } from "../../../src/http/session/token-candidates.ts";
import { sessionTransportHeaders } from "../../../src/http/session/transport.ts";
import type { IssuedSession } from "../../../src/session/session-service.ts";

const issued: IssuedSession = { token: "t.o.k", sessionId: "s", userId: "u", expiresAt: new Date(), lifespanSeconds: 43200, claims: {} };

function session(overrides: Partial<Config["session"]> = {}, cookie: Partial<Config["session"]["cookie"]> = {}): Config["session"] {
  const base = defaultConfig().session;
  return { ...base, ...overrides, cookie: { ...base.cookie, ...cookie } };
}

describe("the session cookie", () => {
  test("by default is named hanko, host-only, HttpOnly, Secure, SameSite=Strict, and lives as long as the token", () => {
    expect(sessionTransportHeaders(issued, session())).toEqual({
      "set-cookie": ["hanko=t.o.k; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=43200"],
      "x-session-lifetime": "43200",
      "x-session-retention": "persistent",
    });
  });

  test("follows name, domain, flags and same_site from the config", () => {
    const cookie = { name: "sid", domain: "example.com", http_only: false, secure: false, same_site: "none" as const };
    expect(sessionCookie(session({}, cookie).cookie, "x", 60)).toBe("sid=x; Path=/; Domain=example.com; SameSite=None; Max-Age=60");
  });

  test("retention session makes a browser-session cookie without Max-Age", () => {
    const headers = sessionTransportHeaders(issued, session({}, { retention: "session" }));
    expect(headers["set-cookie"]).toEqual(["hanko=t.o.k; Path=/; HttpOnly; Secure; SameSite=Strict"]);
    expect(headers["x-session-retention"]).toBe("session");
  });

  test("retention prompt follows the user's remember-me choice", () => {
    expect(sessionTransportHeaders(issued, session({}, { retention: "prompt" }), true)["x-session-retention"]).toBe("persistent");
    const forgotten = sessionTransportHeaders(issued, session({}, { retention: "prompt" }), false);
    expect(forgotten["x-session-retention"]).toBe("session");
    expect(String(forgotten["set-cookie"])).not.toContain("Max-Age");
  });

  test("header mode sends X-Auth-Token and sets no cookie", () => {
    expect(sessionTransportHeaders(issued, session({ enable_auth_token_header: true }))).toEqual({
      "x-auth-token": "t.o.k",
      "x-session-lifetime": "43200",
      "x-session-retention": "persistent",
    });
  });

  test("deletion keeps name, domain, path and flags and expires at once", () => {
    expect(deletionCookie(session({}, { domain: "example.com" }).cookie)).toBe(
      "hanko=; Path=/; Domain=example.com; HttpOnly; Secure; SameSite=Strict; Max-Age=0",
    );
  });
});

describe("where a request carries its token", () => {
  test("every Bearer value comes first, then every cookie of the session cookie's name", () => {
    const request = new Request("http://localhost/me", {
      headers: [
        ["authorization", "Bearer a.a.a"],
        ["authorization", "BEARER  b.b.b"],
        ["cookie", "x=1; hanko=c.c.c; hanko=d.d.d"],
      ],
    });
    expect(tokenCandidates(request, "hanko")).toEqual(["a.a.a", "b.b.b", "c.c.c", "d.d.d"]);
  });

  test("other schemes and empty values are no candidates", () => {
    const request = new Request("http://localhost/me", { headers: { authorization: "Basic dXNlcjpwYXNz", cookie: "hanko=" } });
    expect(tokenCandidates(request, "hanko")).toEqual([]);
  });
});
