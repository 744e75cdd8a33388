import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Config } from "../../../src/config/schema.ts";
import { adminApp } from "../../../src/http/apps/admin-app.ts";
import { listen, type RunningApi } from "../../../src/http/listen.ts";
import type { AppDeps } from "../../../src/http/app-deps.ts";
import { userStore } from "../../../src/store/users.ts";
import { type NewCredential, webauthnCredentialStore } from "../../../src/store/webauthn-credentials.ts";
import { testDeps } from "../../support/app.ts";
import { testCredential } from "../../support/credentials.ts";
import { testConfig } from "../../support/config.ts";
import { openScratch, testDatabases } from "../../support/databases.ts";

const GO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe.each(await testDatabases())("the admin WebAuthn credentials API on $family", (database) => {
  let deps: AppDeps;
  let api: RunningApi;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const { db, dispose } = await openScratch(database);
    const config: Config = testConfig({ database: { dialect: "sqlite", database: ":memory:" } });
    const built = await testDeps(config, db);
    deps = built.deps;
    api = listen("admin", adminApp(deps), "127.0.0.1:0");
    close = async () => {
      await api.stop();
      built.close();
      await dispose();
    };
  });
  afterAll(() => close());

  const send = (method: string, path: string, init: { body?: string; contentType?: string } = {}) =>
    fetch(`${api.url}${path}`, {
      method,
      headers: init.contentType ? { "content-type": init.contentType } : {},
      body: init.body,
    });
  const error = async (response: Response) => ({ status: response.status, body: await response.json() });
  const refused = (status: number, message: string) => ({ status, body: { code: status, message } });
  const newUser = async () => (await userStore(deps.db.kysely).create({})).id;
  const newCredential = async (userId: string, fields: Partial<NewCredential> = {}) => {
    const credential = testCredential(userId, fields);
    await webauthnCredentialStore(deps.db.kysely).create(credential);
    return credential;
  };

  describe("GET /users/:user_id/webauthn_credentials", () => {
    test("lists passkeys and security keys together, oldest first, in Hanko's shape", async () => {
      const userId = await newUser();
      const passkey = await newCredential(userId, {
        name: "Laptop",
        transports: ["internal", "hybrid"],
        backupEligible: true,
        backupState: true,
        createdAt: new Date("2024-08-17T12:05:15.651Z"),
        lastUsedAt: new Date("2024-08-18T09:00:00Z"),
      });
      const securityKey = await newCredential(userId, {
        mfaOnly: true,
        attestationType: "packed",
        createdAt: new Date("2024-09-01T00:00:00Z"),
      });
      await newCredential(await newUser());

      const response = await send("GET", `/users/${userId}/webauthn_credentials`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/json");
      const text = await response.text();
      expect(text.endsWith("]\n")).toBe(true);
      const list = JSON.parse(text) as Record<string, unknown>[];
      expect(list).toEqual([
        {
          id: passkey.id,
          name: "Laptop",
          public_key: passkey.publicKey,
          attestation_type: "none",
          aaguid: passkey.aaguid,
          last_used_at: "2024-08-18T09:00:00Z",
          created_at: "2024-08-17T12:05:15.651Z",
          transports: ["hybrid", "internal"],
          backup_eligible: true,
          backup_state: true,
          mfa_only: false,
        },
        {
          id: securityKey.id,
          public_key: securityKey.publicKey,
          attestation_type: "packed",
          aaguid: securityKey.aaguid,
          created_at: "2024-09-01T00:00:00Z",
          transports: [],
          backup_eligible: false,
          backup_state: false,
          mfa_only: true,
        },
      ]);
    });

    test("answers an empty array for a user without credentials", async () => {
      const response = await send("GET", `/users/${await newUser()}/webauthn_credentials`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe("[]\n");
    });

    test("answers 404 without a message of its own for an unknown user", async () => {
      expect(await error(await send("GET", `/users/${crypto.randomUUID()}/webauthn_credentials`))).toEqual(refused(404, "Not Found"));
    });

    test("refuses a user id that is no lower-case uuid with the wrapped validator message", async () => {
      const message = "code=400, message=UserID must be a valid uuid";
      expect(await error(await send("GET", "/users/not-a-uuid/webauthn_credentials"))).toEqual(refused(400, message));
      const upper = crypto.randomUUID().toUpperCase();
      expect(await error(await send("GET", `/users/${upper}/webauthn_credentials`))).toEqual(refused(400, message));
    });
  });

  describe("GET /users/:user_id/webauthn_credentials/:credential_id", () => {
    test("answers the user's credential", async () => {
      const userId = await newUser();
      const credential = await newCredential(userId, { transports: ["usb"] });
      const response = await send("GET", `/users/${userId}/webauthn_credentials/${credential.id}`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ id: credential.id, transports: ["usb"], mfa_only: false });
      expect(body.created_at).toMatch(GO_TIME);
      expect(Object.keys(body)).not.toContain("name");
      expect(Object.keys(body)).not.toContain("last_used_at");
    });

    test("answers 404 for an unknown user, and names the credential when it is unknown or another user's", async () => {
      const userId = await newUser();
      const foreign = await newCredential(await newUser());
      expect(await error(await send("GET", `/users/${crypto.randomUUID()}/webauthn_credentials/${foreign.id}`))).toEqual(
        refused(404, "Not Found"),
      );
      expect(await error(await send("GET", `/users/${userId}/webauthn_credentials/${foreign.id}`))).toEqual(
        refused(404, "webauthn credential not found"),
      );
      expect(await error(await send("GET", `/users/${userId}/webauthn_credentials/unknown`))).toEqual(
        refused(404, "webauthn credential not found"),
      );
    });

    test("refuses a malformed user id before looking anything up", async () => {
      expect(await error(await send("GET", "/users/123/webauthn_credentials/abc"))).toEqual(
        refused(400, "code=400, message=UserID must be a valid uuid"),
      );
    });
  });

  describe("DELETE /users/:user_id/webauthn_credentials/:credential_id", () => {
    test("deletes the user's credential with its transports and answers 204", async () => {
      const userId = await newUser();
      const credential = await newCredential(userId, { transports: ["internal"] });
      const kept = await newCredential(userId);
      const response = await send("DELETE", `/users/${userId}/webauthn_credentials/${credential.id}`);
      expect(response.status).toBe(204);
      expect(await response.text()).toBe("");
      const store = webauthnCredentialStore(deps.db.kysely);
      expect(await store.byId(credential.id)).toBeUndefined();
      expect((await store.ofUser(userId)).map((c) => c.id)).toEqual([kept.id]);
      const transports = await deps.db.kysely
        .selectFrom("webauthn_credential_transports")
        .select("id")
        .where("webauthn_credential_id", "=", credential.id)
        .execute();
      expect(transports).toEqual([]);
    });

    test("answers the same 404s as reading and leaves another user's credential alone", async () => {
      const userId = await newUser();
      const foreign = await newCredential(await newUser());
      expect(await error(await send("DELETE", `/users/${crypto.randomUUID()}/webauthn_credentials/${foreign.id}`))).toEqual(
        refused(404, "Not Found"),
      );
      expect(await error(await send("DELETE", `/users/${userId}/webauthn_credentials/${foreign.id}`))).toEqual(
        refused(404, "webauthn credential not found"),
      );
      expect(await webauthnCredentialStore(deps.db.kysely).byId(foreign.id)).toBeDefined();
    });

    test("refuses a malformed user id", async () => {
      expect(await error(await send("DELETE", "/users/nope/webauthn_credentials/abc"))).toEqual(
        refused(400, "code=400, message=UserID must be a valid uuid"),
      );
    });
    test("binds a JSON body over the path, as Echo does, and wraps its errors", async () => {
      const userId = await newUser();
      const credential = await newCredential(userId);
      const json = (body: string) => ({ body, contentType: "application/json" });
      const overridden = await send(
        "DELETE",
        `/users/not-a-uuid/webauthn_credentials/${credential.id}`,
        json(JSON.stringify({ userid: userId })),
      );
      expect(overridden.status).toBe(204);
      expect(await webauthnCredentialStore(deps.db.kysely).byId(credential.id)).toBeUndefined();

      const path = `/users/${userId}/webauthn_credentials/${credential.id}`;
      expect(await error(await send("DELETE", path, json('{"UserID":5}')))).toEqual(
        refused(
          400,
          "code=400, message=Unmarshal type error: expected=string, got=number, field=UserID, offset=11, internal=json: cannot unmarshal number into Go struct field GetWebauthnCredentialRequestDto.UserID of type string",
        ),
      );
      expect(await error(await send("DELETE", path, json("{x")))).toEqual(
        refused(
          400,
          "code=400, message=Syntax error: offset=2, error=invalid character 'x' looking for beginning of object key string, internal=invalid character 'x' looking for beginning of object key string",
        ),
      );
      expect(await error(await send("DELETE", path, { body: "hello", contentType: "text/plain" }))).toEqual(
        refused(400, "code=415, message=Unsupported Media Type"),
      );
    });
  });
});
