import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { userStore } from "../../../src/store/users.ts";
import { ManualClock } from "../../support/clock.ts";
import { testDatabases } from "../../support/databases.ts";
import { startAdminStack } from "./admin-stack.ts";
import type { AdminStack } from "./admin-stack.ts";

const GO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const UNKNOWN_USER = "7b0e7c1e-3a53-4c1f-9d2b-5c1a6e8f9a01";
const UNKNOWN_EMAIL = "0d8e7f6a-5b4c-4d3e-8f2a-1b0c9d8e7f6a";

describe.each(await testDatabases())("the admin emails API on $family", (database) => {
  let stack: AdminStack;
  // Time stands still here unless a test moves it.
  const clock = new ManualClock("2026-02-03T04:05:06.789Z");
  beforeAll(async () => {
    stack = await startAdminStack(database, { email: { limit: 3 } }, clock);
  });
  afterAll(() => stack.close());

  const send = (method: string, path: string, body?: string, contentType = "application/json") =>
    fetch(`${stack.api.url}${path}`, {
      method,
      headers: { "user-agent": "admin-test", ...(body === undefined ? {} : { "content-type": contentType }) },
      body,
    });
  const answer = async (response: Response) => ({ status: response.status, body: await response.json() });
  const refused = (status: number, message: string) => ({ status, body: { code: status, message } });
  let counter = 0;
  const address = () => `person${++counter}@example.com`;
  const userWithEmail = async () => {
    const user = await userStore(stack.db.kysely, clock).create({ email: { address: address(), verified: true } });
    return { userId: user.id, primaryId: user.emails[0]!.id };
  };
  const addEmail = async (userId: string, body: Record<string, unknown>) => {
    const response = await send("POST", `/users/${userId}/emails`, JSON.stringify(body));
    expect(response.status).toBe(201);
    return (await response.json()) as Record<string, any>;
  };
  const list = async (userId: string) => (await (await send("GET", `/users/${userId}/emails`)).json()) as Record<string, any>[];

  describe("GET /users/:user_id/emails", () => {
    test("lists the user's emails oldest first in the admin Email shape", async () => {
      const { userId, primaryId } = await userWithEmail();
      clock.advance(1000);
      const added = await addEmail(userId, { address: address() });
      const response = await send("GET", `/users/${userId}/emails`);
      expect(response.status).toBe(200);
      const emails = (await response.json()) as Record<string, any>[];
      expect(emails.map((e) => e.id)).toEqual([primaryId, added.id]);
      expect(Object.keys(emails[0]!)).toEqual(["id", "address", "is_verified", "is_primary", "created_at", "updated_at"]);
      expect(emails[0]).toMatchObject({ is_verified: true, is_primary: true, created_at: expect.stringMatching(GO_TIME) });
      expect(emails[1]).toMatchObject({ is_verified: false, is_primary: false });
    });

    test("answers an empty list for an unknown user", async () => {
      const response = await send("GET", `/users/${UNKNOWN_USER}/emails`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe("[]\n");
    });
  });

  describe("POST /users/:user_id/emails", () => {
    test("adds a lower-cased address with the requested verification, answers 201 and sends a webhook", async () => {
      const { userId } = await userWithEmail();
      const created = await addEmail(userId, { address: "New.Person@Example.com", is_verified: true, is_primary: true });
      expect(created).toMatchObject({ address: "new.person@example.com", is_verified: true, is_primary: false });
      expect((await list(userId)).find((e) => e.id === created.id)?.is_primary).toBe(false);
      const event = stack.events.at(-1)!;
      expect(event).toMatchObject({ webhook: "user.update.email.create", userId });
      const user = event.data as Record<string, any>;
      expect(user.id).toBe(userId);
      expect(user.emails).toHaveLength(2);
      expect(user.user_agent).toBe("admin-test");
      expect(user.ip_address).toBe("127.0.0.1");
    });

    test("makes the first email of a user without emails primary, though the answer says it is not", async () => {
      const { id: userId } = await userStore(stack.db.kysely).create({});
      const created = await addEmail(userId, { address: address() });
      expect(created.is_primary).toBe(false);
      expect((await list(userId))[0]).toMatchObject({ id: created.id, is_primary: true });
    });

    test("stamps a new address with the clock's time", async () => {
      const { userId } = await userWithEmail();
      clock.set("2026-03-04T05:06:07.891Z");
      const created = await addEmail(userId, { address: address() });
      expect(created).toMatchObject({ created_at: "2026-03-04T05:06:07.891Z", updated_at: "2026-03-04T05:06:07.891Z" });
    });

    test("an unassigned address given to a user keeps its creation time and is updated now", async () => {
      const { userId } = await userWithEmail();
      const freeAddress = address();
      await stack.db.kysely
        .insertInto("emails")
        .values({
          id: crypto.randomUUID(),
          user_id: null,
          address: freeAddress,
          verified: false,
          created_at: clock.now(),
          updated_at: clock.now(),
        })
        .execute();
      const before = clock.now().toISOString();
      clock.advance(60_000);
      const created = await addEmail(userId, { address: freeAddress });
      expect(created).toMatchObject({ created_at: before, updated_at: clock.now().toISOString() });
    });

    test("gives an unassigned address to the user, keeping its verification state", async () => {
      const { userId } = await userWithEmail();
      const at = new Date();
      const free = crypto.randomUUID();
      const freeAddress = address();
      await stack.db.kysely
        .insertInto("emails")
        .values({ id: free, user_id: null, address: freeAddress, verified: true, created_at: at, updated_at: at })
        .execute();
      const created = await addEmail(userId, { address: freeAddress.toUpperCase(), is_verified: false });
      expect(created).toMatchObject({ id: free, address: freeAddress, is_verified: true });
    });

    test("refuses an address another user has with a bare 400", async () => {
      const { userId } = await userWithEmail();
      const taken = (await list(userId))[0]!.address as string;
      const other = await userWithEmail();
      expect(await answer(await send("POST", `/users/${other.userId}/emails`, JSON.stringify({ address: taken })))).toEqual(
        refused(400, "Bad Request"),
      );
    });

    test("refuses more emails than email.limit with 409", async () => {
      const { userId } = await userWithEmail();
      await addEmail(userId, { address: address() });
      await addEmail(userId, { address: address() });
      expect(await answer(await send("POST", `/users/${userId}/emails`, JSON.stringify({ address: address() })))).toEqual(
        refused(409, "Conflict"),
      );
    });

    test("of ten concurrent requests for the last free place, exactly one adds its address", async () => {
      const { userId } = await userWithEmail();
      await addEmail(userId, { address: address() });
      const statuses = await Promise.all(
        Array.from(
          { length: 10 },
          async () => (await send("POST", `/users/${userId}/emails`, JSON.stringify({ address: address() }))).status,
        ),
      );
      expect(statuses.sort()).toEqual([201, ...Array(9).fill(409)]);
      expect(await list(userId)).toHaveLength(3);
    });

    test("of two concurrent requests for the last free place, one adds its address and the other gets Hanko's 409", async () => {
      const { userId } = await userWithEmail();
      await addEmail(userId, { address: address() });
      const answers = await Promise.all(
        [address(), address()].map(async (free) =>
          answer(await send("POST", `/users/${userId}/emails`, JSON.stringify({ address: free }))),
        ),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
      expect(answers.find((a) => a.status === 409)).toEqual(refused(409, "Conflict"));
      expect(await list(userId)).toHaveLength(3);
    });

    test("of eight users asking for one address at once, one gets it and the others Hanko's bare 400", async () => {
      const users = await Promise.all(Array.from({ length: 8 }, userWithEmail));
      const wanted = address();
      const answers = await Promise.all(
        users.map(async ({ userId }) => answer(await send("POST", `/users/${userId}/emails`, JSON.stringify({ address: wanted })))),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([201, ...Array(7).fill(400)]);
      expect(answers.filter((a) => a.status === 400)).toEqual(Array(7).fill(refused(400, "Bad Request")));
      const owners = await stack.db.kysely.selectFrom("emails").select("user_id").where("address", "=", wanted).execute();
      expect(owners).toHaveLength(1);
    });

    test("answers 404 for an unknown user", async () => {
      expect(await answer(await send("POST", `/users/${UNKNOWN_USER}/emails`, JSON.stringify({ address: address() })))).toEqual(
        refused(404, "Not Found"),
      );
    });

    test("wraps validation and binding failures as Hanko's loadDto does", async () => {
      const { userId } = await userWithEmail();
      const post = async (path: string, body?: string, contentType?: string) => answer(await send("POST", path, body, contentType));
      const path = `/users/${userId}/emails`;
      expect(await post(path, "{}")).toEqual(refused(400, "code=400, message=address is a required field"));
      expect(await post(path)).toEqual(refused(400, "code=400, message=address is a required field"));
      expect(await post(path, '{"address":"not-an-address"}')).toEqual(
        refused(400, "code=400, message=address must be a valid email address"),
      );
      expect(await post("/users/nope/emails", '{"address":""}')).toEqual(
        refused(400, "code=400, message=UserId must be a valid uuid and address is a required field"),
      );
      expect(await post(path, '{"address":"a@b.co","is_verified":"yes"}')).toEqual(
        refused(
          400,
          "code=400, message=Unmarshal type error: expected=bool, got=string, field=is_verified, offset=39, internal=json: cannot unmarshal string into Go struct field CreateEmailRequestDto.is_verified of type bool",
        ),
      );
      expect(await post(path, "[]")).toEqual(
        refused(
          400,
          "code=400, message=Unmarshal type error: expected=admin.CreateEmailRequestDto, got=array, field=, offset=1, internal=json: cannot unmarshal array into Go value of type admin.CreateEmailRequestDto",
        ),
      );
      expect(await post(path, "{x")).toEqual(
        refused(
          400,
          "code=400, message=Syntax error: offset=2, error=invalid character 'x' looking for beginning of object key string, internal=invalid character 'x' looking for beginning of object key string",
        ),
      );
      expect(await post(path, "address=a@b.co", "text/plain")).toEqual(refused(400, "code=415, message=Unsupported Media Type"));
      expect(await answer(await send("GET", "/users/nope/emails"))).toEqual(refused(400, "code=400, message=UserId must be a valid uuid"));
    });
  });

  describe("GET /users/:user_id/emails/:email_id", () => {
    test("answers one of the user's emails", async () => {
      const { userId, primaryId } = await userWithEmail();
      const response = await send("GET", `/users/${userId}/emails/${primaryId}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual((await list(userId))[0]!);
    });

    test("names the missing user or email in its 404", async () => {
      const { userId } = await userWithEmail();
      const other = await userWithEmail();
      expect(await answer(await send("GET", `/users/${UNKNOWN_USER}/emails/${UNKNOWN_EMAIL}`))).toEqual(
        refused(404, `user with id '${UNKNOWN_USER}' was not found`),
      );
      expect(await answer(await send("GET", `/users/${userId}/emails/${other.primaryId}`))).toEqual(
        refused(404, `email with id '${other.primaryId}' was not found`),
      );
    });

    test("wants a version 4 email id", async () => {
      const { userId } = await userWithEmail();
      const version1 = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
      expect(await answer(await send("GET", `/users/${userId}/emails/${version1}`))).toEqual(
        refused(400, "code=400, message=EmailId must be a valid uuid4"),
      );
      expect(await answer(await send("GET", `/users/x/emails/y`))).toEqual(
        refused(400, "code=400, message=UserId must be a valid uuid and EmailId must be a valid uuid4"),
      );
    });
  });

  describe("DELETE /users/:user_id/emails/:email_id", () => {
    test("deletes a secondary email with 204 and sends a webhook", async () => {
      const { userId } = await userWithEmail();
      const added = await addEmail(userId, { address: address() });
      const response = await send("DELETE", `/users/${userId}/emails/${added.id}`);
      expect(response.status).toBe(204);
      expect(await response.text()).toBe("");
      expect((await list(userId)).map((e) => e.id)).not.toContain(added.id);
      expect(stack.events.at(-1)).toMatchObject({ webhook: "user.update.email.delete", userId });
    });

    test("of two concurrent deletions of one email, one deletes it and the other answers Hanko's 404", async () => {
      const { userId } = await userWithEmail();
      const added = await addEmail(userId, { address: address() });
      const answers = await Promise.all([1, 2].map(() => send("DELETE", `/users/${userId}/emails/${added.id}`)));
      expect(answers.map((a) => a.status).sort()).toEqual([204, 404]);
      expect(await answer(answers.find((a) => a.status === 404)!)).toEqual(refused(404, `email with id '${added.id}' was not found`));
    });

    test("refuses to delete the primary email with 409", async () => {
      const { userId, primaryId } = await userWithEmail();
      expect(await answer(await send("DELETE", `/users/${userId}/emails/${primaryId}`))).toEqual(refused(409, "Conflict"));
    });

    test("answers the same 404s and validation failures as GET", async () => {
      const { userId } = await userWithEmail();
      expect(await answer(await send("DELETE", `/users/${UNKNOWN_USER}/emails/${UNKNOWN_EMAIL}`))).toEqual(
        refused(404, `user with id '${UNKNOWN_USER}' was not found`),
      );
      expect(await answer(await send("DELETE", `/users/${userId}/emails/${UNKNOWN_EMAIL}`))).toEqual(
        refused(404, `email with id '${UNKNOWN_EMAIL}' was not found`),
      );
      expect(await answer(await send("DELETE", `/users/${userId}/emails/nope`))).toEqual(
        refused(400, "code=400, message=EmailId must be a valid uuid4"),
      );
    });
  });

  describe("POST /users/:user_id/emails/:email_id/set_primary", () => {
    test("makes another email primary with 204 and sends a webhook", async () => {
      const { userId, primaryId } = await userWithEmail();
      const added = await addEmail(userId, { address: address() });
      const response = await send("POST", `/users/${userId}/emails/${added.id}/set_primary`);
      expect(response.status).toBe(204);
      const emails = await list(userId);
      expect(emails.find((e) => e.id === added.id)?.is_primary).toBe(true);
      expect(emails.find((e) => e.id === primaryId)?.is_primary).toBe(false);
      expect(stack.events.at(-1)).toMatchObject({ webhook: "user.update.email.primary", userId });
    });

    test("answers 204 without a webhook when the email is primary already", async () => {
      const { userId, primaryId } = await userWithEmail();
      const before = stack.events.length;
      expect((await send("POST", `/users/${userId}/emails/${primaryId}/set_primary`)).status).toBe(204);
      expect(stack.events.length).toBe(before);
    });

    test("set_primary and delete of the same email at once: one is done, the other refused, and the user keeps one primary address", async () => {
      for (let round = 0; round < 5; round++) {
        const { userId } = await userWithEmail();
        const added = await addEmail(userId, { address: address() });
        const [primary, deleted] = await Promise.all([
          send("POST", `/users/${userId}/emails/${added.id}/set_primary`),
          send("DELETE", `/users/${userId}/emails/${added.id}`),
        ]);
        const statuses = [primary.status, deleted.status];
        // Whichever came first decides: made primary, it cannot be deleted (409); deleted, it cannot be made primary (404).
        expect([
          [204, 409],
          [404, 204],
        ]).toContainEqual(statuses);
        const refusal = primary.status === 204 ? deleted : primary;
        expect(await answer(refusal)).toEqual(refused(refusal.status, refusal.status === 409 ? "Conflict" : "Not Found"));
        const emails = await list(userId);
        expect(emails.filter((e) => e.is_primary)).toHaveLength(1);
        expect(emails.some((e) => e.id === added.id)).toBe(primary.status === 204);
      }
    });

    test("answers 404 for a missing user or an email of someone else", async () => {
      const { userId } = await userWithEmail();
      const other = await userWithEmail();
      expect(await answer(await send("POST", `/users/${UNKNOWN_USER}/emails/${UNKNOWN_EMAIL}/set_primary`))).toEqual(
        refused(404, `user with id '${UNKNOWN_USER}' was not found`),
      );
      expect(await answer(await send("POST", `/users/${userId}/emails/${other.primaryId}/set_primary`))).toEqual(refused(404, "Not Found"));
      expect(await answer(await send("POST", `/users/${userId}/emails/nope/set_primary`))).toEqual(
        refused(400, "code=400, message=EmailId must be a valid uuid4"),
      );
    });
  });
});
