import { describe, expect, test } from "bun:test";
import { routeTable } from "../../../src/http/route-table.ts";

describe("the route table", () => {
  const table = routeTable([
    { method: "GET", path: "/users/:id" },
    { method: "DELETE", path: "/users/:id" },
    { method: "get", path: "/health/alive" },
    { method: "POST", path: "/files/*" },
  ]);

  test("lists every method served for a path, matching parameters", () => {
    expect(table.methodsFor("/users/42")).toEqual(["GET", "DELETE"]);
    expect(table.methodsFor("/health/alive")).toEqual(["GET"]);
    expect(table.methodsFor("/files/a/b/c")).toEqual(["POST"]);
  });

  test("lists nothing for a path no route serves", () => {
    expect(table.methodsFor("/users")).toEqual([]);
    expect(table.methodsFor("/users/42/emails")).toEqual([]);
    expect(table.methodsFor("/health.alive")).toEqual([]);
  });
});
