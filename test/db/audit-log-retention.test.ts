import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { pruneAuditLogs } from "../../src/audit/retention.ts";
import type { Db } from "../../src/db/connect.ts";
import { auditLogStore } from "../../src/store/audit-logs.ts";
import { openScratch, testDatabases } from "../support/databases.ts";

describe.each(await testDatabases())("audit log retention on $family", (database) => {
  let db: Db;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ db, dispose } = await openScratch(database));
  });

  afterAll(() => dispose());

  test("deletes only the entries older than the retention period", async () => {
    const now = new Date("2026-03-31T12:00:00Z");
    const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
    const store = auditLogStore(db.kysely, db.family);
    const entry = (type: string, createdAt: Date) =>
      store.insert({
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
    await entry("old", hoursAgo(721));
    await entry("recent", hoursAgo(719));
    const settings = {
      console_output: { enabled: false, output: "stdout" },
      storage: { enabled: true },
      mask: true,
      retention: "720h",
    } as const;

    expect(await pruneAuditLogs(settings, db, () => now)).toBe(1);
    const left = await db.kysely.selectFrom("audit_logs").select("type").execute();
    expect(left.map((row) => row.type)).toEqual(["recent"]);
    expect(await pruneAuditLogs(settings, db, () => now)).toBe(0);
  });
});
