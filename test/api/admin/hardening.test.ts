import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { adminApp } from "../../../src/http/apps/admin-app.ts";
import { listen, type RunningApi } from "../../../src/http/listen.ts";
import { sessionStore } from "../../../src/store/sessions.ts";
import { userStore } from "../../../src/store/users.ts";
import { userViews } from "../../../src/store/user-views.ts";
import { testDatabases } from "../../support/databases.ts";
import { FlowClient, type FlowStack, startFlowStack } from "../../support/flow-stack.ts";
import { type AdminStack, startAdminStack } from "./admin-stack.ts";

const KEY = "k3y-0123456789abcdefghijklmnopqrstuv";
const INT64_MAX = "9223372036854775807";
const LOOPBACK_ONLY = {
  code: 403,
  message: "without server.admin.api_keys the admin API answers only requests addressed to localhost, 127.0.0.0/8 or [::1]",
};

describe.each(await testDatabases())("the admin API's defences on $family", (database) => {
  let stack: AdminStack;
  let keyed: AdminStack;
  beforeAll(async () => {
    stack = await startAdminStack(database);
    keyed = await startAdminStack(database, { server: { admin: { address: "127.0.0.1:0", api_keys: [KEY] } } });
  });
  afterAll(async () => {
    await keyed.close();
    await stack.close();
  });

  const send = (path: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}, on = stack) =>
    fetch(`${on.api.url}${path}`, {
      method: init.method ?? "GET",
      body: init.body,
      headers: { ...(init.body === undefined ? {} : { "content-type": "application/json" }), ...init.headers },
    });
  const answer = async (response: Response) => ({ status: response.status, body: (await response.json()) as unknown });
  const port = () => new URL(stack.api.url).port;

  describe("without API keys, the Host header", () => {
    test("a page that DNS rebinding points at the admin API cannot issue a session for a user", async () => {
      const user = await userStore(stack.db.kysely).create({ email: { address: "rebound@example.com", verified: true } });
      const response = await send("/sessions", {
        method: "POST",
        body: JSON.stringify({ user_id: user.id }),
        headers: { host: `attacker.example:${port()}` },
      });
      expect(await answer(response)).toEqual({ status: 403, body: LOOPBACK_ONLY });
      expect(await sessionStore(stack.db.kysely).active(user.id, new Date())).toEqual([]);
    });

    test("names other than loopback ones, and malformed ones, are refused on every path with Hanko's error body", async () => {
      const hosts = [
        "attacker.example",
        `attacker.example:${port()}`,
        "evil.localhost",
        "localhost.attacker.example",
        "127.0.0.1.attacker.example",
        "10.0.0.5:8001",
        "0.0.0.0",
        "127.0.0.256",
        "0x7f.0.0.1",
        "[::2]",
        "[::1].attacker.example",
        "[::1",
        "localhost:abc",
        "localhost:8001:1",
        "attacker.example:99999",
        "a b",
        "",
      ];
      for (const host of hosts) {
        for (const path of ["/users", "/no-such-route", "/audit_logs"]) {
          const response = await send(path, { headers: { host } });
          expect({ host, path, ...(await answer(response)) }).toEqual({ host, path, status: 403, body: LOOPBACK_ONLY });
        }
      }
    });

    test("loopback names with any port or none are served", async () => {
      for (const host of [
        `localhost:${port()}`,
        "localhost",
        "LocalHost",
        "127.0.0.1",
        `127.0.0.1:${port()}`,
        "127.8.9.10:1",
        "[::1]",
        `[::1]:${port()}`,
      ]) {
        expect({ host, status: (await send("/users", { headers: { host } })).status }).toEqual({ host, status: 200 });
      }
    });

    test("the health checks and the status page stay open to any Host, as they are without a key", async () => {
      for (const path of ["/health/alive", "/health/ready", "/"]) {
        expect((await send(path, { headers: { host: "10.0.0.5:8001" } })).status).toBe(200);
      }
    });

    test("with API keys, a key is what counts, whatever the Host", async () => {
      const headers = { host: "admin.internal.example:8001" };
      expect((await send("/users", { headers: { ...headers, authorization: `Bearer ${KEY}` } }, keyed)).status).toBe(200);
      expect(await answer(await send("/users", { headers }, keyed))).toEqual({ status: 401, body: { code: 401, message: "Unauthorized" } });
    });
  });

  describe("pagination", () => {
    const created: string[] = [];
    beforeAll(async () => {
      for (const address of ["page-a@example.com", "page-b@example.com"]) {
        created.push((await userStore(stack.db.kysely).create({ email: { address, verified: true } })).id);
      }
    });

    test("a per_page of int64's largest value lists everything on one page, as Hanko's paginator does", async () => {
      const response = await send(`/users?per_page=${INT64_MAX}`);
      expect(response.status).toBe(200);
      const ids = ((await response.json()) as { id: string }[]).map((u) => u.id);
      expect(ids).toEqual(expect.arrayContaining(created));
      expect(response.headers.get("link")).toBe(`<${stack.api.url}/users?page=1&per_page=${INT64_MAX}>; rel="first"`);
      expect((await send(`/audit_logs?per_page=${INT64_MAX}`)).status).toBe(200);
    });

    test("a page whose first row lies beyond any 64-bit offset is a 400, where Hanko's database fails", async () => {
      const refusal = { status: 400, body: { code: 400, message: `(page-1)*per_page must not exceed ${INT64_MAX}` } };
      for (const route of ["/users", "/audit_logs"]) {
        for (const query of [`page=${INT64_MAX}`, `page=3&per_page=${INT64_MAX}`, `page=${INT64_MAX}&per_page=2`]) {
          expect({ query, ...(await answer(await send(`${route}?${query}`))) }).toEqual({ query, ...refusal });
        }
      }
    });

    test("a page far beyond the last one, but within 64 bits, is empty", async () => {
      for (const route of ["/users", "/audit_logs"]) {
        for (const query of [`page=2&per_page=${INT64_MAX}`, "page=4611686018427387904&per_page=1", "page=460000000000000000"]) {
          const response = await send(`${route}?${query}`);
          expect({ query, status: response.status, body: await response.json() }).toEqual({ query, status: 200, body: [] });
        }
      }
    });

    test("pages and sizes below 1 mean the first page and the default size, as in Hanko", async () => {
      for (const query of ["page=-5", "page=0&per_page=-1", "page=-9223372036854775808&per_page=-9223372036854775808"]) {
        const response = await send(`/users?${query}`);
        expect(response.status).toBe(200);
        expect(((await response.json()) as { id: string }[]).map((u) => u.id)).toEqual(expect.arrayContaining(created));
      }
    });

    test("values that are no int64 are Echo's binding 400", async () => {
      for (const route of ["/users", "/audit_logs"]) {
        for (const [query, text, why] of [
          ["per_page=9223372036854775808", "9223372036854775808", "value out of range"],
          ["page=-9223372036854775809", "-9223372036854775809", "value out of range"],
          ["page=1.5", "1.5", "invalid syntax"],
          ["per_page=1e3", "1e3", "invalid syntax"],
          ["page=abc", "abc", "invalid syntax"],
        ] as const) {
          expect(await answer(await send(`${route}?${query}`))).toEqual({
            status: 400,
            body: { code: 400, message: `strconv.ParseInt: parsing "${text}": ${why}` },
          });
        }
      }
    });
  });

  describe("deeply nested JSON bodies", () => {
    const depthError = (offset: number, c: string) => `Syntax error: offset=${offset}, error=invalid character '${c}' exceeded max depth`;

    test("nesting beyond Go's 10,000 levels is refused with the syntax error Hanko answers, not a crash", async () => {
      const cases: [string, string][] = [
        ["[".repeat(100_000) + "]".repeat(100_000), depthError(10_001, "[")],
        ['{"a":'.repeat(100_000), depthError(50_001, "{")],
        ['[{"a":'.repeat(50_000), depthError(30_001, "[")],
        [" [".repeat(10_001), depthError(20_002, "[")],
      ];
      for (const [body, message] of cases) {
        for (const path of ["/users", `/users/${crypto.randomUUID()}`]) {
          const response = await send(path, { method: path === "/users" ? "POST" : "PATCH", body });
          expect(await answer(response)).toEqual({ status: 400, body: { code: 400, message } });
        }
      }
    });

    test("10,000 levels, as many as Go reads, are decoded as usual", async () => {
      const user = await userStore(stack.db.kysely).create({ email: { address: "deep@example.com", verified: true } });
      const body = `{"public_metadata":${'{"a":'.repeat(9_998)}{}${"}".repeat(9_998)}}`;
      const response = await send(`/users/${user.id}/metadata`, { method: "PATCH", body });
      expect(await answer(response)).toEqual({
        status: 400,
        body: { code: 400, message: "metadata limit exceeded: public metadata must not exceed 3000 characters" },
      });
      const array = "[".repeat(10_000) + "]".repeat(10_000);
      expect(await answer(await send("/users", { method: "POST", body: array }))).toEqual({
        status: 400,
        body: { code: 400, message: "Unmarshal type error: expected=admin.CreateUser, got=array, field=, offset=1" },
      });
    });
  });

  describe("usernames", () => {
    // The public API and the admin API over one database, with usernames and passwords as the only way in.
    let flows: FlowStack;
    let admin: RunningApi;
    beforeAll(async () => {
      flows = await startFlowStack(database, {
        password: { enabled: true },
        email: { enabled: false },
        username: { enabled: true, optional: false },
      });
      admin = listen("admin", adminApp(flows.deps), "127.0.0.1:0");
    });
    afterAll(async () => {
      await admin.stop();
      await flows.close();
    });

    const adminSend = (method: string, path: string, body?: unknown) =>
      fetch(`${admin.url}${path}`, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const signIn = async (username: string, password: string) => {
      const login = new FlowClient(flows.api.url, "login");
      await login.start();
      await login.run("register_client_capabilities", { webauthn_available: false });
      const next = await login.run("continue_with_login_identifier", { username });
      if (next.name !== "login_password") return next.name;
      const done = await login.run("password_login", { password });
      return done.name === "success" ? `signed in as ${done.payload!.claims.username}` : done.name;
    };

    test("a user the admin API creates as Frank signs in as frank or Frank", async () => {
      const created = await adminSend("POST", "/users", { username: " Frank " });
      expect(created.status).toBe(200);
      const user = (await created.json()) as { id: string; username: { username: string } };
      expect(user.username.username).toBe("frank");
      expect((await adminSend("POST", `/users/${user.id}/password`, { password: "frank's password" })).status).toBe(200);
      expect(await signIn("frank", "frank's password")).toBe("signed in as frank");
      expect(await signIn("Frank", "frank's password")).toBe("signed in as frank");
    });

    test("the admin API holds created and patched usernames to the flows' characters and configured lengths", async () => {
      const user = (await (await adminSend("POST", "/users", { username: "rules_user" })).json()) as { id: string };
      const refused = (message: string) => ({ status: 400, body: { code: 400, message } });
      const cases: [string, ReturnType<typeof refused>][] = [
        ["bad-name", refused("username is invalid")],
        ["ünïcode", refused("username is invalid")],
        ["ab", refused("username must be at least 3 characters long")],
        ["a".repeat(33), refused("username must not be longer than 32 characters")],
      ];
      for (const [username, expected] of cases) {
        expect({ username, ...(await answer(await adminSend("POST", "/users", { username }))) }).toEqual({ username, ...expected });
        const patched = await adminSend("PATCH", `/users/${user.id}`, { username });
        expect({ username, ...(await answer(patched)) }).toEqual({ username, ...expected });
      }
      const stored = await userViews(flows.db.kysely).byId(user.id);
      expect(stored?.username?.username).toBe("rules_user");
      const patched = await adminSend("PATCH", `/users/${user.id}`, { username: "Rules_User_2" });
      expect(((await patched.json()) as { username: { username: string } }).username.username).toBe("rules_user_2");
      expect(await signIn("RULES_USER_2", "unset")).toBe("login_password");
    });
  });
});
