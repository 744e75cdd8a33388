import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRemoteJWKSet, decodeJwt, exportSPKI, jwtVerify, SignJWT } from "jose";
import { generateRsaJwk, keyObjectsOf } from "../../src/crypto/rsa-jwk.ts";
import { openDatabase } from "../../src/db/connect.ts";
import { migrateUp } from "../../src/db/migrations/migrator.ts";
import type { AppDeps } from "../../src/http/app-deps.ts";
import { listen, type RunningApi } from "../../src/http/listen.ts";
import { publicApp } from "../../src/http/apps/public-app.ts";
import { userMetadataStore } from "../../src/store/user-metadata.ts";
import { userStore } from "../../src/store/users.ts";
import { webauthnCredentialStore } from "../../src/store/webauthn-credentials.ts";
import { testDeps } from "../support/app.ts";
import { sqliteSettings, testConfig } from "../support/config.ts";
import { testDatabases } from "../support/databases.ts";
import { type FlowStack, startFlowStack } from "../support/flow-stack.ts";

const dir = mkdtempSync(join(tmpdir(), "hanko-sessions-"));
const db = openDatabase({ family: "sqlite", path: join(dir, "hanko.sqlite") });
const config = testConfig({
  ...sqliteSettings(join(dir, "hanko.sqlite")),
  session: { idle_timeout: "1h", cookie: { name: "hanko", same_site: "lax" }, jwt_template: { claims: { role: "member" } } },
  third_party: {
    redirect_url: "https://auth.example.com/thirdparty/callback",
    error_redirect_url: "https://app.example.com/error",
    allowed_redirect_urls: ["https://app.example.com/**"],
    providers: {
      github: { enabled: true, client_id: "id", secret: "secret" },
      google: { enabled: true, client_id: "id", secret: "secret" },
    },
  },
  account: { allow_deletion: true },
});

let deps: AppDeps;
let api: RunningApi;
let close: () => void;
let userId: string;

beforeAll(async () => {
  await migrateUp(db);
  ({ deps, close } = await testDeps(config, db));
  api = listen("public", publicApp(deps), "127.0.0.1:0");
  const user = await userStore(db.kysely).create({
    email: { address: "ada@example.com", verified: true },
    username: "ada",
    name: "Ada Lovelace",
  });
  userId = user.id;
  await userMetadataStore(db.kysely).put(userId, { public: '{"role":"admin"}', private: '{"hidden":true}', unsafe: "{}" });
  const credential = {
    userId,
    publicKey: "pQECAyYgASFYIA",
    attestationType: "none",
    aaguid: "00000000-0000-0000-0000-000000000000",
    signCount: 0,
    backupEligible: true,
    backupState: true,
    createdAt: new Date("2026-01-02T03:04:05.600Z"),
  };
  await webauthnCredentialStore(db.kysely).create({
    ...credential,
    id: "cGFzc2tleQ",
    name: "MacBook",
    mfaOnly: false,
    transports: ["internal", "hybrid"],
  });
  await webauthnCredentialStore(db.kysely).create({ ...credential, id: "c2VjdXJpdHkta2V5", name: null, mfaOnly: true, transports: [] });
});

afterAll(async () => {
  await api.stop();
  close();
  await db.close();
});

const issue = () => deps.runtime.sessions.issue(userId, { amr: ["passkey"] });
const me = (headers: Record<string, string>) => fetch(`${api.url}/me`, { headers });

describe("the JWK set", () => {
  test("is published with Hanko's cache header, and our tokens verify against it with jose over HTTP", async () => {
    const response = await fetch(`${api.url}/.well-known/jwks.json`);
    expect(response.headers.get("cache-control")).toBe("max-age=600");
    const { token } = await issue();
    const { payload, protectedHeader } = await jwtVerify(token, createRemoteJWKSet(new URL(`${api.url}/.well-known/jwks.json`)));
    expect(payload.sub).toBe(userId);
    expect(protectedHeader.alg).toBe("RS256");
  });
});

describe("GET /me", () => {
  test("answers the profile of the token's user, from a Bearer header", async () => {
    const { token } = await issue();
    const response = await me({ Authorization: `Bearer ${token}` });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, any>;
    expect(body).toMatchObject({
      id: userId,
      user_id: userId,
      mfa_config: { auth_app_set_up: false, totp_enabled: true, security_keys_enabled: true },
      emails: [{ address: "ada@example.com", is_verified: true, is_primary: true }],
      username: { username: "ada" },
      metadata: { public_metadata: { role: "admin" } },
      name: "Ada Lovelace",
    });
    expect(body.passkeys).toEqual([
      {
        id: "cGFzc2tleQ",
        name: "MacBook",
        public_key: "pQECAyYgASFYIA",
        attestation_type: "none",
        aaguid: "00000000-0000-0000-0000-000000000000",
        created_at: "2026-01-02T03:04:05.6Z",
        transports: ["hybrid", "internal"],
        backup_eligible: true,
        backup_state: true,
        mfa_only: false,
      },
    ]);
    expect(body.security_keys).toHaveLength(1);
    expect(body.security_keys[0].name).toBeUndefined();
    expect(JSON.stringify(body)).not.toContain("hidden");
    expect(body.metadata.unsafe_metadata).toBeUndefined();
    expect(body.identities).toBeUndefined();
  });

  test("takes the token from the cookie too, and from a lower-case bearer scheme", async () => {
    const { token } = await issue();
    expect((await me({ Cookie: `other=1; hanko=${token}` })).status).toBe(200);
    expect((await me({ Authorization: `bearer ${token}` })).status).toBe(200);
  });

  test("tries every candidate: a bad header token does not hide a good cookie", async () => {
    const { token } = await issue();
    expect((await me({ Authorization: "Bearer not-a-jwt", Cookie: `hanko=garbage; hanko=${token}` })).status).toBe(200);
  });

  test("without a token answers Hanko's 401", async () => {
    const response = await me({});
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ code: 401, message: "Unauthorized" });
  });

  test("refuses the token of a deleted user, whose sessions went with it", async () => {
    const other = await userStore(db.kysely).create({});
    const issued = await deps.runtime.sessions.issue(other.id);
    await userStore(db.kysely).delete(other.id);
    expect((await me({ Authorization: `Bearer ${issued.token}` })).status).toBe(401);
  });
});

describe("tokens that must be refused with 401", () => {
  const claimsFor = async () => {
    const { sessionId } = await issue();
    const iat = Math.floor(Date.now() / 1000);
    return { sub: userId, session_id: sessionId, iat, exp: iat + 3600, aud: ["localhost"] };
  };
  const signWithOurKey = async (claims: Record<string, unknown>) => {
    const { kid, privateKey } = deps.runtime.keys.signingKey();
    return new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid, typ: "JWT" }).sign(privateKey);
  };

  test.each([
    ["an expired token", async () => signWithOurKey({ ...(await claimsFor()), exp: Math.floor(Date.now() / 1000) - 1 })],
    ["a token not valid yet", async () => signWithOurKey({ ...(await claimsFor()), nbf: Math.floor(Date.now() / 1000) + 600 })],
    ["a token issued in the future", async () => signWithOurKey({ ...(await claimsFor()), iat: Math.floor(Date.now() / 1000) + 600 })],
    [
      "a token signed with a key we do not know",
      async () => {
        const stranger = generateRsaJwk();
        return new SignJWT(await claimsFor())
          .setProtectedHeader({ alg: "RS256", kid: stranger.kid })
          .sign(keyObjectsOf(stranger).privateKey);
      },
    ],
    [
      "a token signed with another key under our kid",
      async () => {
        const stranger = generateRsaJwk();
        return new SignJWT(await claimsFor())
          .setProtectedHeader({ alg: "RS256", kid: deps.runtime.keys.signingKey().kid })
          .sign(keyObjectsOf(stranger).privateKey);
      },
    ],
    [
      "a tampered token",
      async () => {
        const [header, , signature] = (await signWithOurKey(await claimsFor())).split(".");
        const forged = Buffer.from(JSON.stringify({ ...(await claimsFor()), sub: crypto.randomUUID() })).toString("base64url");
        return `${header}.${forged}.${signature}`;
      },
    ],
    [
      "an alg:none token",
      async () => {
        const header = Buffer.from(JSON.stringify({ alg: "none", kid: deps.runtime.keys.signingKey().kid, typ: "JWT" })).toString(
          "base64url",
        );
        return `${header}.${Buffer.from(JSON.stringify(await claimsFor())).toString("base64url")}.`;
      },
    ],
    [
      "an HS256 token keyed with our public key",
      async () => {
        const publicKey = (await deps.runtime.keys.verificationKey(deps.runtime.keys.signingKey().kid))!;
        const secret = new TextEncoder().encode(await exportSPKI(publicKey));
        return new SignJWT(await claimsFor()).setProtectedHeader({ alg: "HS256", kid: deps.runtime.keys.signingKey().kid }).sign(secret);
      },
    ],
    [
      "a token whose session was revoked",
      async () => {
        const issued = await issue();
        await deps.runtime.sessions.end(issued.sessionId);
        return issued.token;
      },
    ],
    [
      "a token naming a session that never existed",
      async () => signWithOurKey({ ...(await claimsFor()), session_id: crypto.randomUUID() }),
    ],
  ])("%s", async (_name, makeToken) => {
    const token = await makeToken();
    expect((await me({ Authorization: `Bearer ${token}` })).status).toBe(401);
    const validation = await fetch(`${api.url}/sessions/validate`, {
      method: "POST",
      body: JSON.stringify({ session_token: token }),
      headers: { "content-type": "application/json" },
    });
    expect(await validation.json()).toEqual({ is_valid: false });
  });

  test("a correctly signed token with all claims passes, so the cases above fail for their own reason", async () => {
    expect((await me({ Authorization: `Bearer ${await signWithOurKey(await claimsFor())}` })).status).toBe(200);
  });
});

describe("POST /logout", () => {
  test("ends the session, clears the cookie with the same attributes, and the token is refused from then on", async () => {
    const { token } = await issue();
    const response = await fetch(`${api.url}/logout`, { method: "POST", headers: { Cookie: `hanko=${token}` } });
    expect(response.status).toBe(204);
    expect(response.headers.getSetCookie()).toEqual(["hanko=; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=0"]);
    expect((await me({ Cookie: `hanko=${token}` })).status).toBe(401);
    const validation = await fetch(`${api.url}/sessions/validate`, { headers: { Authorization: `Bearer ${token}` } });
    expect(await validation.json()).toEqual({ is_valid: false });
  });

  test("without a session is a 401", async () => {
    expect((await fetch(`${api.url}/logout`, { method: "POST" })).status).toBe(401);
  });
});

describe("/sessions/validate", () => {
  test("GET answers Hanko's body for a valid token and does not record the use", async () => {
    const issued = await issue();
    const before = await db.kysely.selectFrom("sessions").select("last_used").where("id", "=", issued.sessionId).executeTakeFirstOrThrow();
    await Bun.sleep(5);
    const response = await fetch(`${api.url}/sessions/validate`, { headers: { Authorization: `Bearer ${issued.token}` } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, any>;
    const exp = new Date(issued.expiresAt.getTime() - (issued.expiresAt.getTime() % 1000)).toISOString().replace(".000Z", "Z");
    expect(body).toMatchObject({
      is_valid: true,
      claims: {
        subject: userId,
        expiration: exp,
        audience: ["localhost"],
        email: { address: "ada@example.com", is_primary: true, is_verified: true },
        username: "ada",
        session_id: issued.sessionId,
        amr: ["passkey"],
        role: "member",
      },
      expiration_time: exp,
      user_id: userId,
    });
    expect(body.claims.issued_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(body.claims.sub).toBeUndefined();
    expect(body.idle_expires_at).toMatch(/Z$/);
    const after = await db.kysely.selectFrom("sessions").select("last_used").where("id", "=", issued.sessionId).executeTakeFirstOrThrow();
    expect(after.last_used.getTime()).toBe(before.last_used.getTime());
  });

  test("POST takes the token from the body and records the use", async () => {
    const issued = await issue();
    await Bun.sleep(5);
    const response = await fetch(`${api.url}/sessions/validate`, {
      method: "POST",
      body: JSON.stringify({ session_token: issued.token }),
      headers: { "content-type": "application/json" },
    });
    expect(((await response.json()) as { is_valid: boolean }).is_valid).toBe(true);
    const row = await db.kysely.selectFrom("sessions").selectAll().where("id", "=", issued.sessionId).executeTakeFirstOrThrow();
    expect(row.last_used.getTime()).toBeGreaterThan(row.created_at.getTime());
  });

  test("POST without session_token is Hanko's 400", async () => {
    for (const body of ["{}", '{"session_token":""}', "[]"]) {
      const response = await fetch(`${api.url}/sessions/validate`, {
        method: "POST",
        body,
        headers: { "content-type": "application/json" },
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ code: 400, message: "code=400, message=session_token is a required field" });
    }
  });

  test("POST with a body that is not JSON is a 400, not a 500", async () => {
    const response = await fetch(`${api.url}/sessions/validate`, {
      method: "POST",
      body: "{oops",
      headers: { "content-type": "application/json" },
    });
    expect(response.status).toBe(400);
  });

  test("GET without any token answers 200 with is_valid false", async () => {
    const response = await fetch(`${api.url}/sessions/validate`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ is_valid: false });
  });
});

describe("an idle session", () => {
  test("is ended on its next use and the cookie is cleared", async () => {
    const { token, sessionId } = await issue();
    await db.kysely
      .updateTable("sessions")
      .set({ last_used: new Date(Date.now() - 2 * 3600_000) })
      .where("id", "=", sessionId)
      .execute();
    const response = await fetch(`${api.url}/sessions/validate`, { headers: { Cookie: `hanko=${token}` } });
    expect(await response.json()).toEqual({ is_valid: false });
    expect(response.headers.getSetCookie()[0]).toStartWith("hanko=; Path=/");
    expect(await db.kysely.selectFrom("sessions").select("id").where("id", "=", sessionId).executeTakeFirst()).toBeUndefined();
  });
});

describe("GET /.well-known/config", () => {
  test("answers the public settings in the shape of Hanko 2.7", async () => {
    expect(await (await fetch(`${api.url}/.well-known/config`)).json()).toEqual({
      password: { enabled: true, min_password_length: 8 },
      emails: { require_verification: true, max_num_of_addresses: 5 },
      providers: ["GitHub", "Google"],
      account: { allow_deletion: true, allow_signup: true },
      use_enterprise: false,
    });
  });
});

describe.each(await testDatabases())("session expiry on $family", (database) => {
  let stack: FlowStack;
  let owner: string;
  beforeAll(async () => {
    stack = await startFlowStack(database);
    owner = (await userStore(stack.db.kysely).create({ email: { address: "expiry@example.com", verified: true } })).id;
  });
  afterAll(() => stack.close());

  /** Whether /me, POST /sessions/validate and a profile flow each take the token. */
  const acceptance = async (token: string) => {
    const meStatus = (await fetch(`${stack.api.url}/me`, { headers: { Authorization: `Bearer ${token}` } })).status;
    const validation = await fetch(`${stack.api.url}/sessions/validate`, {
      method: "POST",
      body: JSON.stringify({ session_token: token }),
      headers: { "content-type": "application/json" },
    });
    const profile = await fetch(`${stack.api.url}/profile`, { method: "POST", headers: { Authorization: `Bearer ${token}` } });
    return { me: meStatus, is_valid: ((await validation.json()) as { is_valid: boolean }).is_valid, profile: profile.status };
  };

  test("a token signed with the server's key but without exp is refused", async () => {
    const { token, sessionId } = await stack.deps.runtime.sessions.issue(owner);
    const { exp: _exp, ...claims } = decodeJwt(token);
    const { kid, privateKey } = stack.deps.runtime.keys.signingKey();
    const endless = await new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid, typ: "JWT" }).sign(privateKey);
    expect(decodeJwt(endless)).toMatchObject({ session_id: sessionId, sub: owner });
    expect(await acceptance(endless)).toEqual({ me: 401, is_valid: false, profile: 401 });
    expect(await acceptance(token)).toEqual({ me: 200, is_valid: true, profile: 200 });
  });

  test("a session whose row has expired is refused while its token has not", async () => {
    const { token, sessionId } = await stack.deps.runtime.sessions.issue(owner);
    expect(await acceptance(token)).toEqual({ me: 200, is_valid: true, profile: 200 });
    await stack.db.kysely
      .updateTable("sessions")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("id", "=", sessionId)
      .execute();
    expect(await acceptance(token)).toEqual({ me: 401, is_valid: false, profile: 401 });
  });
});
