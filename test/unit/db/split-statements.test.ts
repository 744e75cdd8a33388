import { describe, expect, test } from "bun:test";
import { migrationsFor } from "../../../src/db/migrations/catalog.ts";
import { splitStatements } from "../../../src/db/migrations/migrator.ts";

describe("splitting a migration file into statements", () => {
  test("splits at a semicolon that ends a line and drops comment lines", () => {
    expect(splitStatements("-- why\nCREATE TABLE a (x INT);\n\nCREATE INDEX i ON a (x);  \n-- trailing\n")).toEqual([
      "CREATE TABLE a (x INT)",
      "CREATE INDEX i ON a (x)",
    ]);
  });

  test("every embedded migration splits into statements that each hold one command", () => {
    for (const family of ["postgres", "mysql", "sqlite"] as const) {
      const migrations = migrationsFor(family);
      expect(migrations.length).toBeGreaterThan(0);
      for (const migration of migrations) {
        for (const statement of [...splitStatements(migration.up), ...splitStatements(migration.down)]) {
          expect(statement).toMatch(/^(CREATE|DROP|ALTER|INSERT|UPDATE|DELETE)\b/i);
          expect(statement).not.toContain(";");
        }
      }
    }
  });
});
