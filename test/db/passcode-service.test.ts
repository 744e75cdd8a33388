import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Kysely } from "kysely";
import type { Db } from "../../src/db/connect.ts";
import type { Database } from "../../src/db/tables.ts";
import { inTransaction } from "../../src/db/transaction.ts";
import { type PasscodeBinding, PasscodeService } from "../../src/services/passcode/passcode-service.ts";
import { openScratch, testDatabases } from "../support/databases.ts";

type Write = (db: Kysely<Database>) => Promise<unknown>;

describe.each(await testDatabases())("passcodes on $family", (database) => {
  let db: Db;
  let dispose: () => Promise<void>;
  const passcodes = new PasscodeService(["a-test-secret-of-enough-length"], "numeric");
  const binding = (address: string, userId: string | null = null): PasscodeBinding => ({
    flowId: "0b7a6d34-0d0c-4d36-9b59-7c1f2a3b4c5d",
    address,
    userId,
  });
  const noRollback = () => {};
  const tries = async (id: string) =>
    (await db.kysely.selectFrom("passcodes").where("id", "=", id).select("try_count").executeTakeFirstOrThrow()).try_count;

  beforeAll(async () => {
    ({ db, dispose } = await openScratch(database));
  });
  afterAll(() => dispose());

  test("the right code for what it was sent for verifies once", async () => {
    const { id, code } = await passcodes.create(db.kysely, 300, binding("ada@example.com", "user-1"));
    expect(await passcodes.verify(db.kysely, id, code, binding("ada@example.com", "user-1"), noRollback)).toBe("ok");
    expect(await passcodes.verify(db.kysely, id, code, binding("ada@example.com", "user-1"), noRollback)).toBe("not_found");
  });

  test.each([
    ["another address", binding("eve@example.com", "user-1")],
    ["another user", binding("ada@example.com", "user-2")],
    ["no user", binding("ada@example.com")],
    ["another flow", { ...binding("ada@example.com", "user-1"), flowId: "5f1c1f0e-7d4a-4e55-a0a6-2b9b0f0c1d2e" }],
  ])("the right code checked for %s is a wrong code, and counts as one", async (_name, other) => {
    const { id, code } = await passcodes.create(db.kysely, 300, binding("ada@example.com", "user-1"));
    expect(await passcodes.verify(db.kysely, id, code, other, noRollback)).toBe("invalid");
    expect(await tries(id)).toBe(1);
  });

  test("a wrong attempt is counted again outside a transaction that rolls back", async () => {
    const { id } = await passcodes.create(db.kysely, 300, binding("ada@example.com"));
    const kept: Write[] = [];
    const failure = inTransaction(db, async (tx) => {
      expect(await passcodes.verify(tx, id, "not it", binding("ada@example.com"), (write) => kept.push(write))).toBe("invalid");
      throw new Error("the rest of the step failed");
    });
    await expect(failure).rejects.toThrow("the rest of the step failed");
    expect(await tries(id)).toBe(0);
    for (const write of kept) await write(db.kysely);
    expect(await tries(id)).toBe(1);
  });

  test("the third wrong attempt locks the passcode, also against the right code", async () => {
    const { id, code } = await passcodes.create(db.kysely, 300, binding("ada@example.com"));
    expect(await passcodes.verify(db.kysely, id, "1", binding("ada@example.com"), noRollback)).toBe("invalid");
    expect(await passcodes.verify(db.kysely, id, "2", binding("ada@example.com"), noRollback)).toBe("invalid");
    expect(await passcodes.verify(db.kysely, id, "3", binding("ada@example.com"), noRollback)).toBe("max_attempts_reached");
    expect(await passcodes.verify(db.kysely, id, code, binding("ada@example.com"), noRollback)).toBe("max_attempts_reached");
  });
});
