import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { passwordStore } from "../../../src/store/passwords.ts";
import { userMetadataStore } from "../../../src/store/user-metadata.ts";
import { userStore } from "../../../src/store/users.ts";
import { webauthnCredentialStore } from "../../../src/store/webauthn-credentials.ts";
import { testCredential } from "../../support/credentials.ts";
import { testDatabases } from "../../support/databases.ts";
import { type AdminStack, startAdminStack } from "./admin-stack.ts";

const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const GO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe.each(await testDatabases())("the admin users API on $family", (database) => {
  let stack: AdminStack;
  beforeAll(async () => {
    stack = await startAdminStack(database);
  });
  afterAll(() => stack.close());

  const url = (path: string) => `${stack.api.url}${path}`;
  const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(url(path), {
      method,
      headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
  const json = async (response: Response) => (await response.json()) as Record<string, any>;
  const error = async (response: Response) => ({ status: response.status, body: await response.json() });
  const refused = (status: number, message: string) => ({ status, body: { code: status, message } });
  const create = async (body: unknown) => {
    const response = await send("POST", "/users", body);
    expect(response.status).toBe(200);
    return json(response);
  };

  describe("POST /users", () => {
    test("creates the user with its emails, primary address, username and creation time, and answers the full user", async () => {
      const id = "3f1c9a0e-8c3b-4d8e-9a51-0b6f1f7a2c10";
      const response = await send("POST", "/users", {
        id,
        emails: [
          { address: "Ada@Example.com", is_primary: false, is_verified: true },
          { address: "ada.work@example.com", is_primary: true, is_verified: false },
        ],
        username: "Ada_L",
        created_at: "2024-08-17T12:05:15.651Z",
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/json");
      const text = await response.text();
      expect(text.endsWith("}\n")).toBe(true);
      const user = JSON.parse(text) as Record<string, any>;
      expect(Object.keys(user)).toEqual(["id", "emails", "username", "created_at", "updated_at"]);
      expect(user.id).toBe(id);
      expect(user.created_at).toBe("2024-08-17T12:05:15.651Z");
      expect(user.updated_at).toMatch(GO_TIME);
      // Both rows share one creation time, so their order is not part of the contract.
      expect(user.emails).toHaveLength(2);
      expect(user.emails).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ address: "ada@example.com", is_verified: true, is_primary: false }),
          expect.objectContaining({ address: "ada.work@example.com", is_verified: false, is_primary: true }),
        ]),
      );
      expect(Object.keys(user.emails[0])).toEqual(["id", "address", "is_verified", "is_primary", "created_at", "updated_at"]);
      // Unlike Hanko's, which stores it as given, the username is lower-cased, as sign-in looks it up.
      expect(user.username).toMatchObject({ username: "ada_l" });
      expect(stack.events.at(-1)).toEqual({ webhook: "user.create", userId: id, data: user });
    });

    test("makes a version 4 id and takes the current time when neither is given", async () => {
      const before = Date.now();
      const user = await create({ username: "no_email_user" });
      expect(user.id).toMatch(UUID4);
      expect(Date.parse(user.created_at)).toBeGreaterThanOrEqual(before - 1000);
      expect(user.emails).toBeUndefined();
    });

    test("refuses a body with neither emails nor a username", async () => {
      const message = "at least one of [Emails, Username] must be set";
      expect(await error(await send("POST", "/users", {}))).toEqual(refused(400, message));
      expect(await error(await send("POST", "/users", { emails: [], username: "" }))).toEqual(refused(400, message));
      expect(await error(await send("POST", "/users"))).toEqual(refused(400, message));
    });

    test("insists on exactly one primary email", async () => {
      const email = (address: string, is_primary: boolean) => ({ address, is_primary });
      expect(await error(await send("POST", "/users", { emails: [email("a1@example.com", false)] }))).toEqual(
        refused(400, "at least one primary email must be provided"),
      );
      expect(await error(await send("POST", "/users", { emails: [email("a2@example.com", true), email("a3@example.com", true)] }))).toEqual(
        refused(400, "only one primary email is allowed"),
      );
    });

    test("validates the addresses with the validator's messages", async () => {
      expect(await error(await send("POST", "/users", { emails: [{ is_primary: true }] }))).toEqual(
        refused(400, "address is a required field"),
      );
      expect(await error(await send("POST", "/users", { emails: [{ address: "not-an-address", is_primary: true }] }))).toEqual(
        refused(400, "address must be a valid email address"),
      );
      expect(await error(await send("POST", "/users", { emails: [{ address: "" }, { address: "a@b" }] }))).toEqual(
        refused(400, "address is a required field and address must be a valid email address"),
      );
      expect(
        await error(
          await send("POST", "/users", { emails: [{ address: "same@example.com", is_primary: true }, { address: "same@example.com" }] }),
        ),
      ).toEqual(refused(400, "emails entries are not unique"));
    });

    test("refuses an address or username longer than its 255-character column, where Hanko's database fails with a 500", async () => {
      const address = `${"a".repeat(250)}@example.com`;
      expect(await error(await send("POST", "/users", { emails: [{ address, is_primary: true }] }))).toEqual(
        refused(400, "address must not be longer than 255 characters"),
      );
      expect(await error(await send("POST", "/users", { username: "ü".repeat(256) }))).toEqual(
        refused(400, "username must not be longer than 255 characters"),
      );
      // What fits the column is still held to the username rules.
      expect(await error(await send("POST", "/users", { username: "ü".repeat(255) }))).toEqual(refused(400, "username is invalid"));
    });

    test("reports unreadable bodies with Echo's binder messages", async () => {
      expect(await error(await send("POST", "/users", "{x"))).toEqual(
        refused(400, "Syntax error: offset=2, error=invalid character 'x' looking for beginning of object key string"),
      );
      expect(await error(await send("POST", "/users", '{"emails":{}}'))).toEqual(
        refused(400, "Unmarshal type error: expected=[]admin.CreateEmail, got=object, field=emails, offset=11"),
      );
      expect(await error(await send("POST", "/users", '{"emails":[{"address":1}]}'))).toEqual(
        refused(400, "Unmarshal type error: expected=string, got=number, field=emails.address, offset=23"),
      );
      expect(await error(await send("POST", "/users", '{"emails":['))).toEqual(refused(400, "unexpected EOF"));
      expect(await error(await send("POST", "/users", { id: "abc", username: "x" }))).toEqual(
        refused(400, 'uuid: incorrect UUID length 3 in string "abc"'),
      );
      expect(await error(await send("POST", "/users", { username: "x", created_at: 5 }))).toEqual(
        refused(400, "Time.UnmarshalJSON: input is not a JSON string"),
      );
      expect(await error(await send("POST", "/users", { username: "x", created_at: "2024-13-01T00:00:00Z" }))).toEqual(
        refused(400, 'parsing time "2024-13-01T00:00:00Z": month out of range'),
      );
      expect(await error(await send("POST", "/users", "username=x", { "content-type": "text/plain" }))).toEqual(
        refused(415, "Unsupported Media Type"),
      );
    });

    test("answers 409 for a taken id, address or username, and writes nothing of the refused user", async () => {
      const taken = await create({ emails: [{ address: "taken@example.com", is_primary: true }], username: "taken_name" });
      expect(await error(await send("POST", "/users", { id: taken.id, username: "other_name" }))).toEqual(
        refused(409, `failed to create user with id '${taken.id}': user already exists`),
      );
      const id = "5d0b2c3e-1f2a-4b3c-8d4e-5f6a7b8c9d0e";
      expect(await error(await send("POST", "/users", { id, emails: [{ address: "Taken@Example.com", is_primary: true }] }))).toEqual(
        refused(409, `failed to create email 'taken@example.com' for user '${id}': email already exists`),
      );
      expect(await error(await send("POST", "/users", { id, username: "taken_name" }))).toEqual(
        refused(409, `failed to create username 'taken_name' for user '${id}': username already exists`),
      );
      expect((await send("GET", `/users/${id}`)).status).toBe(404);
    });

    test("of two users created at once with one address, one is created and the other refused with Hanko's 409", async () => {
      const ids = [crypto.randomUUID(), crypto.randomUUID()];
      const answers = await Promise.all(
        ids.map((id) => send("POST", "/users", { id, emails: [{ address: "both.want.it@example.com", is_primary: true }] })),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      const refusedAt = answers.findIndex((a) => a.status === 409);
      expect(await error(answers[refusedAt]!)).toEqual(
        refused(409, `failed to create email 'both.want.it@example.com' for user '${ids[refusedAt]}': email already exists`),
      );
      expect((await send("GET", `/users/${ids[refusedAt]}`)).status).toBe(404);
    });
  });

  describe("GET /users/:id", () => {
    test("answers the full admin user: credentials, emails, username, password, email identities, OTP, metadata and names", async () => {
      const created = await create({
        emails: [{ address: "full@example.com", is_primary: true, is_verified: true }],
        username: "full_user",
      });
      const id = created.id as string;
      const emailId = created.emails[0].id as string;
      const at = new Date("2025-01-02T03:04:05.678Z");
      const db = stack.db.kysely;
      await passwordStore(db).set(id, "$2a$10$hash");
      await db
        .insertInto("otp_secrets")
        .values({ id: crypto.randomUUID(), user_id: id, secret: "SECRET", created_at: at, updated_at: at })
        .execute();
      const identityId = crypto.randomUUID();
      await db
        .insertInto("identities")
        .values({
          id: identityId,
          provider_user_id: "g-123",
          provider_id: "google",
          data: "{}",
          email_id: emailId,
          user_id: id,
          created_at: at,
          updated_at: at,
        })
        .execute();
      // An identity linked to the user but to none of their emails is not shown.
      await db
        .insertInto("identities")
        .values({
          id: crypto.randomUUID(),
          provider_user_id: "gh-9",
          provider_id: "github",
          data: "{}",
          email_id: null,
          user_id: id,
          created_at: at,
          updated_at: at,
        })
        .execute();
      await userMetadataStore(db).put(id, { public: '{"role":"admin"}', private: "{}", unsafe: null });
      await webauthnCredentialStore(db).create(testCredential(id, { id: "Y3JlZA", mfaOnly: true, createdAt: at }));
      await db
        .updateTable("users")
        .set({ name: "Full User", given_name: "Full", picture: "https://example.com/p.png" })
        .where("id", "=", id)
        .execute();

      const response = await send("GET", `/users/${id.toUpperCase()}`);
      expect(response.status).toBe(200);
      const user = await json(response);
      expect(Object.keys(user)).toEqual([
        "id",
        "webauthn_credentials",
        "emails",
        "username",
        "created_at",
        "updated_at",
        "password",
        "identities",
        "otp",
        "metadata",
        "given_name",
        "name",
        "picture",
      ]);
      expect(user.webauthn_credentials).toEqual([
        {
          id: "Y3JlZA",
          public_key: "pQECAyYgASFYIA",
          attestation_type: "none",
          aaguid: "00000000-0000-0000-0000-000000000000",
          created_at: "2025-01-02T03:04:05.678Z",
          transports: [],
          backup_eligible: false,
          backup_state: false,
          mfa_only: true,
        },
      ]);
      expect(Object.keys(user.password)).toEqual(["id", "created_at", "updated_at"]);
      expect(user.identities).toEqual([
        {
          id: identityId,
          provider_id: "g-123",
          provider_name: "google",
          email_id: emailId,
          created_at: "2025-01-02T03:04:05.678Z",
          updated_at: "2025-01-02T03:04:05.678Z",
        },
      ]);
      expect(user.otp).toEqual({ id: expect.any(String), created_at: "2025-01-02T03:04:05.678Z" });
      expect(user.metadata).toEqual({ public_metadata: { role: "admin" } });
      expect(user).toMatchObject({ given_name: "Full", name: "Full User", picture: "https://example.com/p.png" });
    });

    test("answers 404 for an unknown user and 400 for an id that is no UUID", async () => {
      expect(await error(await send("GET", "/users/6f1b4c2a-0000-4000-8000-000000000000"))).toEqual(refused(404, "user not found"));
      expect(await error(await send("GET", "/users/nope"))).toEqual(refused(400, "failed to parse userId as uuid"));
    });
  });

  describe("GET /users", () => {
    test("lists only users that have an email or a username, without passwords, OTP, identities or metadata", async () => {
      const withEmail = await create({ emails: [{ address: "listed@example.com", is_primary: true }] });
      const withUsername = await create({ username: "listed_name" });
      const bare = await userStore(stack.db.kysely).create({});
      await passwordStore(stack.db.kysely).set(withEmail.id, "$2a$10$hash");
      await userMetadataStore(stack.db.kysely).put(withEmail.id, { public: '{"a":1}', private: null, unsafe: null });
      const response = await send("GET", `/users?user_id=${withEmail.id},${withUsername.id},${bare.id}&sort_direction=asc`);
      expect(response.status).toBe(200);
      expect(response.headers.get("x-total-count")).toBe("2");
      const users = (await response.json()) as Record<string, any>[];
      expect(users.map((u) => u.id)).toEqual([withEmail.id, withUsername.id]);
      expect(Object.keys(users[0]!)).toEqual(["id", "emails", "created_at", "updated_at"]);
    });

    test("pages newest first by default, with Hanko's Link and X-Total-Count headers", async () => {
      const ids: string[] = [];
      for (let i = 1; i <= 5; i++) {
        ids.push(
          (await create({ emails: [{ address: `page${i}@pages.test`, is_primary: true }], created_at: `2020-01-0${i}T00:00:00Z` })).id,
        );
      }
      const base = `${stack.api.url}/users?email=%40pages.test`;
      const page = async (query: string) => {
        const response = await send("GET", `/users?email=@pages.test${query}`);
        expect(response.status).toBe(200);
        const users = (await response.json()) as { id: string }[];
        return { ids: users.map((u) => u.id), link: response.headers.get("link"), total: response.headers.get("x-total-count") };
      };
      expect(await page("&per_page=2")).toEqual({
        ids: [ids[4]!, ids[3]!],
        link: `<${base}&page=3&per_page=2>; rel="last",<${base}&page=2&per_page=2>; rel="next"`,
        total: "5",
      });
      expect(await page("&per_page=2&page=2")).toEqual({
        ids: [ids[2]!, ids[1]!],
        link: `<${base}&page=1&per_page=2>; rel="first",<${base}&page=3&per_page=2>; rel="last",<${base}&page=3&per_page=2>; rel="next",<${base}&page=1&per_page=2>; rel="prev"`,
        total: "5",
      });
      expect(await page("&per_page=2&page=3&sort_direction=asc")).toEqual({
        ids: [ids[4]!],
        link: `<${stack.api.url}/users?email=%40pages.test&page=1&per_page=2&sort_direction=asc>; rel="first",<${stack.api.url}/users?email=%40pages.test&page=2&per_page=2&sort_direction=asc>; rel="prev"`,
        total: "5",
      });
      expect((await page("&sort_direction=asc")).ids).toEqual(ids);
      expect((await page("")).link).toBe(`<${base}&page=1&per_page=20>; rel="first"`);
    });

    test("a list with nothing in it links only to the first page", async () => {
      const response = await send("GET", "/users?email=nobody-has-this");
      expect(await response.json()).toEqual([]);
      expect(response.headers.get("x-total-count")).toBe("0");
      expect(response.headers.get("link")).toBe(`<${stack.api.url}/users?email=nobody-has-this&page=1&per_page=20>; rel="first"`);
    });

    test("filters by address and username substrings, lower-cased, either matching when both are given", async () => {
      const alice = await create({ emails: [{ address: "alice@filter.test", is_primary: true }] });
      const bob = await create({ emails: [{ address: "bob@filter.test", is_primary: true }], username: "bobby_filter" });
      const carol = await create({ username: "carol_filter" });
      const idsOf = async (query: string) =>
        ((await (await send("GET", `/users?sort_direction=asc&${query}`)).json()) as { id: string }[]).map((u) => u.id);
      expect(await idsOf("email=ALICE@FILTER")).toEqual([alice.id]);
      expect(await idsOf("username=_FILTER")).toEqual([bob.id, carol.id]);
      expect(await idsOf("email=alice@filter&username=carol")).toEqual([alice.id, carol.id]);
      expect(await idsOf(`user_id=${carol.id},${alice.id}`)).toEqual([alice.id, carol.id]);
    });

    test("refuses malformed filters and paging values with Hanko's messages", async () => {
      expect(await error(await send("GET", "/users?user_id=nope"))).toEqual(refused(400, "failed to parse user_id as uuid"));
      expect(await error(await send("GET", "/users?sort_direction=up"))).toEqual(refused(400, "sort_direction must be desc or asc"));
      expect(await error(await send("GET", "/users?page=abc"))).toEqual(refused(400, 'strconv.ParseInt: parsing "abc": invalid syntax'));
      expect(await error(await send("GET", "/users?per_page=1.5"))).toEqual(
        refused(400, 'strconv.ParseInt: parsing "1.5": invalid syntax'),
      );
    });
  });

  describe("PATCH /users/:id", () => {
    test("sets trimmed names and picture, lower-cases and replaces the username, and bumps updated_at", async () => {
      const user = await create({ username: "patch_me", created_at: "2020-01-01T00:00:00Z" });
      const before = (await json(await send("GET", `/users/${user.id}`))).updated_at as string;
      await Bun.sleep(5);
      const response = await send("PATCH", `/users/${user.id}`, {
        name: "  Grace Hopper ",
        given_name: "Grace",
        family_name: "Hopper",
        picture: "https://example.com/grace.png",
        username: " Amazing_Grace ",
      });
      expect(response.status).toBe(200);
      const patched = await json(response);
      expect(patched).toMatchObject({
        name: "Grace Hopper",
        given_name: "Grace",
        family_name: "Hopper",
        picture: "https://example.com/grace.png",
        username: { username: "amazing_grace" },
      });
      expect(Date.parse(patched.updated_at)).toBeGreaterThan(Date.parse(before));
      // Unlike Hanko (its issue #2009), the username change is reported, with the user as changed; the names are not.
      const reported = stack.events.filter((e) => e.userId === user.id && e.webhook !== "user.create");
      expect(reported).toEqual([{ webhook: "user.update.username.update", userId: user.id, data: patched }]);
    });

    test("a username given to a user without one is reported as created, one cleared as deleted", async () => {
      const user = await create({ emails: [{ address: "named@example.com", is_primary: true }] });
      await send("PATCH", `/users/${user.id}`, { username: "named_now" });
      await send("PATCH", `/users/${user.id}`, { username: "named_now" });
      await send("PATCH", `/users/${user.id}`, { username: null });
      const reported = stack.events.filter((e) => e.userId === user.id && e.webhook !== "user.create").map((e) => e.webhook);
      expect(reported).toEqual(["user.update.username.create", "user.update.username.delete"]);
    });

    test("null clears a field and deletes the username; an empty body changes nothing", async () => {
      const user = await create({ emails: [{ address: "clear@example.com", is_primary: true }], username: "clear_me" });
      await send("PATCH", `/users/${user.id}`, { name: "Someone" });
      const cleared = await json(await send("PATCH", `/users/${user.id}`, { name: null, username: null }));
      expect(cleared.name).toBeUndefined();
      expect(cleared.username).toBeUndefined();
      const unchanged = await send("PATCH", `/users/${user.id}`);
      expect(unchanged.status).toBe(200);
      expect((await json(unchanged)).updated_at).toBe(cleared.updated_at);
    });

    test("refuses empty strings, non-strings, bad pictures and bad or taken usernames", async () => {
      const user = await create({ username: "patch_rules" });
      await create({ username: "someone_else" });
      const patch = async (body: unknown) => error(await send("PATCH", `/users/${user.id}`, body));
      expect(await patch({ given_name: "   " })).toEqual(refused(400, "given_name must be a non-empty string or null"));
      expect(await patch({ name: 5 })).toEqual(
        refused(400, "expected string or null: json: cannot unmarshal number into Go value of type string"),
      );
      expect(await patch({ picture: "ftp://example.com/a.png" })).toEqual(refused(400, "picture must be a valid http(s) URL or null"));
      expect(await patch({ picture: "https://user:pw@example.com/a.png" })).toEqual(
        refused(400, "picture must be a valid http(s) URL or null"),
      );
      expect(await patch({ username: "no spaces" })).toEqual(refused(400, "username is invalid"));
      expect(await patch({ username: "Someone_Else" })).toEqual(refused(409, "username already exists"));
      expect(await patch({ family_name: "x".repeat(256) })).toEqual(refused(400, "family_name must not be longer than 255 characters"));
    });

    test("of two users given one username at once, one gets it and the other Hanko's 409", async () => {
      const users = await Promise.all([create({ username: "racer_one" }), create({ username: "racer_two" })]);
      const answers = await Promise.all(users.map((user) => send("PATCH", `/users/${user.id}`, { username: "Winner" })));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      expect(await error(answers.find((a) => a.status === 409)!)).toEqual(refused(409, "username already exists"));
    });

    test("answers 404 for an unknown user and 400 for an id that is no UUID", async () => {
      expect(await error(await send("PATCH", "/users/6f1b4c2a-0000-4000-8000-000000000001", { name: "x" }))).toEqual(
        refused(404, "user not found"),
      );
      expect(await error(await send("PATCH", "/users/12345", { name: "x" }))).toEqual(refused(400, "failed to parse userId as uuid"));
    });
  });

  describe("DELETE /users/:id", () => {
    test("removes the user and everything they could sign in with, then sends user.delete with the user as it was", async () => {
      const created = await create({
        emails: [{ address: "gone@example.com", is_primary: true, is_verified: true }],
        username: "gone_user",
      });
      const id = created.id as string;
      const db = stack.db.kysely;
      const at = new Date();
      const session = await stack.deps.runtime.sessions.issue(id);
      await passwordStore(db).set(id, "$2a$10$hash");
      await db
        .insertInto("otp_secrets")
        .values({ id: crypto.randomUUID(), user_id: id, secret: "SECRET", created_at: at, updated_at: at })
        .execute();
      await db
        .insertInto("passcodes")
        .values({
          id: crypto.randomUUID(),
          user_id: id,
          ttl: 300,
          code: "$2a$10$code",
          try_count: 0,
          created_at: at,
          updated_at: at,
          email_id: created.emails[0].id,
        })
        .execute();
      await db
        .insertInto("identities")
        .values({
          id: crypto.randomUUID(),
          provider_user_id: "g-gone",
          provider_id: "google",
          data: "{}",
          email_id: created.emails[0].id,
          user_id: id,
          created_at: at,
          updated_at: at,
        })
        .execute();
      await webauthnCredentialStore(db).create({
        id: "Z29uZQ",
        userId: id,
        publicKey: "pQECAyYgASFYIA",
        attestationType: "none",
        aaguid: "00000000-0000-0000-0000-000000000000",
        signCount: 0,
        name: "Laptop",
        backupEligible: true,
        backupState: true,
        mfaOnly: false,
        transports: ["internal"],
        createdAt: at,
      });
      const full = await json(await send("GET", `/users/${id}`));

      const response = await send("DELETE", `/users/${id}`);
      expect(response.status).toBe(204);
      expect(await response.text()).toBe("");
      expect((await send("GET", `/users/${id}`)).status).toBe(404);
      for (const table of [
        "sessions",
        "webauthn_credentials",
        "password_credentials",
        "passcodes",
        "otp_secrets",
        "emails",
        "usernames",
        "identities",
      ] as const) {
        const rows = await db.selectFrom(table).select("id").where("user_id", "=", id).execute();
        expect({ table, rows }).toEqual({ table, rows: [] });
      }
      expect(
        await db.selectFrom("webauthn_credential_transports").select("id").where("webauthn_credential_id", "=", "Z29uZQ").execute(),
      ).toEqual([]);
      expect((await stack.deps.runtime.sessions.validate(session.token, { touch: false })).valid).toBe(false);
      expect(stack.events.at(-1)).toEqual({ webhook: "user.delete", userId: id, data: full });
    });

    test("answers 404 for an unknown user and 400 for an id that is no UUID", async () => {
      expect(await error(await send("DELETE", "/users/6f1b4c2a-0000-4000-8000-000000000002"))).toEqual(refused(404, "user not found"));
      expect(await error(await send("DELETE", "/users/not-a-uuid"))).toEqual(refused(400, "failed to parse userId as uuid"));
    });

    test("of two deletions of one user at once, one deletes them and sends the webhook, the other answers Hanko's 404", async () => {
      const user = await create({ username: "deleted_twice" });
      const answers = await Promise.all([1, 2].map(() => send("DELETE", `/users/${user.id}`)));
      expect(answers.map((a) => a.status).sort()).toEqual([204, 404]);
      expect(await error(answers.find((a) => a.status === 404)!)).toEqual(refused(404, "user not found"));
      expect(stack.events.filter((e) => e.webhook === "user.delete" && e.userId === user.id)).toHaveLength(1);
    });
  });
});
