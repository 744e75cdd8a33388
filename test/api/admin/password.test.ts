import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { passwordStore } from "../../../src/store/passwords.ts";
import { userStore } from "../../../src/store/users.ts";
import { testDatabases } from "../../support/databases.ts";
import { startAdminStack } from "./admin-stack.ts";
import type { AdminStack } from "./admin-stack.ts";

const GO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const UNKNOWN = "7b0e7c1e-3a53-4c1f-9d2b-5c1a6e8f9a01";

describe.each(await testDatabases())("the admin password API on $family", (database) => {
  let stack: AdminStack;
  beforeAll(async () => {
    stack = await startAdminStack(database);
  });
  afterAll(() => stack.close());

  const send = (method: string, path: string, body?: string, contentType = "application/json") =>
    fetch(`${stack.api.url}${path}`, { method, headers: body === undefined ? {} : { "content-type": contentType }, body });
  const answer = async (response: Response) => ({ status: response.status, body: await response.json() });
  const refused = (status: number, message: string) => ({ status, body: { code: status, message } });
  const newUser = async () => (await userStore(stack.db.kysely).create({})).id;
  const hashOf = (userId: string) => passwordStore(stack.db.kysely).hashOf(userId);

  test("sets an initial password as an argon2id hash and answers 200 with the credential's id and times", async () => {
    const userId = await newUser();
    const response = await send("POST", `/users/${userId}/password`, JSON.stringify({ password: "correct horse" }));
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text.endsWith("}\n")).toBe(true);
    const body = JSON.parse(text) as Record<string, string>;
    expect(Object.keys(body)).toEqual(["id", "created_at", "updated_at"]);
    expect(body.created_at).toMatch(GO_TIME);
    const hash = (await hashOf(userId))!;
    expect(hash.startsWith("$argon2id$")).toBe(true);
    expect((await stack.deps.runtime.passwords.verify("correct horse", hash)).ok).toBe(true);
    expect(stack.events.filter((e) => e.userId === userId)).toEqual([]);
  });

  test("shows the password credential without the hash", async () => {
    const userId = await newUser();
    const created = await (await send("POST", `/users/${userId}/password`, JSON.stringify({ password: "pw" }))).json();
    const response = await send("GET", `/users/${userId}/password`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(created);
  });

  test("refuses a second initial password with 409", async () => {
    const userId = await newUser();
    await send("POST", `/users/${userId}/password`, JSON.stringify({ password: "first" }));
    expect(await answer(await send("POST", `/users/${userId}/password`, JSON.stringify({ password: "second" })))).toEqual(
      refused(409, "Conflict"),
    );
  });

  test("of two initial passwords set at once, one is stored and the other refused with Hanko's 409", async () => {
    const userId = await newUser();
    const answers = await Promise.all(
      ["first", "second"].map((password) => send("POST", `/users/${userId}/password`, JSON.stringify({ password }))),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(await answer(answers.find((a) => a.status === 409)!)).toEqual(refused(409, "Conflict"));
    const stored = await stack.db.kysely.selectFrom("password_credentials").select("id").where("user_id", "=", userId).execute();
    expect(stored).toHaveLength(1);
  });

  test("replaces the password and bumps updated_at", async () => {
    const userId = await newUser();
    const created = (await (await send("POST", `/users/${userId}/password`, JSON.stringify({ password: "old" }))).json()) as Record<
      string,
      string
    >;
    await Bun.sleep(5);
    const response = await send("PUT", `/users/${userId}/password`, JSON.stringify({ password: "new" }));
    expect(response.status).toBe(200);
    const replaced = (await response.json()) as Record<string, string>;
    expect(replaced.id).toBe(created.id!);
    expect(replaced.created_at).toBe(created.created_at!);
    expect(Date.parse(replaced.updated_at!)).toBeGreaterThan(Date.parse(created.updated_at!));
    expect((await stack.deps.runtime.passwords.verify("new", (await hashOf(userId))!)).ok).toBe(true);
  });

  test("deletes the password with 204", async () => {
    const userId = await newUser();
    await send("POST", `/users/${userId}/password`, JSON.stringify({ password: "pw" }));
    const response = await send("DELETE", `/users/${userId}/password`);
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
    expect(await hashOf(userId)).toBeUndefined();
  });

  test("answers 404 when the user or their password is missing", async () => {
    const userId = await newUser();
    const notFound = refused(404, "Not Found");
    const body = JSON.stringify({ password: "pw" });
    for (const id of [UNKNOWN, userId]) {
      expect(await answer(await send("GET", `/users/${id}/password`))).toEqual(notFound);
      expect(await answer(await send("PUT", `/users/${id}/password`, body))).toEqual(notFound);
      expect(await answer(await send("DELETE", `/users/${id}/password`))).toEqual(notFound);
    }
    expect(await answer(await send("POST", `/users/${UNKNOWN}/password`, body))).toEqual(notFound);
  });

  test("wraps validation failures as Hanko's loadDto does", async () => {
    const userId = await newUser();
    for (const method of ["GET", "DELETE"]) {
      expect(await answer(await send(method, "/users/not-a-uuid/password"))).toEqual(
        refused(400, "code=400, message=UserID must be a valid uuid"),
      );
    }
    // The validator's uuid pattern is lower-case only.
    expect(await answer(await send("GET", `/users/${UNKNOWN.toUpperCase()}/password`))).toEqual(
      refused(400, "code=400, message=UserID must be a valid uuid"),
    );
    for (const method of ["POST", "PUT"]) {
      expect(await answer(await send(method, `/users/${userId}/password`, "{}"))).toEqual(
        refused(400, "code=400, message=password is a required field"),
      );
      expect(await answer(await send(method, `/users/${userId}/password`))).toEqual(
        refused(400, "code=400, message=password is a required field"),
      );
      expect(await answer(await send(method, "/users/nope/password", '{"password":""}'))).toEqual(
        refused(400, "code=400, message=UserID must be a valid uuid and password is a required field"),
      );
    }
  });

  test("wraps unreadable bodies with the binder's message and its cause", async () => {
    const userId = await newUser();
    const path = `/users/${userId}/password`;
    expect(await answer(await send("POST", path, "{x"))).toEqual(
      refused(
        400,
        "code=400, message=Syntax error: offset=2, error=invalid character 'x' looking for beginning of object key string, internal=invalid character 'x' looking for beginning of object key string",
      ),
    );
    expect(await answer(await send("PUT", path, '{"password":1}'))).toEqual(
      refused(
        400,
        "code=400, message=Unmarshal type error: expected=string, got=number, field=password, offset=13, internal=json: cannot unmarshal number into Go struct field CreateOrUpdatePasswordCredentialRequestDto.password of type string",
      ),
    );
    expect(await answer(await send("POST", path, "password=x", "text/plain"))).toEqual(
      refused(400, "code=415, message=Unsupported Media Type"),
    );
  });

  test("refuses a password longer than 72 bytes with a 400, where Hanko's bcrypt fails with a 500", async () => {
    const userId = await newUser();
    expect(await answer(await send("POST", `/users/${userId}/password`, JSON.stringify({ password: "ü".repeat(37) })))).toEqual(
      refused(400, "password must not be longer than 72 bytes"),
    );
    expect(await hashOf(userId)).toBeUndefined();
  });
});
