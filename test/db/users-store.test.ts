import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Db } from "../../src/db/connect.ts";
import { inTransaction } from "../../src/db/transaction.ts";
import { userStore } from "../../src/store/users.ts";
import { userViews } from "../../src/store/user-views.ts";
import { openScratch, testDatabases } from "../support/databases.ts";

describe.each(await testDatabases())("the user store on $family", (database) => {
  let db: Db;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ db, dispose } = await openScratch(database));
  });

  afterAll(() => dispose());

  test("creates a user with a primary email and a username, and reads them back typed", async () => {
    const created = await inTransaction(db, (tx) =>
      userStore(tx).create({ email: { address: "Ada@Example.com", verified: true }, username: "Ada_L" }),
    );
    const user = await userViews(db.kysely).byId(created.id);
    expect(user?.emails).toHaveLength(1);
    expect(user?.emails[0]).toMatchObject({ address: "ada@example.com", verified: true, isPrimary: true });
    expect(user?.emails[0]?.createdAt).toBeInstanceOf(Date);
    expect(user?.username?.username).toBe("ada_l");
    expect(user?.createdAt).toBeInstanceOf(Date);
  });

  test("keeps the profile names and picture", async () => {
    const created = await userStore(db.kysely).create({
      name: "Ada Lovelace",
      givenName: "Ada",
      familyName: "Lovelace",
      picture: "https://example.com/ada.png",
    });
    expect(await userViews(db.kysely).byId(created.id)).toMatchObject({
      name: "Ada Lovelace",
      givenName: "Ada",
      familyName: "Lovelace",
      picture: "https://example.com/ada.png",
    });
  });

  test("keeps timestamps in UTC to the millisecond", async () => {
    const at = new Date("2026-03-01T23:59:58.123Z");
    const created = await userStore(db.kysely, { now: () => at }).create({});
    const user = await userViews(db.kysely).byId(created.id);
    expect(user?.createdAt.toISOString()).toBe(at.toISOString());
  });

  test("finds users by email and username whatever their case", async () => {
    const created = await userStore(db.kysely).create({ email: { address: "grace@example.com", verified: false }, username: "grace" });
    expect((await userViews(db.kysely).byEmail("GRACE@example.com"))?.id).toBe(created.id);
    expect((await userViews(db.kysely).byUsername("Grace"))?.id).toBe(created.id);
    expect((await userViews(db.kysely).byEmail("grace@example.com"))?.emails[0]?.verified).toBe(false);
  });

  test("refuses a second user with an address already taken, and the transaction leaves nothing behind", async () => {
    await userStore(db.kysely).create({ email: { address: "taken@example.com", verified: true } });
    const id = crypto.randomUUID();
    const attempt = inTransaction(db, (tx) => userStore(tx).create({ id, email: { address: "TAKEN@example.com", verified: true } }));
    await expect(attempt).rejects.toThrow();
    expect(await userViews(db.kysely).byId(id)).toBeUndefined();
  });

  test("deleting a user removes their emails and username, so the address is free again", async () => {
    const created = await userStore(db.kysely).create({ email: { address: "leaving@example.com", verified: true }, username: "leaving" });
    expect(await inTransaction(db, (tx) => userStore(tx).delete(created.id))).toBe(true);
    expect(await userViews(db.kysely).byId(created.id)).toBeUndefined();
    expect(await userViews(db.kysely).byEmail("leaving@example.com")).toBeUndefined();
    expect(await userViews(db.kysely).byUsername("leaving")).toBeUndefined();
    const again = await userStore(db.kysely).create({ email: { address: "leaving@example.com", verified: true } });
    expect(again.emails[0]?.address).toBe("leaving@example.com");
  });

  test("deleting an unknown user reports that nothing was deleted", async () => {
    expect(await userStore(db.kysely).delete(crypto.randomUUID())).toBe(false);
  });
});
