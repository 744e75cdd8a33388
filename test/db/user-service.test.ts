import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Db } from "../../src/db/connect.ts";
import { decideInTransaction } from "../../src/db/transaction.ts";
import { userViews } from "../../src/store/user-views.ts";
import { userStore } from "../../src/store/users.ts";
import { type UserService, userService } from "../../src/users/user-service.ts";
import { ManualClock } from "../support/clock.ts";
import { openScratch, testDatabases } from "../support/databases.ts";

describe.each(await testDatabases())("the user service on $family", (database) => {
  let db: Db;
  let dispose: () => Promise<void>;
  const clock = new ManualClock("2026-05-01T10:00:00.000Z");
  const rules = { emailLimit: 2, usernameLengths: { min_length: 3, max_length: 20 } };
  const decide = <T extends { ok: boolean }>(work: (users: UserService) => Promise<T>) =>
    decideInTransaction(db, (tx) => work(userService(tx, { family: db.family, clock, rules })));
  let counter = 0;
  const address = () => `service${++counter}@example.com`;
  const newUser = async () => (await userStore(db.kysely, clock).create({})).id;

  beforeAll(async () => {
    ({ db, dispose } = await openScratch(database));
  });
  afterAll(() => dispose());

  test("the first address of a user becomes primary; an address nobody owns is given with its own verification state", async () => {
    const userId = await newUser();
    const first = await decide((users) => users.addEmail(userId, address().toUpperCase(), false));
    expect(first.ok).toBe(true);
    const free = address();
    await db.kysely
      .insertInto("emails")
      .values({ id: crypto.randomUUID(), user_id: null, address: free, verified: true, created_at: clock.now(), updated_at: clock.now() })
      .execute();
    expect((await decide((users) => users.addEmail(userId, free, false))).ok).toBe(true);
    // Both stamped at the same (standing) time, so they are told apart by address, not by order.
    const emails = await userViews(db.kysely).emailsOf(userId);
    expect(emails.find((e) => e.address !== free)).toMatchObject({ verified: false, isPrimary: true });
    expect(emails.find((e) => e.address === free)).toMatchObject({ verified: true, isPrimary: false });
    expect(await decide((users) => users.addEmail(userId, address(), true))).toEqual({ ok: false, refusal: "email_limit_reached" });
  });

  test("an address another user owns is refused, naming it", async () => {
    const [owner, other] = [await newUser(), await newUser()];
    const taken = address();
    await decide((users) => users.addEmail(owner, taken, true));
    expect(await decide((users) => users.addEmail(other, taken, true))).toEqual({ ok: false, refusal: "email_taken", detail: taken });
  });

  test("a username is held to the sign-in rules and to its owner", async () => {
    const [first, second] = [await newUser(), await newUser()];
    expect(await decide((users) => users.setUsername(first, " Ada_L "))).toEqual({ ok: true, username: "ada_l", changed: true });
    expect(await decide((users) => users.setUsername(first, "ada_l"))).toEqual({ ok: true, username: "ada_l", changed: false });
    expect(await decide((users) => users.setUsername(second, "ADA_L"))).toEqual({ ok: false, refusal: "username_taken", detail: "ada_l" });
    expect(await decide((users) => users.setUsername(second, "no spaces"))).toMatchObject({ refusal: "username_invalid" });
    expect(await decide((users) => users.setUsername(second, "ab"))).toMatchObject({ refusal: "username_invalid" });
  });

  test("a creation refused for a taken address leaves nothing of the user behind", async () => {
    const taken = address();
    await decide((users) => users.createUser({ emails: [{ address: taken, verified: true, primary: true }] }));
    const id = crypto.randomUUID();
    const refused = await decide((users) =>
      users.createUser({ id, username: "left_behind", emails: [{ address: taken, verified: true, primary: true }] }),
    );
    expect(refused).toEqual({ ok: false, refusal: "email_taken", detail: taken });
    expect(await userViews(db.kysely).exists(id)).toBe(false);
  });

  test("a patch marks the user updated at the clock's time only when it names something to change", async () => {
    const userId = await newUser();
    clock.advance(60_000);
    expect(await decide((users) => users.patchUser(userId, { username: null }))).toEqual({ ok: true, changed: false });
    expect((await userViews(db.kysely).byId(userId))?.updatedAt).not.toEqual(clock.now());
    expect(await decide((users) => users.patchUser(userId, { name: "Ada" }))).toEqual({ ok: true, changed: true });
    expect((await userViews(db.kysely).byId(userId))?.updatedAt).toEqual(clock.now());
  });

  test("the primary address is refused deletion unless allowed, and an unknown user is refused as such", async () => {
    const userId = await newUser();
    const added = await decide((users) => users.addEmail(userId, address(), true));
    if (!added.ok) throw new Error("the address was not added");
    expect(await decide((users) => users.deleteEmail(userId, added.emailId, { primary: "refused" }))).toEqual({
      ok: false,
      refusal: "primary_email",
    });
    expect(await decide((users) => users.deleteEmail(userId, added.emailId, { primary: "allowed" }))).toEqual({ ok: true });
    expect(await decide((users) => users.deleteUser(crypto.randomUUID()))).toEqual({ ok: false, refusal: "user_not_found" });
  });
});
