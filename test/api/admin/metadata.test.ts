import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { userMetadataStore } from "../../../src/store/user-metadata.ts";
import { userStore } from "../../../src/store/users.ts";
import { testDatabases } from "../../support/databases.ts";
import { startAdminStack } from "./admin-stack.ts";
import type { AdminStack } from "./admin-stack.ts";

const UNKNOWN = "7b0e7c1e-3a53-4c1f-9d2b-5c1a6e8f9a01";

describe.each(await testDatabases())("the admin metadata API on $family", (database) => {
  let stack: AdminStack;
  beforeAll(async () => {
    stack = await startAdminStack(database);
  });
  afterAll(() => stack.close());

  const send = (method: string, path: string, body?: string, contentType = "application/json") =>
    fetch(`${stack.api.url}${path}`, { method, headers: body === undefined ? {} : { "content-type": contentType }, body });
  const patch = (userId: string, body: unknown) =>
    send("PATCH", `/users/${userId}/metadata`, typeof body === "string" ? body : JSON.stringify(body));
  const answer = async (response: Response) => ({ status: response.status, body: await response.json() });
  const refused = (status: number, message: string) => ({ status, body: { code: status, message } });
  const newUser = async () => (await userStore(stack.db.kysely).create({})).id;
  const stored = (userId: string) => userMetadataStore(stack.db.kysely).get(userId);

  describe("GET /users/:id/metadata", () => {
    test("answers the kinds that are set, leaving out NULL and empty ones", async () => {
      const userId = await newUser();
      await userMetadataStore(stack.db.kysely).put(userId, { public: '{"role":"admin"}', private: "{}", unsafe: '{"theme":"dark"}' });
      const response = await send("GET", `/users/${userId}/metadata`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('{"public_metadata":{"role":"admin"},"unsafe_metadata":{"theme":"dark"}}\n');
    });

    test("answers 204 and creates the empty row when the user has no metadata", async () => {
      const userId = await newUser();
      const response = await send("GET", `/users/${userId}/metadata`);
      expect(response.status).toBe(204);
      expect(await response.text()).toBe("");
      expect(await stored(userId)).toEqual({ public: null, private: null, unsafe: null });
    });

    test("refuses an invalid user id and answers 404 for an unknown user", async () => {
      expect(await answer(await send("GET", "/users/nope/metadata"))).toEqual(refused(400, "invalid user id"));
      expect(await answer(await send("GET", `/users/${UNKNOWN}/metadata`))).toEqual(refused(404, "user not found"));
    });
  });

  describe("PATCH /users/:id/metadata", () => {
    test("merge-patches each kind, null deleting keys, and answers the result", async () => {
      const userId = await newUser();
      await patch(userId, { public_metadata: { role: "admin", nested: { a: 1, b: 2 } }, private_metadata: { secret: true } });
      const response = await patch(userId, {
        public_metadata: { nested: { b: null, c: 3 }, role: null },
        unsafe_metadata: { theme: "dark" },
        other: { ignored: true },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        public_metadata: { nested: { a: 1, c: 3 } },
        private_metadata: { secret: true },
        unsafe_metadata: { theme: "dark" },
      });
      expect(await stored(userId)).toEqual({ public: '{"nested":{"a":1,"c":3}}', private: '{"secret":true}', unsafe: '{"theme":"dark"}' });
      expect(stack.events.filter((e) => e.userId === userId)).toEqual([]);
    });

    test("removes a kind patched with null and ignores a kind patched with {}", async () => {
      const userId = await newUser();
      await patch(userId, { public_metadata: { a: 1 }, private_metadata: { b: 2 } });
      const response = await patch(userId, { public_metadata: null, private_metadata: {} });
      expect(await response.json()).toEqual({ private_metadata: { b: 2 } });
      expect((await stored(userId))?.public).toBeNull();
    });

    test("clears every kind for a null body and answers 204", async () => {
      const userId = await newUser();
      await patch(userId, { public_metadata: { a: 1 }, unsafe_metadata: { b: 2 } });
      const response = await patch(userId, "null");
      expect(response.status).toBe(204);
      expect(await stored(userId)).toEqual({ public: null, private: null, unsafe: null });
    });

    test("refuses a kind longer than 3000 characters, naming every kind over the limit", async () => {
      const userId = await newUser();
      const big = { text: "x".repeat(3000) };
      expect(await answer(await patch(userId, { public_metadata: big }))).toEqual(
        refused(400, "metadata limit exceeded: public metadata must not exceed 3000 characters"),
      );
      expect(await answer(await patch(userId, { private_metadata: big, unsafe_metadata: big }))).toEqual(
        refused(
          400,
          "metadata limit exceeded: private metadata must not exceed 3000 characters, unsafe metadata must not exceed 3000 characters",
        ),
      );
      expect(await stored(userId)).toBeUndefined();
      // 2,989 characters of text and 11 of JSON around them: exactly the limit.
      expect((await patch(userId, { public_metadata: { text: "x".repeat(2989) } })).status).toBe(200);
    });

    test("refuses bodies that are not null or an object, and kinds that are not objects or null", async () => {
      const userId = await newUser();
      const wrapped = (message: string) => refused(400, `code=400, message=${message}, internal=${message}`);
      expect(await answer(await patch(userId, "[]"))).toEqual(wrapped("patch metadata must be null or object"));
      expect(await answer(await patch(userId, '"text"'))).toEqual(wrapped("patch metadata must be null or object"));
      expect(await answer(await patch(userId, { public_metadata: 1 }))).toEqual(wrapped("public_metadata must be an object or null"));
      expect(await answer(await patch(userId, { unsafe_metadata: [] }))).toEqual(wrapped("unsafe_metadata must be an object or null"));
      expect(await answer(await patch(userId, "{x"))).toEqual(
        refused(
          400,
          "code=400, message=Syntax error: offset=2, error=invalid character 'x' looking for beginning of object key string, internal=invalid character 'x' looking for beginning of object key string",
        ),
      );
      expect(await answer(await send("PATCH", `/users/${userId}/metadata`, "{}", "text/plain"))).toEqual(
        refused(400, "code=415, message=Unsupported Media Type"),
      );
    });

    test("refuses an invalid user id and a missing body, and answers 404 for an unknown user", async () => {
      expect(await answer(await patch("nope", {}))).toEqual(refused(400, "invalid user id"));
      expect(await answer(await patch(UNKNOWN, {}))).toEqual(refused(404, "user not found"));
      expect(await answer(await send("PATCH", `/users/${await newUser()}/metadata`))).toEqual(
        refused(400, "the body must be a JSON merge patch"),
      );
    });
  });
});
