import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { adminApp } from "../../../src/http/apps/admin-app.ts";
import { userStore } from "../../../src/store/users.ts";
import { userViews } from "../../../src/store/user-views.ts";
import { testDatabases } from "../../support/databases.ts";
import { type AdminStack, startAdminStack } from "./admin-stack.ts";

/** Path parameters: a real user (twice: Hanko's UUIDs parse upper case), an unknown one, and what no route should choke on. */
const idsFor = (userId: string) => [
  userId,
  userId.toUpperCase(),
  crypto.randomUUID(),
  "00000000-0000-0000-0000-000000000000",
  "nope",
  "%00",
  "%E2%82",
  "x".repeat(3000),
];

const LONG = "u".repeat(300);
const BODIES = [
  undefined,
  "",
  "{",
  "[]",
  "null",
  "1",
  '"s"',
  "{}",
  "\u0000\uffff",
  '{"a":'.repeat(2000) + "1" + "}".repeat(2000),
  JSON.stringify({
    password: 1,
    address: [],
    email: {},
    user_id: null,
    callback: [1],
    events: "x",
    enabled: "yes",
    public: 1,
    private: [],
    unsafe: "x",
    emails: [{ address: null, is_primary: "x" }],
    id: 5,
    created_at: "yesterday",
    ip_address: 1,
    user_agent: {},
  }).replace('"password":1', '"password":1,"username":1e400'),
  JSON.stringify({ emails: [{ address: "long@example.com", is_primary: true }], username: LONG }),
  JSON.stringify({ username: LONG, name: LONG, given_name: LONG, family_name: LONG }),
  JSON.stringify({ name: LONG }),
  JSON.stringify({ public: { a: "x".repeat(5000) } }),
  JSON.stringify({ callback: "javascript:alert(1)", events: ["user.create", "user.create"], enabled: true }),
  JSON.stringify({ address: `${"a".repeat(300)}@example.com` }),
  JSON.stringify({ password: "ü".repeat(100) }),
];
const QUERIES = [
  "",
  "?page=-1&per_page=0",
  "?page=99999999999999999999&per_page=1e9",
  "?page=a&per_page=b",
  "?user_id=nope,,x&sort_direction=sideways",
  "?start_time=garbage&end_time=2020-13-45&type=x&q=%25",
];

describe.each(await testDatabases())("the admin API under hostile input on $family", (database) => {
  let stack: AdminStack;
  beforeAll(async () => {
    stack = await startAdminStack(database);
  });
  afterAll(() => stack.close());

  test("every route answers malformed ids, bodies and queries with a 4xx in Hanko's error format, never a 5xx", async () => {
    const user = await userStore(stack.db.kysely).create({ email: { address: "target@example.com", verified: true } });
    const routes = adminApp(stack.deps).routes.filter((r) => r.path !== "/metrics");
    expect(routes.length).toBeGreaterThan(30);
    const failures: string[] = [];
    for (const route of routes) {
      // The real user's id goes to every route but the deletions, which would rightly remove something.
      for (const id of route.method === "DELETE" ? idsFor(user.id).slice(2) : idsFor(user.id)) {
        const path = route.path.replace(/:[a-z_]+/g, id);
        const withBody = route.method !== "GET" && route.method !== "DELETE";
        for (const query of route.method === "GET" ? QUERIES : [""]) {
          for (const body of withBody ? BODIES : [undefined]) {
            for (const type of body === undefined ? [undefined] : ["application/json", "text/plain"]) {
              const response = await fetch(`${stack.api.url}${path}${query}`, {
                method: route.method,
                body,
                headers: type === undefined ? {} : { "content-type": type },
              });
              const text = await response.text();
              const shown = `${route.method} ${path.slice(0, 60)}${query} ${(body ?? "").slice(0, 40)}`;
              if (response.status >= 500) failures.push(`${response.status} ${shown}: ${text.slice(0, 120)}`);
              else if (response.status >= 400 && !/^\{"code":\d{3},"message":/.test(text))
                failures.push(`not Hanko's error body: ${shown}`);
            }
          }
        }
      }
    }
    expect(failures).toEqual([]);
    // Nothing of it reached the user's sign-in data.
    const after = await userViews(stack.db.kysely).byId(user.id);
    expect(after?.emails.map((e) => e.address)).toEqual(["target@example.com"]);
  }, 120_000);
});
