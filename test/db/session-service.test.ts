import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { decodeJwt, decodeProtectedHeader } from "jose";
import type { Config } from "../../src/config/schema.ts";
import type { Db } from "../../src/db/connect.ts";
import { KeyRing } from "../../src/keys/key-ring.ts";
import { provisionKeys } from "../../src/keys/provision.ts";
import { createLogger } from "../../src/log/logger.ts";
import { SessionService } from "../../src/session/session-service.ts";
import { sessionSettingsOf } from "../../src/session/settings.ts";
import { jwkStore } from "../../src/store/jwks.ts";
import { sessionStore } from "../../src/store/sessions.ts";
import { userMetadataStore } from "../../src/store/user-metadata.ts";
import { userStore } from "../../src/store/users.ts";
import { testConfig } from "../support/config.ts";
import { openScratch, testDatabases } from "../support/databases.ts";

const SECRET = "a-test-secret-of-enough-length";
const warnings: string[] = [];
const log = createLogger((line) => warnings.push(line));

function configWith(session: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Config {
  return testConfig({ database: { dialect: "sqlite", database: ":memory:" }, secrets: { keys: [SECRET] }, session, ...extra });
}

describe.each(await testDatabases())("sessions on $family", (database) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let keys: KeyRing;
  let clock = new Date("2026-06-01T12:00:00.000Z");
  const now = () => clock;
  const service = (config: Config) => new SessionService(db, keys, sessionSettingsOf(config), log, now);
  const newUser = (input: Parameters<ReturnType<typeof userStore>["create"]>[0] = {}) => userStore(db.kysely, { now }).create(input);

  beforeAll(async () => {
    ({ db, dispose } = await openScratch(database));
    await provisionKeys(jwkStore(db.kysely), [SECRET], now);
    keys = await KeyRing.open(jwkStore(db.kysely), [SECRET], { refreshEveryMs: 3_600_000, unknownKidRefreshMs: 0, log });
  });
  afterAll(async () => {
    keys.close();
    await dispose();
  });

  test("a token carries Hanko's header and claims, and names a stored session", async () => {
    const user = await newUser({ email: { address: "ada@example.com", verified: true }, username: "ada" });
    const issued = await service(configWith()).issue(user.id, { amr: ["passkey"], ipAddress: "192.0.2.7", userAgent: "Firefox" });
    expect(decodeProtectedHeader(issued.token)).toEqual({ alg: "RS256", kid: keys.signingKey().kid, typ: "JWT" });
    const claims = decodeJwt(issued.token);
    const iat = Math.floor(clock.getTime() / 1000);
    expect(claims).toEqual({
      sub: user.id,
      iat,
      exp: iat + 12 * 3600,
      aud: ["localhost"],
      session_id: issued.sessionId,
      email: { address: "ada@example.com", is_primary: true, is_verified: true },
      username: "ada",
      amr: ["passkey"],
    });
    const row = await sessionStore(db.kysely).byId(issued.sessionId);
    expect(row).toMatchObject({ user_id: user.id, ip_address: "192.0.2.7", user_agent: "Firefox" });
    expect(row?.expires_at?.toISOString()).toBe(new Date((iat + 12 * 3600) * 1000).toISOString());
  });

  test("without email or username those claims are absent; audience and issuer follow the config", async () => {
    const user = await newUser();
    const config = configWith({ audience: ["api.example.com", "app.example.com"], issuer: "https://auth.example.com", lifespan: "1h" });
    const claims = decodeJwt((await service(config).issue(user.id)).token);
    expect(claims.email).toBeUndefined();
    expect(claims.username).toBeUndefined();
    expect(claims.amr).toBeUndefined();
    expect(claims.aud).toEqual(["api.example.com", "app.example.com"]);
    expect(claims.iss).toBe("https://auth.example.com");
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);
  });

  test("the audience falls back to the relying party id", async () => {
    const user = await newUser();
    const config = configWith({}, { webauthn: { relying_party: { id: "example.org", origins: ["https://example.org"] } } });
    expect(decodeJwt((await service(config).issue(user.id)).token).aud).toEqual(["example.org"]);
  });

  test("template claims are added, but never replace sub, session_id or the email Hanko sets", async () => {
    const user = await newUser({ email: { address: "grace@example.com", verified: false } });
    await userMetadataStore(db.kysely).put(user.id, { public: '{"role":"admin"}', private: '{"secret":"x"}', unsafe: null });
    const config = configWith({
      jwt_template: {
        claims: {
          role: '{{ .User.Metadata.Public "role" }}',
          sub: "forged",
          session_id: "forged",
          email: "forged",
          iss: "from-template",
          verified: "{{ .User.Email.IsVerified }}",
          nested: { mail: "{{ .User.Email.Address }}", fixed: 7 },
        },
      },
    });
    const issued = await service(config).issue(user.id);
    const claims = decodeJwt(issued.token);
    expect(claims.role).toBe("admin");
    expect(claims.sub).toBe(user.id);
    expect(claims.session_id).toBe(issued.sessionId);
    expect(claims.email).toEqual({ address: "grace@example.com", is_primary: true, is_verified: false });
    expect(claims.iss).toBe("from-template");
    expect(claims.verified).toBe(false);
    expect(claims.nested).toEqual({ mail: "grace@example.com", fixed: 7 });
    expect(JSON.stringify(claims)).not.toContain("secret");
  });

  test("a broken template claim is skipped with a warning and the login still succeeds", async () => {
    const user = await newUser();
    const config = configWith({ jwt_template: { claims: { mail: "{{ .User.Email.Address }}", plain: "static" } } });
    const claims = decodeJwt((await service(config).issue(user.id)).token);
    expect(claims.mail).toBeUndefined();
    expect(claims.plain).toBe("static");
    expect(warnings.some((line) => line.includes('"level":"warn"') && line.includes("mail"))).toBe(true);
  });

  test("session.limit keeps the newest sessions and ends the oldest", async () => {
    const user = await newUser();
    const sessions = service(configWith({ limit: 2 }));
    const first = await sessions.issue(user.id);
    clock = new Date(clock.getTime() + 1000);
    const second = await sessions.issue(user.id);
    clock = new Date(clock.getTime() + 1000);
    const third = await sessions.issue(user.id);
    const active = await sessionStore(db.kysely).active(user.id, clock);
    expect(active.map((s) => s.id).sort()).toEqual([second.sessionId, third.sessionId].sort());
    expect((await sessions.validate(first.token, { touch: false })).valid).toBe(false);
    expect((await sessions.validate(third.token, { touch: false })).valid).toBe(true);
  });

  test("IP address and user agent are kept only when configured, and cut to the column's 255 characters", async () => {
    const user = await newUser();
    const off = await service(configWith({ acquire_ip_address: false, acquire_user_agent: false })).issue(user.id, {
      ipAddress: "192.0.2.1",
      userAgent: "UA",
    });
    expect(await sessionStore(db.kysely).byId(off.sessionId)).toMatchObject({ ip_address: null, user_agent: null });
    const long = await service(configWith()).issue(user.id, { userAgent: "x".repeat(400) });
    expect((await sessionStore(db.kysely).byId(long.sessionId))?.user_agent).toHaveLength(255);
    // Characters, as the databases count them: an emoji stays whole.
    const emoji = await service(configWith()).issue(user.id, { userAgent: "😀".repeat(400) });
    expect((await sessionStore(db.kysely).byId(emoji.sessionId))?.user_agent).toBe("😀".repeat(255));
  });

  test("validating with touch records the use; without, it does not", async () => {
    const user = await newUser();
    const sessions = service(configWith());
    const issued = await sessions.issue(user.id);
    clock = new Date(clock.getTime() + 60_000);
    await sessions.validate(issued.token, { touch: false });
    expect((await sessionStore(db.kysely).byId(issued.sessionId))?.last_used.getTime()).toBe(clock.getTime() - 60_000);
    await sessions.validate(issued.token, { touch: true });
    expect((await sessionStore(db.kysely).byId(issued.sessionId))?.last_used.getTime()).toBe(clock.getTime());
  });

  test("an idle session is ended on its next check", async () => {
    const user = await newUser();
    const sessions = service(configWith({ idle_timeout: "30m" }));
    const issued = await sessions.issue(user.id);
    clock = new Date(clock.getTime() + 29 * 60_000);
    expect((await sessions.validate(issued.token, { touch: true })).valid).toBe(true);
    clock = new Date(clock.getTime() + 31 * 60_000);
    expect(await sessions.validate(issued.token, { touch: true })).toEqual({ valid: false, ended: true });
    expect(await sessionStore(db.kysely).byId(issued.sessionId)).toBeUndefined();
  });

  test("an ended session's token is refused at once", async () => {
    const user = await newUser();
    const sessions = service(configWith());
    const issued = await sessions.issue(user.id);
    await sessions.end(issued.sessionId);
    expect((await sessions.validate(issued.token, { touch: true })).valid).toBe(false);
  });

  test("an expired token is refused even while its session row exists", async () => {
    const user = await newUser();
    const sessions = service(configWith({ lifespan: "1m" }));
    const issued = await sessions.issue(user.id);
    clock = new Date(clock.getTime() + 61_000);
    expect((await sessions.validate(issued.token, { touch: false })).valid).toBe(false);
  });

  test("issuing for a user that does not exist fails and writes nothing", async () => {
    const ghost = crypto.randomUUID();
    await expect(service(configWith()).issue(ghost)).rejects.toThrow("does not exist");
    expect(await sessionStore(db.kysely).active(ghost, clock)).toEqual([]);
  });
});
