import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { userViews } from "../../../src/store/user-views.ts";
import { testDatabases } from "../../support/databases.ts";
import { streamedBody } from "../../support/streamed-body.ts";
import { type AdminStack, startAdminStack } from "./admin-stack.ts";

const MiB = 1024 * 1024;
const TOO_LARGE = { code: 413, message: "Request Entity Too Large" };

describe.each(await testDatabases())("admin request bodies on $family", (database) => {
  let stack: AdminStack;
  beforeAll(async () => {
    stack = await startAdminStack(database);
  });
  afterAll(() => stack.close());

  const newUser = (address: string) => JSON.stringify({ emails: [{ address, is_primary: true, is_verified: true }] });
  const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
    fetch(`${stack.api.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
      duplex: "half",
    } as RequestInit);

  test("a chunked body over the megabyte is a 413, refused before the client has sent it all, and creates nothing", async () => {
    const streamed = streamedBody(127 * MiB, newUser("huge@example.com"));
    const response = await post("/users", streamed.body);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual(TOO_LARGE);
    expect(response.headers.get("connection")).toBe("close");
    expect(streamed.pushed()).toBeLessThan(8 * MiB);
    expect(await userViews(stack.db.kysely).byEmail("huge@example.com")).toBeUndefined();
  });

  test("a body declared over the megabyte is a 413 too", async () => {
    const response = await post("/users", newUser("declared@example.com").padEnd(2 * MiB, " "));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual(TOO_LARGE);
  });

  test("a chunked body just under the megabyte is read", async () => {
    const response = await post("/users", streamedBody(MiB - 1, newUser("large@example.com")).body);
    expect(response.status).toBe(200);
    expect(await userViews(stack.db.kysely).byEmail("large@example.com")).toBeDefined();
  });

  test("every admin route that reads a body refuses an over-long one alike", async () => {
    const user = (await (await post("/users", newUser("routes@example.com"))).json()) as { id: string };
    const routes = [
      ["POST", "/sessions"],
      ["POST", "/webhooks"],
      ["PUT", `/webhooks/${crypto.randomUUID()}`],
      ["PATCH", `/users/${user.id}`],
      ["PATCH", `/users/${user.id}/metadata`],
      ["POST", `/users/${user.id}/emails`],
      ["POST", `/users/${user.id}/password`],
      ["PUT", `/users/${user.id}/password`],
    ];
    for (const [method, path] of routes) {
      const response = await fetch(`${stack.api.url}${path}`, {
        method,
        headers: { "content-type": "application/json" },
        body: streamedBody(16 * MiB, "{}").body,
        duplex: "half",
      } as RequestInit);
      expect({ method, path, status: response.status, body: await response.json() }).toEqual({
        method,
        path,
        status: 413,
        body: TOO_LARGE,
      });
    }
  });
});
