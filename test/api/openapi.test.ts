import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Type } from "@sinclair/typebox";
import { Elysia } from "elysia";
import { buildVersion } from "../../src/app/build-version.ts";
import type { Config } from "../../src/config/schema.ts";
import type { Db } from "../../src/db/connect.ts";
import { adminApp } from "../../src/http/apps/admin-app.ts";
import type { AppDeps } from "../../src/http/app-deps.ts";
import { listen, type RunningApi } from "../../src/http/listen.ts";
import { MetricsRegistry } from "../../src/http/metrics/metrics-registry.ts";
import { adminApi } from "../../src/http/openapi/admin-operations.ts";
import { openApiDocument } from "../../src/http/openapi/document.ts";
import { openApiRoute } from "../../src/http/openapi/openapi-route.ts";
import { errors, json, noContent, type ApiDescription } from "../../src/http/openapi/operation.ts";
import { publicApi } from "../../src/http/openapi/public-operations.ts";
import { publicApp } from "../../src/http/apps/public-app.ts";
import { auditLogStore } from "../../src/store/audit-logs.ts";
import { otpSecretStore } from "../../src/store/otp-secrets.ts";
import { passwordStore } from "../../src/store/passwords.ts";
import { userMetadataStore } from "../../src/store/user-metadata.ts";
import { webhookDeliveryStore } from "../../src/store/webhook-deliveries.ts";
import { userStore } from "../../src/store/users.ts";
import { webauthnCredentialStore } from "../../src/store/webauthn-credentials.ts";
import { testDeps } from "../support/app.ts";
import { testCredential } from "../support/credentials.ts";
import { testConfig } from "../support/config.ts";
import { openScratch, type TestDatabase, testDatabases } from "../support/databases.ts";
import { Conformance, documentedOperations, expectWellFormed, registeredOperations, type ServedDocument } from "./openapi-conformance.ts";

const ADMIN_KEY = "an-admin-api-key-of-more-than-32-characters";
const PASSWORD = "a password of some length";

/** Both APIs over one scratch database, as `serve all` runs them (the admin API with `/metrics`). */
interface Stack {
  db: Db;
  deps: AppDeps;
  config: Config;
  admin: ReturnType<typeof adminApp>;
  public: ReturnType<typeof publicApp>;
  adminApi: RunningApi;
  publicApi: RunningApi;
  close(): Promise<void>;
}

async function startStack(database: TestDatabase, overrides: Record<string, unknown> = {}): Promise<Stack> {
  const { db, dispose } = await openScratch(database);
  const config = testConfig({
    database: { dialect: "sqlite", database: ":memory:" },
    secrets: { keys: ["a-test-secret-of-enough-length"] },
    password: { enabled: true },
    webhooks: { hooks: [{ callback: "https://hooks.example.com/hanko", events: ["user.create", "user.delete"] }] },
    ...overrides,
  });
  const built = await testDeps(config, db);
  const registry = new MetricsRegistry();
  const admin = adminApp(built.deps, registry);
  const pub = publicApp(built.deps, registry);
  const adminRunning = listen("admin", admin, "127.0.0.1:0");
  const publicRunning = listen("public", pub, "127.0.0.1:0");
  return {
    db,
    deps: built.deps,
    config,
    admin,
    public: pub,
    adminApi: adminRunning,
    publicApi: publicRunning,
    async close() {
      await adminRunning.stop();
      await publicRunning.stop();
      built.close();
      await dispose();
    },
  };
}

const served = async (url: string, headers: Record<string, string> = {}): Promise<ServedDocument> => {
  const response = await fetch(`${url}/openapi.json`, { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/json");
  return (await response.json()) as ServedDocument;
};

/** An identity from a third-party provider, linked to one of the user's emails. */
async function linkIdentity(db: Db, userId: string, emailId: string): Promise<void> {
  const at = new Date();
  await db.kysely
    .insertInto("identities")
    .values({
      id: crypto.randomUUID(),
      provider_user_id: `google-${userId}`,
      provider_id: "google",
      data: null,
      email_id: emailId,
      user_id: userId,
      created_at: at,
      updated_at: at,
    })
    .execute();
}

describe("the OpenAPI document generator", () => {
  const api: ApiDescription = {
    info: { title: "T", version: "1", description: "D" },
    operations: {
      "GET /things/:id": {
        operationId: "getThing",
        summary: "A thing",
        tags: ["Things"],
        pathParams: [{ name: "thing_id", description: "Its id", schema: Type.String() }],
        responses: { 200: json("The thing", Type.Object({ id: Type.String() })), ...errors({ 404: "no such thing" }) },
      },
      "DELETE /gone": { operationId: "gone", summary: "Not routed", tags: [], responses: { 204: noContent("Gone") } },
    },
  };

  test("documents the routes that exist under Hanko's parameter names and leaves out HEAD, OPTIONS and catch-alls", () => {
    const document = openApiDocument(
      {
        routes: [
          { method: "GET", path: "/things/:id" },
          { method: "HEAD", path: "/things/:id" },
          { method: "OPTIONS", path: "/things/:id" },
          { method: "ALL", path: "/*" },
          { method: "GET", path: "/files/*" },
        ],
      },
      api,
    );
    expect(Object.keys(document.paths)).toEqual(["/things/{thing_id}"]);
    expect(Object.keys(document.paths["/things/{thing_id}"]!)).toEqual(["get"]);
    expect(document.paths["/things/{thing_id}"]!.get).toMatchObject({
      operationId: "getThing",
      parameters: [{ name: "thing_id", in: "path", required: true }],
      responses: { "200": { description: "The thing" }, "404": { description: "Not Found: no such thing" } },
    });
  });

  test("emits a route without a table entry, marked, instead of dropping it", () => {
    const document = openApiDocument({ routes: [{ method: "POST", path: "/new/:id" }] }, api);
    expect(document.paths["/new/{id}"]!.post).toMatchObject({ "x-undocumented": true });
    expect(() => expectWellFormed(document as unknown as ServedDocument, "1")).toThrow();
  });

  test("refuses a table entry that names more or fewer path parameters than its route has", () => {
    expect(() =>
      openApiDocument(
        { routes: [{ method: "GET", path: "/things/:id/:part" }] },
        { ...api, operations: { "GET /things/:id/:part": api.operations["GET /things/:id"]! } },
      ),
    ).toThrow(/2 path parameters, its table entry names 1/);
  });

  test("GET /openapi.json builds the document once, on the first request", async () => {
    let built = 0;
    const route = openApiRoute(() => {
      built++;
      return app;
    }, api);
    const app = new Elysia().use(route);
    expect(built).toBe(0);
    const first = await app.handle(new Request("http://localhost/openapi.json"));
    const second = await app.handle(new Request("http://localhost/openapi.json"));
    expect(built).toBe(1);
    expect(first.headers.get("content-type")).toBe("application/json");
    const document = JSON.parse(await first.text()) as ServedDocument;
    expect(await second.text()).toBe(JSON.stringify(document) + "\n");
    expect(Object.keys(document.paths)).toEqual(["/openapi.json"]);
    expect(document.paths["/openapi.json"]!.get!["x-undocumented"]).toBe(true);
  });
});

describe("GET /openapi.json", () => {
  let stack: Stack;
  let guarded: Stack;
  let bare: { app: ReturnType<typeof adminApp>; api: RunningApi };
  beforeAll(async () => {
    const [sqlite] = await testDatabases();
    stack = await startStack(sqlite!);
    guarded = await startStack(sqlite!, { server: { admin: { address: "127.0.0.1:0", api_keys: [ADMIN_KEY] } } });
    // `hanko serve admin` has no metrics registry and so no `/metrics`.
    const app = adminApp(stack.deps);
    bare = { app, api: listen("admin", app, "127.0.0.1:0") };
  });
  afterAll(async () => {
    await bare.api.stop();
    await guarded.close();
    await stack.close();
  });

  test("the public API answers with a well-formed OpenAPI 3.1 document of exactly its routes", async () => {
    const document = await served(stack.publicApi.url);
    expectWellFormed(document, buildVersion());
    expect(documentedOperations(document)).toEqual(registeredOperations(stack.public));
    expect(document.paths["/openapi.json"]?.get).toBeDefined();
    expect(document.paths["/me"]!.get!.security).toEqual([{ sessionToken: [] }, { sessionCookie: [] }]);
  });

  test("the admin API answers with a well-formed OpenAPI 3.1 document of exactly its routes, with /metrics only where it is served", async () => {
    const withMetrics = await served(stack.adminApi.url);
    expectWellFormed(withMetrics, buildVersion());
    expect(documentedOperations(withMetrics)).toEqual(registeredOperations(stack.admin));
    expect(withMetrics.paths["/metrics"]).toBeDefined();
    expect(withMetrics.paths["/users/{user_id}/emails/{email_id}"]).toBeDefined();

    const withoutMetrics = await served(bare.api.url);
    expectWellFormed(withoutMetrics, buildVersion());
    expect(documentedOperations(withoutMetrics)).toEqual(registeredOperations(bare.app));
    expect(withoutMetrics.paths["/metrics"]).toBeUndefined();
    // Without API keys nothing asks for one.
    expect(withoutMetrics.components).toBeUndefined();
    expect(Object.values(withoutMetrics.paths).some((item) => Object.values(item).some((op) => op.responses["401"]))).toBe(false);
  });

  test("with API keys the admin document needs a key, and says which routes need one", async () => {
    const refused = await fetch(`${guarded.adminApi.url}/openapi.json`);
    expect(refused.status).toBe(401);
    const document = await served(guarded.adminApi.url, { authorization: `Bearer ${ADMIN_KEY}` });
    expectWellFormed(document, buildVersion());
    expect(document.components?.securitySchemes).toEqual({ apiKey: expect.objectContaining({ type: "http", scheme: "bearer" }) });
    expect(document.paths["/users"]!.get!.security).toEqual([{ apiKey: [] }]);
    expect(document.paths["/openapi.json"]!.get!.responses["401"]).toBeDefined();
    expect(document.paths["/health/ready"]!.get!.security).toBeUndefined();
    expect(document.paths["/health/ready"]!.get!.responses["401"]).toBeUndefined();
  });

  test("with API keys every route answers a request without a key as its document says: 401, or served for the health checks", async () => {
    const document = await served(guarded.adminApi.url, { authorization: `Bearer ${ADMIN_KEY}` });
    const { operations } = adminApi(guarded.config);
    const check = new Conformance(guarded.adminApi.url, document, operations);
    for (const key of Object.keys(operations).filter((k) => guarded.admin.routes.some((r) => `${r.method} ${r.path}` === k))) {
      const [method, path] = key.split(" ") as [string, string];
      const answer = await check.call(key, path.replace(/:[^/]+/g, crypto.randomUUID()));
      expect(answer.status === 401, `${method} ${path}`).toBe(operations[key]!.responses[401] !== undefined);
    }
  });
});

describe("the admin document without API keys", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack((await testDatabases())[0]!);
  });
  afterAll(() => stack.close());

  test("every route answers a foreign Host as its document says: 403, or served for the health checks", async () => {
    const document = await served(stack.adminApi.url);
    const { operations } = adminApi(stack.config);
    const check = new Conformance(stack.adminApi.url, document, operations);
    for (const key of Object.keys(operations).filter((k) => stack.admin.routes.some((r) => `${r.method} ${r.path}` === k))) {
      const [method, path] = key.split(" ") as [string, string];
      const answer = await check.call(key, path.replace(/:[^/]+/g, crypto.randomUUID()), { headers: { host: "rebound.example" } });
      expect(answer.status === 403, `${method} ${path}`).toBe(operations[key]!.responses[403] !== undefined);
    }
  });
});

describe.each(await testDatabases())("the documents against real answers on $family", (database) => {
  let stack: Stack;
  let admin: Conformance;
  let pub: Conformance;
  beforeAll(async () => {
    stack = await startStack(database);
    admin = new Conformance(stack.adminApi.url, await served(stack.adminApi.url), adminApi(stack.config).operations);
    pub = new Conformance(stack.publicApi.url, await served(stack.publicApi.url), publicApi(stack.config).operations);
  });
  afterAll(() => stack.close());

  const missing = crypto.randomUUID();

  describe("the admin API", () => {
    let userId: string;
    let firstEmailId: string;

    test("status routes", async () => {
      for (const key of ["GET /", "GET /health/alive", "GET /health/ready", "GET /metrics", "GET /openapi.json"]) {
        expect((await admin.call(key, key.slice(4))).status).toBe(200);
      }
    });

    test("user routes", async () => {
      const created = await admin.call("POST /users", "/users", {
        body: { emails: [{ address: "ada@example.com", is_primary: true, is_verified: true }], username: "ada" },
      });
      expect(created.status).toBe(200);
      userId = created.body.id;
      firstEmailId = created.body.emails[0].id;
      expect(
        (await admin.call("POST /users", "/users", { body: { id: userId, emails: [{ address: "x@example.com", is_primary: true }] } }))
          .status,
      ).toBe(409);
      expect((await admin.call("POST /users", "/users", { body: {} })).status).toBe(400);
      expect((await admin.call("POST /users", "/users", { rawBody: "name=ada", contentType: "text/plain" })).status).toBe(415);

      const patched = await admin.call("PATCH /users/:id", `/users/${userId}`, {
        body: { name: "Ada Lovelace", given_name: "Ada", family_name: "Lovelace", picture: "https://example.com/ada.png" },
      });
      expect(patched.status).toBe(200);
      expect((await admin.call("PATCH /users/:id", `/users/${missing}`, { body: { name: "Nobody" } })).status).toBe(404);
      expect((await admin.call("PATCH /users/:id", `/users/${userId}`, { body: { username: "not valid!" } })).status).toBe(400);
      expect((await admin.call("GET /users/:id", "/users/not-a-uuid")).status).toBe(400);
      expect((await admin.call("GET /users/:id", `/users/${missing}`)).status).toBe(404);
      expect((await admin.call("DELETE /users/:id", `/users/${missing}`)).status).toBe(404);
      expect((await admin.call("GET /users", "/users?per_page=many")).status).toBe(400);
    });

    test("metadata routes", async () => {
      expect((await admin.call("GET /users/:id/metadata", `/users/${userId}/metadata`)).status).toBe(204);
      const patch = { public_metadata: { role: "admin" }, private_metadata: { plan: 3 }, unsafe_metadata: { theme: "dark" } };
      expect((await admin.call("PATCH /users/:id/metadata", `/users/${userId}/metadata`, { body: patch })).status).toBe(200);
      expect((await admin.call("GET /users/:id/metadata", `/users/${userId}/metadata`)).status).toBe(200);
      expect((await admin.call("PATCH /users/:id/metadata", `/users/${userId}/metadata`)).status).toBe(400);
      expect((await admin.call("PATCH /users/:id/metadata", `/users/${missing}/metadata`, { body: patch })).status).toBe(404);
      expect((await admin.call("GET /users/:id/metadata", "/users/nope/metadata")).status).toBe(400);
    });

    test("email routes", async () => {
      expect((await admin.call("GET /users/:id/emails", `/users/${userId}/emails`)).status).toBe(200);
      const added = await admin.call("POST /users/:id/emails", `/users/${userId}/emails`, {
        body: { address: "ada@example.org", is_verified: true },
      });
      expect(added.status).toBe(201);
      const emailId = added.body.id as string;
      expect((await admin.call("GET /users/:id/emails/:email_id", `/users/${userId}/emails/${emailId}`)).status).toBe(200);
      expect(
        (await admin.call("POST /users/:id/emails/:email_id/set_primary", `/users/${userId}/emails/${emailId}/set_primary`)).status,
      ).toBe(204);
      expect((await admin.call("DELETE /users/:id/emails/:email_id", `/users/${userId}/emails/${emailId}`)).status).toBe(409);
      expect(
        (await admin.call("POST /users/:id/emails/:email_id/set_primary", `/users/${userId}/emails/${firstEmailId}/set_primary`)).status,
      ).toBe(204);
      expect((await admin.call("DELETE /users/:id/emails/:email_id", `/users/${userId}/emails/${emailId}`)).status).toBe(204);
      expect((await admin.call("GET /users/:id/emails/:email_id", `/users/${userId}/emails/${emailId}`)).status).toBe(404);
      expect((await admin.call("GET /users/:id/emails/:email_id", `/users/${userId}/emails/not-a-uuid`)).status).toBe(400);
      expect(
        (await admin.call("POST /users/:id/emails", `/users/${missing}/emails`, { body: { address: "someone@example.net" } })).status,
      ).toBe(404);
      expect((await admin.call("GET /users/:id/emails", "/users/nope/emails")).status).toBe(400);
    });

    test("WebAuthn credential routes", async () => {
      const store = webauthnCredentialStore(stack.db.kysely);
      const passkey = testCredential(userId, { name: "Laptop", transports: ["internal", "hybrid"], lastUsedAt: new Date() });
      const securityKey = testCredential(userId, { mfaOnly: true, attestationType: "packed" });
      await store.create(passkey);
      await store.create(securityKey);
      expect((await admin.call("GET /users/:id/webauthn_credentials", `/users/${userId}/webauthn_credentials`)).status).toBe(200);
      expect(
        (await admin.call("GET /users/:id/webauthn_credentials/:credential_id", `/users/${userId}/webauthn_credentials/${passkey.id}`))
          .status,
      ).toBe(200);
      expect(
        (
          await admin.call(
            "DELETE /users/:id/webauthn_credentials/:credential_id",
            `/users/${userId}/webauthn_credentials/${securityKey.id}`,
          )
        ).status,
      ).toBe(204);
      expect(
        (await admin.call("GET /users/:id/webauthn_credentials/:credential_id", `/users/${userId}/webauthn_credentials/${securityKey.id}`))
          .status,
      ).toBe(404);
      expect((await admin.call("GET /users/:id/webauthn_credentials", `/users/${missing}/webauthn_credentials`)).status).toBe(404);
      expect((await admin.call("GET /users/:id/webauthn_credentials", "/users/nope/webauthn_credentials")).status).toBe(400);
    });

    test("password routes", async () => {
      const path = `/users/${userId}/password`;
      expect((await admin.call("GET /users/:id/password", path)).status).toBe(404);
      expect((await admin.call("POST /users/:id/password", path, { body: { password: PASSWORD } })).status).toBe(200);
      expect((await admin.call("POST /users/:id/password", path, { body: { password: PASSWORD } })).status).toBe(409);
      expect((await admin.call("PUT /users/:id/password", path, { body: { password: `${PASSWORD}!` } })).status).toBe(200);
      expect((await admin.call("PUT /users/:id/password", path, { body: { password: "x".repeat(73) } })).status).toBe(400);
      expect((await admin.call("PUT /users/:id/password", path, { body: {} })).status).toBe(400);
      expect((await admin.call("GET /users/:id/password", path)).status).toBe(200);
    });

    test("OTP routes", async () => {
      await otpSecretStore(stack.db.kysely).set(userId, "JBSWY3DPEHPK3PXP");
      expect((await admin.call("GET /users/:id/otp", `/users/${userId}/otp`)).status).toBe(200);
      expect((await admin.call("GET /users/:id/otp", "/users/nope/otp")).status).toBe(400);
    });

    test("a user with every part shows all of them, in the list and alone", async () => {
      await linkIdentity(stack.db, userId, firstEmailId);
      const one = await admin.call("GET /users/:id", `/users/${userId}`);
      expect(one.status).toBe(200);
      expect(Object.keys(one.body).sort()).toEqual(
        [
          "created_at",
          "emails",
          "family_name",
          "given_name",
          "id",
          "identities",
          "metadata",
          "name",
          "otp",
          "password",
          "picture",
          "updated_at",
          "username",
          "webauthn_credentials",
        ].sort(),
      );
      const list = await admin.call("GET /users", "/users?per_page=5&page=1&sort_direction=asc");
      expect(list.status).toBe(200);
      expect(list.body.length).toBe(1);
    });

    test("session routes", async () => {
      const issued = await admin.call("POST /sessions", "/sessions", {
        body: { user_id: userId, user_agent: "curl/8", ip_address: "192.0.2.1" },
      });
      expect(issued.status).toBe(200);
      const list = await admin.call("GET /users/:id/sessions", `/users/${userId}/sessions`);
      expect(list.status).toBe(200);
      const sessionId = list.body[0].id as string;
      expect((await admin.call("DELETE /users/:id/sessions/:session_id", `/users/${userId}/sessions/${sessionId}`)).status).toBe(204);
      expect((await admin.call("DELETE /users/:id/sessions/:session_id", `/users/${userId}/sessions/${sessionId}`)).status).toBe(404);
      expect((await admin.call("DELETE /users/:id/sessions/:session_id", `/users/${userId}/sessions/nope`)).status).toBe(400);
      expect((await admin.call("POST /sessions", "/sessions", { body: { user_id: userId, ip_address: "nowhere" } })).status).toBe(400);
      expect((await admin.call("POST /sessions", "/sessions", { body: { user_id: missing } })).status).toBe(404);
      expect((await admin.call("GET /users/:id/sessions", `/users/${missing}/sessions`)).status).toBe(404);
    });

    test("GET /audit_logs", async () => {
      const store = auditLogStore(stack.db.kysely, stack.db.family);
      const entry = {
        type: "login_success",
        error: null,
        requestId: "req",
        sourceIp: "192.0.2.1",
        userAgent: "agent",
        actorUserId: userId,
        actorEmail: "ada*****@example.com",
        details: { api: "admin" },
        createdAt: new Date(),
      };
      await store.insert(entry);
      await store.insert({ ...entry, type: "login_failure", error: "wrong password", actorUserId: null, actorEmail: null, details: null });
      const page = await admin.call("GET /audit_logs", "/audit_logs?type=login_success&type=login_failure&per_page=10");
      expect(page.status).toBe(200);
      expect(page.body.length).toBe(2);
      expect((await admin.call("GET /audit_logs", "/audit_logs?start_time=yesterday")).status).toBe(400);
    });

    test("webhook routes", async () => {
      const created = await admin.call("POST /webhooks", "/webhooks", {
        body: { callback: "https://example.com/hook", events: ["user.create"] },
      });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      expect((await admin.call("GET /webhooks", "/webhooks")).status).toBe(200);
      expect((await admin.call("GET /webhooks/:id", `/webhooks/${id}`)).status).toBe(200);
      const update = { callback: "https://example.com/other", events: ["user.delete", "user.update"], enabled: true };
      expect((await admin.call("PUT /webhooks/:id", `/webhooks/${id}`, { body: update })).status).toBe(200);
      expect((await admin.call("PUT /webhooks/:id", `/webhooks/${id}`, { body: { ...update, enabled: false } })).status).toBe(400);
      await webhookDeliveryStore(stack.db.kysely).enqueue([{ webhookId: id, callback: update.callback, event: "user.update", data: {} }]);
      const deliveries = await admin.call("GET /webhooks/:id/deliveries", `/webhooks/${id}/deliveries`);
      expect(deliveries.status).toBe(200);
      const deliveryId = (deliveries.body as unknown as { id: string }[])[0]!.id;
      const resend = `/webhooks/${id}/deliveries/${deliveryId}/resend`;
      expect((await admin.call("POST /webhooks/:id/deliveries/:delivery_id/resend", resend)).status).toBe(202);
      expect((await admin.call("GET /webhooks/:id/deliveries", "/webhooks/nope/deliveries")).status).toBe(400);
      expect((await admin.call("DELETE /webhooks/:id", `/webhooks/${id}`)).status).toBe(204);
      expect((await admin.call("GET /webhooks/:id", `/webhooks/${id}`)).status).toBe(404);
      expect((await admin.call("DELETE /webhooks/:id", "/webhooks/nope")).status).toBe(400);
      expect((await admin.call("POST /webhooks", "/webhooks", { body: { callback: "https://example.com/hook", events: [] } })).status).toBe(
        400,
      );
    });

    test("deleting what was made", async () => {
      expect((await admin.call("DELETE /users/:id/otp", `/users/${userId}/otp`)).status).toBe(204);
      expect((await admin.call("DELETE /users/:id/otp", `/users/${userId}/otp`)).status).toBe(404);
      expect((await admin.call("DELETE /users/:id/password", `/users/${userId}/password`)).status).toBe(204);
      expect((await admin.call("DELETE /users/:id/password", `/users/${userId}/password`)).status).toBe(404);
      expect((await admin.call("PATCH /users/:id/metadata", `/users/${userId}/metadata`, { body: null })).status).toBe(204);
      expect((await admin.call("DELETE /users/:id", `/users/${userId}`)).status).toBe(204);
      expect((await admin.call("DELETE /users/:id", "/users/nope")).status).toBe(400);
    });

    test("every documented admin operation answered a real request with a documented success", () => {
      const documented = Object.keys(adminApi(stack.config).operations).filter((key) =>
        stack.admin.routes.some((r) => `${r.method} ${r.path}` === key),
      );
      expect(documented.filter((key) => !admin.succeeded.has(key))).toEqual([]);
    });
  });

  describe("the public API", () => {
    let token: string;
    let address: string;

    test("status and well-known routes", async () => {
      for (const key of [
        "GET /",
        "GET /health/alive",
        "GET /health/ready",
        "GET /openapi.json",
        "GET /.well-known/jwks.json",
        "GET /.well-known/config",
      ]) {
        expect((await pub.call(key, key.slice(4))).status).toBe(200);
      }
    });

    test("session routes", async () => {
      address = `grace-${crypto.randomUUID()}@example.com`;
      const user = await userStore(stack.db.kysely).create({ email: { address, verified: true }, username: "grace", name: "Grace Hopper" });
      const credentials = webauthnCredentialStore(stack.db.kysely);
      await credentials.create(testCredential(user.id, { name: "Phone", transports: ["hybrid"] }));
      await credentials.create(testCredential(user.id, { mfaOnly: true }));
      await linkIdentity(stack.db, user.id, user.emails[0]!.id);
      await userMetadataStore(stack.db.kysely).put(user.id, {
        public: '{"role":"reader"}',
        private: '{"x":1}',
        unsafe: '{"theme":"light"}',
      });
      await passwordStore(stack.db.kysely).set(user.id, await stack.deps.runtime.passwords.hash(PASSWORD));
      token = (await stack.deps.runtime.sessions.issue(user.id)).token;
      const bearer = { authorization: `Bearer ${token}` };

      const me = await pub.call("GET /me", "/me", { headers: bearer });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ passkeys: [expect.anything()], security_keys: [expect.anything()], identities: [expect.anything()] });
      expect(me.body.emails[0].identities).toHaveLength(1);
      expect((await pub.call("GET /me", "/me")).status).toBe(401);
      expect((await pub.call("GET /sessions/validate", "/sessions/validate", { headers: bearer })).body.is_valid).toBe(true);
      expect((await pub.call("GET /sessions/validate", "/sessions/validate")).body.is_valid).toBe(false);
      expect((await pub.call("POST /sessions/validate", "/sessions/validate", { body: { session_token: token } })).body.is_valid).toBe(
        true,
      );
      expect((await pub.call("POST /sessions/validate", "/sessions/validate", { body: {} })).status).toBe(400);
    });

    test("flow routes", async () => {
      const started = await pub.call("POST /login", "/login");
      expect(started.status).toBe(200);
      const run = async (
        key: string,
        state: { actions: Record<string, { href: string }>; csrf_token: string },
        action: string,
        input = {},
      ) => pub.call(key, state.actions[action]!.href, { body: { input_data: input, csrf_token: state.csrf_token } });
      const init = await run("POST /login", started.body, "register_client_capabilities", { webauthn_available: false });
      expect(init.body.name).toBe("login_init");
      const chooser = await run("POST /login", init.body, "continue_with_login_identifier", { email: address });
      const passwordState = await run("POST /login", chooser.body, "continue_to_password_login");
      const wrong = await run("POST /login", passwordState.body, "password_login", { password: "wrong" });
      expect(wrong.status).toBe(400);
      const success = await run("POST /login", wrong.body, "password_login", { password: PASSWORD });
      expect(success.body.name).toBe("success");
      const wrongToken = await pub.call("POST /login", wrong.body.actions.password_login.href, {
        body: { input_data: {}, csrf_token: "not the token" },
      });
      expect(wrongToken.status).toBe(403);
      expect((await pub.call("POST /login", "/login?action=password_login%40nope", { rawBody: "not json" })).status).toBe(400);
      expect((await pub.call("POST /login", "/login?action=nonsense", { body: { input_data: {}, csrf_token: "x" } })).status).toBe(403);

      expect((await pub.call("POST /registration", "/registration")).status).toBe(200);
      expect((await pub.call("POST /profile", "/profile", { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      expect((await pub.call("POST /profile", "/profile")).status).toBe(401);
    });

    test("POST /logout", async () => {
      expect((await pub.call("POST /logout", "/logout", { headers: { authorization: `Bearer ${token}` } })).status).toBe(204);
      expect((await pub.call("POST /logout", "/logout", { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    });

    test("every documented public operation answered a real request with a documented success", () => {
      expect(Object.keys(publicApi(stack.config).operations).filter((key) => !pub.succeeded.has(key))).toEqual([]);
    });
  });
});
