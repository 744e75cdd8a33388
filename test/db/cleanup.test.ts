import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { countExpired, deleteExpired } from "../../src/cleanup/expired-rows.ts";
import { cleanupOnce } from "../../src/cleanup/periodic-cleanup.ts";
import type { Config } from "../../src/config/schema.ts";
import type { Db } from "../../src/db/connect.ts";
import { auditLogStore } from "../../src/store/audit-logs.ts";
import { flowStore } from "../../src/store/flows.ts";
import { testConfig } from "../support/config.ts";
import { openScratch, testDatabases } from "../support/databases.ts";

const now = new Date("2026-03-31T12:00:00Z");
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
const config: Config = testConfig({
  database: { dialect: "sqlite", database: ":memory:" },
  secrets: { keys: ["a-test-secret-of-enough-length"] },
  audit_log: { retention: "720h" },
});

describe.each(await testDatabases())("expired-row clean-up on $family", (database) => {
  let db: Db;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ db, dispose } = await openScratch(database));
  });

  afterAll(() => dispose());

  beforeEach(async () => {
    await db.kysely.deleteFrom("audit_logs").execute();
    await db.kysely.deleteFrom("flows").execute();
    await db.kysely.deleteFrom("webauthn_session_data").execute();
  });

  const auditEntry = (type: string, createdAt: Date) =>
    auditLogStore(db.kysely, db.family).insert({
      type,
      error: null,
      requestId: "",
      sourceIp: "",
      userAgent: "",
      actorUserId: null,
      actorEmail: null,
      details: null,
      createdAt,
    });
  const flow = (name: string, expiresAt: Date) =>
    flowStore(db.kysely).create({ id: crypto.randomUUID(), data: name, csrfToken: "csrf", expiresAt, createdAt: hoursAgo(1) });
  const challenge = (challenge: string, expiresAt: Date | null) =>
    db.kysely
      .insertInto("webauthn_session_data")
      .values({
        id: crypto.randomUUID(),
        challenge,
        user_id: crypto.randomUUID(),
        user_verification: "preferred",
        operation: "authentication",
        created_at: hoursAgo(1),
        updated_at: hoursAgo(1),
        expires_at: expiresAt,
      })
      .execute();

  test("deletes audit entries older than audit_log.retention and keeps the rest", async () => {
    await auditEntry("old", hoursAgo(721));
    await auditEntry("recent", hoursAgo(719));
    expect(await deleteExpired(db, "audit_logs", config, now, 10)).toBe(1);
    const left = await db.kysely.selectFrom("audit_logs").select("type").execute();
    expect(left.map((row) => row.type)).toEqual(["recent"]);
    expect(await deleteExpired(db, "audit_logs", config, now, 10)).toBe(0);
  });

  test("deletes expired flows and WebAuthn challenges, keeps live ones and challenges that never expire", async () => {
    await flow("expired", hoursAgo(0.1));
    await flow("live", new Date(now.getTime() + 60_000));
    await challenge("expired", hoursAgo(0.1));
    await challenge("live", new Date(now.getTime() + 60_000));
    await challenge("forever", null);

    expect(await cleanupOnce(config, db, now)).toEqual({ audit_logs: 0, flows: 1, webauthn_session_data: 1 });
    expect((await db.kysely.selectFrom("flows").select("data").execute()).map((r) => r.data)).toEqual(["live"]);
    const challenges = await db.kysely.selectFrom("webauthn_session_data").select("challenge").orderBy("challenge").execute();
    expect(challenges.map((r) => r.challenge)).toEqual(["forever", "live"]);
  });

  test("works through a backlog page by page and counts it first for a dry run", async () => {
    for (let i = 0; i < 7; i++) await auditEntry(`old-${i}`, hoursAgo(800 + i));
    expect(await countExpired(db, "audit_logs", config, now)).toBe(7);
    expect(await deleteExpired(db, "audit_logs", config, now, 3)).toBe(7);
    expect(await countExpired(db, "audit_logs", config, now)).toBe(0);
  });

  test("lets several nodes clean the same backlog at once without failing or deleting twice", async () => {
    for (let i = 0; i < 40; i++) await flow(`expired-${i}`, hoursAgo(1 + i));
    await flow("live", new Date(now.getTime() + 60_000));
    const runs = await Promise.all([1, 2, 3].map(() => deleteExpired(db, "flows", config, now, 4)));
    expect(runs.reduce((a, b) => a + b, 0)).toBe(40);
    expect((await db.kysely.selectFrom("flows").select("data").execute()).map((r) => r.data)).toEqual(["live"]);
  });
});
