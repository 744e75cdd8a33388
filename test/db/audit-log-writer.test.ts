import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { auditLogWriter } from "../../src/audit/audit-log-writer.ts";
import { maskEmail, maskUsername } from "../../src/audit/mask.ts";
import type { Config } from "../../src/config/schema.ts";
import type { Db } from "../../src/db/connect.ts";
import type { EventOrigin, UserEvent } from "../../src/events/events.ts";
import { inTransaction } from "../../src/db/transaction.ts";
import { userStore } from "../../src/store/users.ts";
import { openScratch, testDatabases } from "../support/databases.ts";
import { rowCount } from "../support/row-count.ts";

const settings = (overrides: { console?: boolean; storage?: boolean; mask?: boolean }): Config["audit_log"] => ({
  console_output: { enabled: overrides.console ?? true, output: "stdout" },
  storage: { enabled: overrides.storage ?? true },
  mask: overrides.mask ?? true,
  retention: "720h",
});

describe("audit log masking", () => {
  test("masks a short local part to its first character padded to six", () => {
    expect(maskEmail("ab@x.io")).toBe("a*****@x.io");
    expect(maskEmail("abcdef@x.io")).toBe("a*****@x.io");
  });

  test("keeps three characters of a long local part and stars the rest", () => {
    expect(maskEmail("abcdefgh@x.io")).toBe("abc*****@x.io");
  });

  test("stars an empty local part and leaves an empty address empty", () => {
    expect(maskEmail("@x.io")).toBe("******@x.io");
    expect(maskEmail("")).toBe("");
  });

  test("masks usernames by length as Hanko does", () => {
    expect(maskUsername("x")).toBe("*");
    expect(maskUsername("xx")).toBe("x****x");
    expect(maskUsername("abc")).toBe("a****c");
    expect(maskUsername("test_username")).toBe("t***********e");
    expect(maskUsername("")).toBe("");
  });
});

describe.each(await testDatabases())("the audit log writer on $family", (database) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let userId: string;
  const at = new Date("2026-03-01T10:00:00.123Z");

  beforeAll(async () => {
    ({ db, dispose } = await openScratch(database));
    userId = (await inTransaction(db, (tx) => userStore(tx).create({ email: { address: "adalovelace@example.com", verified: true } }))).id;
  });

  afterAll(() => dispose());

  const rowsOfType = (type: string) => db.kysely.selectFrom("audit_logs").selectAll().where("type", "=", type).execute();
  const noOrigin: EventOrigin = { requestId: "", ip: "", userAgent: "" };
  const write = async (config: Config["audit_log"], event: UserEvent & { origin?: EventOrigin }, executor = db.kysely) => {
    const lines: string[] = [];
    await auditLogWriter(
      config,
      db.family,
      (line) => lines.push(line),
      () => at,
    )({ origin: noOrigin, ...event, executor });
    return lines;
  };

  test("stores a masked entry with the actor's primary email and the request it came from", async () => {
    await write(settings({}), {
      audit: "login_success",
      userId,
      details: { email: "adalovelace@example.com", username: "ada_l", flow_id: "f1" },
      origin: { requestId: "req-1", ip: "203.0.113.9", userAgent: "agent/1" },
    });
    const [row] = await rowsOfType("login_success");
    expect(row).toMatchObject({
      type: "login_success",
      error: null,
      meta_http_request_id: "req-1",
      meta_source_ip: "203.0.113.9",
      meta_user_agent: "agent/1",
      actor_user_id: userId,
      actor_email: "ada********@example.com",
    });
    expect(row?.created_at.toISOString()).toBe(at.toISOString());
    expect(JSON.parse(row!.details!)).toEqual({ email: "ada********@example.com", username: "a***l", flow_id: "f1" });
  });

  test("stores the plain email and details when masking is off, and empty request fields when the event has none", async () => {
    await write(settings({ mask: false }), { audit: "email_created", userId, details: { email: "adalovelace@example.com" } });
    const [row] = await rowsOfType("email_created");
    expect(row).toMatchObject({
      actor_email: "adalovelace@example.com",
      meta_http_request_id: "",
      meta_source_ip: "",
      meta_user_agent: "",
    });
    expect(JSON.parse(row!.details!)).toEqual({ email: "adalovelace@example.com" });
  });

  test("writes the console line with Hanko's keys, masked like the row", async () => {
    const lines = await write(settings({ storage: false }), {
      audit: "password_changed",
      userId,
      error: "boom",
      origin: { requestId: "req-2", ip: "198.51.100.1", userAgent: "agent/2" },
    });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({
      audience: "audit",
      type: "password_changed",
      error: "boom",
      http_request_id: "req-2",
      source_ip: "198.51.100.1",
      user_agent: "agent/2",
      details: null,
      time: "2026-03-01T10:00:00.123Z",
      time_unix: String(Math.floor(at.getTime() / 1000)),
      user_id: userId,
      user_email: "ada********@example.com",
    });
  });

  test("cuts an error text that quotes the client to its 255-character column, so the failure is still recorded", async () => {
    // e.g. @simplewebauthn's "Unexpected tokenBinding status …" quotes what the client data says.
    const error = `Unexpected tokenBinding status ${"é😀".repeat(300)}`;
    const lines = await write(settings({}), { audit: "login_failure", userId, error });
    const [row] = await rowsOfType("login_failure");
    const fitted = [...error].slice(0, 255).join("");
    expect(row?.error).toBe(fitted);
    expect(JSON.parse(lines[0]!).error).toBe(fitted);
  });

  test("writes nothing to the table when storage is off", async () => {
    await write(settings({ storage: false }), { audit: "user_logged_out", userId });
    expect(await rowsOfType("user_logged_out")).toHaveLength(0);
  });

  test("writes no console line when console output is off", async () => {
    expect(await write(settings({ console: false }), { audit: "otp_created", userId })).toEqual([]);
    expect(await rowsOfType("otp_created")).toHaveLength(1);
  });

  test("ignores events that are not audit entries", async () => {
    const before = await rowCount(db.kysely, "audit_logs");
    expect(await write(settings({}), { webhook: "user.update", userId })).toEqual([]);
    expect(await rowCount(db.kysely, "audit_logs")).toBe(before);
  });

  test("writes within the operation's transaction, so an operation that rolls back leaves no entry", async () => {
    const rolledBack = new Error("the operation failed after its audit entry");
    const outcome = inTransaction(db, async (tx) => {
      await write(settings({ console: false }), { audit: "username_deleted", userId }, tx);
      expect(await tx.selectFrom("audit_logs").select("id").where("type", "=", "username_deleted").execute()).toHaveLength(1);
      throw rolledBack;
    });
    await expect(outcome).rejects.toBe(rolledBack);
    expect(await rowsOfType("username_deleted")).toHaveLength(0);
  });

  test("records no actor email for a user without one", async () => {
    await write(settings({}), { audit: "user_deleted", userId: crypto.randomUUID() });
    const [row] = await rowsOfType("user_deleted");
    expect(row?.actor_email).toBeNull();
  });
});
