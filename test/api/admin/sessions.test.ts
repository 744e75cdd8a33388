import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { decodeJwt } from "jose";
import type { Config } from "../../../src/config/schema.ts";
import type { UserEvent } from "../../../src/events/events.ts";
import { adminApp } from "../../../src/http/apps/admin-app.ts";
import type { AppDeps } from "../../../src/http/app-deps.ts";
import { listen, type RunningApi } from "../../../src/http/listen.ts";
import { sessionStore } from "../../../src/store/sessions.ts";
import { userStore } from "../../../src/store/users.ts";
import { testDeps } from "../../support/app.ts";
import { testConfig } from "../../support/config.ts";
import { openScratch, testDatabases } from "../../support/databases.ts";

const SESSION_LIMIT = 3;

describe.each(await testDatabases())("the admin sessions API on $family", (database) => {
  let deps: AppDeps;
  let api: RunningApi;
  let close: () => Promise<void>;
  const events: UserEvent[] = [];
  beforeAll(async () => {
    const { db, dispose } = await openScratch(database);
    // The request's own client must not count, whatever these say.
    const config: Config = testConfig({
      database: { dialect: "sqlite", database: ":memory:" },
      session: { limit: SESSION_LIMIT, acquire_ip_address: false, acquire_user_agent: false },
    });
    const built = await testDeps(config, db);
    deps = built.deps;
    deps.runtime.events.subscribe(({ executor: _executor, origin: _origin, ...event }) => {
      events.push(event);
    });
    api = listen("admin", adminApp(deps), "127.0.0.1:0");
    close = async () => {
      await api.stop();
      built.close();
      await dispose();
    };
  });
  afterAll(() => close());

  const send = (method: string, path: string, init: { body?: string; contentType?: string; headers?: Record<string, string> } = {}) =>
    fetch(`${api.url}${path}`, {
      method,
      headers: { ...(init.contentType && { "content-type": init.contentType }), ...init.headers },
      body: init.body,
    });
  const json = (body: unknown) => ({ body: typeof body === "string" ? body : JSON.stringify(body), contentType: "application/json" });
  const error = async (response: Response) => ({ status: response.status, body: await response.json() });
  const refused = (status: number, message: string) => ({ status, body: { code: status, message } });
  const newUser = async () =>
    (await userStore(deps.db.kysely).create({ email: { address: `${crypto.randomUUID()}@example.com`, verified: true } })).id;
  const isValid = async (token: string) => (await deps.runtime.sessions.validate(token, { touch: false })).valid;

  describe("GET /users/:user_id/sessions", () => {
    test("lists the user's unexpired sessions, newest first, as raw rows", async () => {
      const userId = await newUser();
      const sessions = sessionStore(deps.db.kysely);
      const older = { id: crypto.randomUUID(), userId, userAgent: "Firefox", ipAddress: "192.0.2.1" };
      await sessions.create({ ...older, createdAt: new Date("2024-08-17T12:05:15.651Z"), expiresAt: new Date(Date.now() + 3_600_000) });
      const newer = { id: crypto.randomUUID(), userId, userAgent: null, ipAddress: null };
      await sessions.create({ ...newer, createdAt: new Date("2024-08-18T00:00:00Z"), expiresAt: new Date("2999-01-01T00:00:00Z") });
      await sessions.create({
        ...newer,
        id: crypto.randomUUID(),
        createdAt: new Date("2024-08-19T00:00:00Z"),
        expiresAt: new Date(Date.now() - 1000),
      });
      await deps.runtime.sessions.issue(await newUser());

      const response = await send("GET", `/users/${userId}/sessions`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/json");
      const text = await response.text();
      expect(text.endsWith("]\n")).toBe(true);
      const list = JSON.parse(text) as Record<string, unknown>[];
      expect(list.map((s) => s.id)).toEqual([newer.id, older.id]);
      expect(list[0]).toEqual({
        id: newer.id,
        user_id: userId,
        user_agent: null,
        ip_address: null,
        created_at: "2024-08-18T00:00:00Z",
        updated_at: "2024-08-18T00:00:00Z",
        expires_at: "2999-01-01T00:00:00Z",
        last_used: "2024-08-18T00:00:00Z",
      });
      expect(list[1]).toMatchObject({ user_agent: "Firefox", ip_address: "192.0.2.1", created_at: "2024-08-17T12:05:15.651Z" });
    });

    test("answers an empty array for a user without sessions", async () => {
      const response = await send("GET", `/users/${await newUser()}/sessions`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe("[]\n");
    });

    test("answers 404 for an unknown user", async () => {
      expect(await error(await send("GET", `/users/${crypto.randomUUID()}/sessions`))).toEqual(refused(404, "Not Found"));
    });

    test("refuses a user id that is no lower-case uuid with the wrapped validator message", async () => {
      const message = "code=400, message=UserID must be a valid uuid";
      expect(await error(await send("GET", "/users/abc/sessions"))).toEqual(refused(400, message));
      expect(await error(await send("GET", `/users/${crypto.randomUUID().toUpperCase()}/sessions`))).toEqual(refused(400, message));
    });
  });

  describe("DELETE /users/:user_id/sessions/:session_id", () => {
    test("revokes the session, so its token no longer validates, and answers 204", async () => {
      const userId = await newUser();
      const issued = await deps.runtime.sessions.issue(userId);
      const other = await deps.runtime.sessions.issue(userId);
      expect(await isValid(issued.token)).toBe(true);
      const response = await send("DELETE", `/users/${userId}/sessions/${issued.sessionId}`);
      expect(response.status).toBe(204);
      expect(await response.text()).toBe("");
      expect(await isValid(issued.token)).toBe(false);
      expect(await isValid(other.token)).toBe(true);
    });

    test("answers 404 for an unknown user, an unknown session and another user's session, which stays", async () => {
      const userId = await newUser();
      const foreign = await deps.runtime.sessions.issue(await newUser());
      const notFound = refused(404, "Not Found");
      expect(await error(await send("DELETE", `/users/${crypto.randomUUID()}/sessions/${foreign.sessionId}`))).toEqual(notFound);
      expect(await error(await send("DELETE", `/users/${userId}/sessions/${crypto.randomUUID()}`))).toEqual(notFound);
      expect(await error(await send("DELETE", `/users/${userId}/sessions/${foreign.sessionId}`))).toEqual(notFound);
      expect(await isValid(foreign.token)).toBe(true);
    });

    test("refuses a session id that is no version 4 uuid, and names every bad parameter", async () => {
      const userId = await newUser();
      const v1 = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
      expect(await error(await send("DELETE", `/users/${userId}/sessions/${v1}`))).toEqual(
        refused(400, "code=400, message=SessionID must be a valid uuid4"),
      );
      expect(await error(await send("DELETE", "/users/x/sessions/y"))).toEqual(
        refused(400, "code=400, message=UserID must be a valid uuid and SessionID must be a valid uuid4"),
      );
    });

    test("binds a JSON body over the path, as Echo does, and wraps its errors", async () => {
      const userId = await newUser();
      const issued = await deps.runtime.sessions.issue(userId);
      const overridden = await send("DELETE", `/users/${userId}/sessions/not-a-uuid`, json({ SessionID: issued.sessionId }));
      expect(overridden.status).toBe(204);
      expect(await isValid(issued.token)).toBe(false);

      const path = `/users/${userId}/sessions/${crypto.randomUUID()}`;
      expect(await error(await send("DELETE", path, json('{"sessionid":true}')))).toEqual(
        refused(
          400,
          "code=400, message=Unmarshal type error: expected=string, got=bool, field=SessionID, offset=17, internal=json: cannot unmarshal bool into Go struct field DeleteSessionRequestDto.SessionID of type string",
        ),
      );
      expect(await error(await send("DELETE", path, json("[1]")))).toEqual(
        refused(
          400,
          "code=400, message=Unmarshal type error: expected=admin.DeleteSessionRequestDto, got=array, field=, offset=1, internal=json: cannot unmarshal array into Go value of type admin.DeleteSessionRequestDto",
        ),
      );
      expect(await error(await send("DELETE", path, { body: "<a/>", contentType: "text/html" }))).toEqual(
        refused(400, "code=415, message=Unsupported Media Type"),
      );
    });
  });

  describe("POST /sessions", () => {
    test("issues a session token that validates, for the client named in the body, with an audit event and no cookie", async () => {
      const userId = await newUser();
      const response = await send("POST", "/sessions", {
        ...json({ user_id: userId, user_agent: "Admin-Agent/1.0", ip_address: "2001:db8::1" }),
        headers: { "user-agent": "curl/8", "x-forwarded-for": "198.51.100.7" },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("set-cookie")).toBeNull();
      const text = await response.text();
      expect(text.endsWith("}\n")).toBe(true);
      const body = JSON.parse(text) as { session_token: string };
      expect(Object.keys(body)).toEqual(["session_token"]);
      const validation = await deps.runtime.sessions.validate(body.session_token, { touch: false });
      if (!validation.valid) throw new Error("the issued token does not validate");
      expect(validation.userId).toBe(userId);
      const claims = decodeJwt(body.session_token);
      expect(claims.sub).toBe(userId);
      expect(claims.amr).toBeUndefined();
      expect(validation.session).toMatchObject({ id: claims.session_id, user_agent: "Admin-Agent/1.0", ip_address: "2001:db8::1" });
      // The row keeps milliseconds the token's `exp` (whole seconds) drops.
      expect(Math.floor(validation.session.expires_at!.getTime() / 1000)).toBe(claims.exp!);
      expect(events.at(-2)).toEqual({ audit: "login_success", userId, details: { api: "admin" } });
      // Hanko's main branch also reports the session itself, with the client the body named.
      expect(events.at(-1)).toMatchObject({
        webhook: "session.create.admin",
        userId,
        data: { id: claims.session_id, user_id: userId, user_agent: "Admin-Agent/1.0", ip_address: "2001:db8::1" },
      });
    });

    test("records no client when the body names none", async () => {
      const userId = await newUser();
      const response = await send("POST", "/sessions", { ...json({ user_id: userId }), headers: { "user-agent": "curl/8" } });
      expect(response.status).toBe(200);
      const validation = await deps.runtime.sessions.validate(((await response.json()) as { session_token: string }).session_token, {
        touch: false,
      });
      expect(validation.valid && validation.session).toMatchObject({ user_agent: null, ip_address: null });
    });

    test("cuts a user_agent longer than its 255-character column to fit, as the User-Agent header is, emoji left whole", async () => {
      const userId = await newUser();
      const userAgent = "Mozilla/5.0 ".padEnd(254, "x") + "😀".repeat(100);
      const response = await send("POST", "/sessions", json({ user_id: userId, user_agent: userAgent }));
      expect(response.status).toBe(200);
      const validation = await deps.runtime.sessions.validate(((await response.json()) as { session_token: string }).session_token, {
        touch: false,
      });
      expect(validation.valid && validation.session.user_agent).toBe("Mozilla/5.0 ".padEnd(254, "x") + "😀");
    });

    test("keeps the user at the session limit by ending the oldest sessions", async () => {
      const userId = await newUser();
      const earlier = [];
      for (let i = 0; i < SESSION_LIMIT + 1; i++) earlier.push(await deps.runtime.sessions.issue(userId));
      const response = await send("POST", "/sessions", json({ user_id: userId }));
      expect(response.status).toBe(200);
      const active = await sessionStore(deps.db.kysely).active(userId, new Date());
      expect(active).toHaveLength(SESSION_LIMIT);
      expect(await isValid(earlier[0]!.token)).toBe(false);
      expect(await isValid(earlier.at(-1)!.token)).toBe(true);
    });

    test("answers 404 with a message for an unknown user", async () => {
      expect(await error(await send("POST", "/sessions", json({ user_id: crypto.randomUUID() })))).toEqual(refused(404, "user not found"));
    });

    test("refuses a missing or malformed user id and an address that is no IP, with plain validator messages", async () => {
      const cases: [unknown, string][] = [
        [{}, "user_id is a required field"],
        [{ user_id: "" }, "user_id is a required field"],
        [{ user_id: "nope" }, "user_id must be a valid uuid"],
        [{ user_id: crypto.randomUUID().toUpperCase() }, "user_id must be a valid uuid"],
        [{ user_id: crypto.randomUUID(), ip_address: "999.1.1.1" }, "ip_address must be a valid ip address (v4 or v6)"],
        [{ user_id: crypto.randomUUID(), ip_address: "fe80::1%eth0" }, "ip_address must be a valid ip address (v4 or v6)"],
        [{ ip_address: "localhost" }, "user_id is a required field and ip_address must be a valid ip address (v4 or v6)"],
      ];
      for (const [body, message] of cases) expect(await error(await send("POST", "/sessions", json(body)))).toEqual(refused(400, message));
      expect(await error(await send("POST", "/sessions"))).toEqual(refused(400, "user_id is a required field"));
    });

    test("refuses bodies Echo cannot bind with its own messages, unwrapped", async () => {
      expect(await error(await send("POST", "/sessions", json('{"user_id":1}')))).toEqual(
        refused(400, "Unmarshal type error: expected=string, got=number, field=user_id, offset=12"),
      );
      expect(await error(await send("POST", "/sessions", json('{"user_id"')))).toEqual(refused(400, "unexpected EOF"));
      expect(await error(await send("POST", "/sessions", { body: "user_id=1", contentType: "text/plain" }))).toEqual(
        refused(415, "Unsupported Media Type"),
      );
    });
  });
});
