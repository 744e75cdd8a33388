import { describe, expect, test } from "bun:test";
import { connectionTarget, type DatabaseSettings } from "../../../src/db/connection-settings.ts";

const fields: DatabaseSettings = {
  url: "",
  dialect: "postgres",
  host: "db.local",
  port: "5432",
  database: "hanko",
  user: "hanko",
  password: "p@ss:word",
};

describe("where the database settings point", () => {
  test("Hanko's single fields make a PostgreSQL URL with the password escaped", () => {
    expect(connectionTarget(fields)).toEqual({ family: "postgres", url: "postgres://hanko:p%40ss%3Aword@db.local:5432/hanko" });
  });

  test("mariadb and mysql dialects both connect as MySQL", () => {
    expect(connectionTarget({ ...fields, dialect: "mariadb", port: "3306" })).toEqual({
      family: "mysql",
      url: "mysql://hanko:p%40ss%3Aword@db.local:3306/hanko",
    });
    expect(connectionTarget({ ...fields, dialect: "mysql", port: "3306" }).family).toBe("mysql");
  });

  test("cockroach connects with the PostgreSQL protocol", () => {
    expect(connectionTarget({ ...fields, dialect: "cockroach" }).family).toBe("postgres");
  });

  test("sqlite takes database as the file path and needs nothing else", () => {
    expect(connectionTarget({ ...fields, dialect: "sqlite", database: "./data/hanko.sqlite" })).toEqual({
      family: "sqlite",
      path: "./data/hanko.sqlite",
    });
  });

  test("a URL wins over the single fields", () => {
    expect(connectionTarget({ ...fields, url: "postgres://other@elsewhere:6543/x?sslmode=disable" })).toEqual({
      family: "postgres",
      url: "postgres://other@elsewhere:6543/x?sslmode=disable",
    });
    expect(connectionTarget({ ...fields, url: "postgresql://a@b/c" }).family).toBe("postgres");
    expect(connectionTarget({ ...fields, url: "sqlite:///var/lib/hanko/hanko.sqlite" })).toEqual({
      family: "sqlite",
      path: "/var/lib/hanko/hanko.sqlite",
    });
  });

  test("Hanko's Go-style MySQL URL becomes a standard one", () => {
    expect(
      connectionTarget({ ...fields, url: "mysql://hanko:secret@tcp(db.local:3306)/hanko?parseTime=true&multiStatements=true" }),
    ).toEqual({
      family: "mysql",
      url: "mysql://hanko:secret@db.local:3306/hanko",
    });
  });

  test("an unknown URL scheme is refused by name", () => {
    expect(() => connectionTarget({ ...fields, url: "oracle://x@y/z" })).toThrow('unsupported database dialect "oracle"');
  });
});
