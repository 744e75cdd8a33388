import { Database as BunDatabase } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { Kysely, type KyselyConfig, MysqlDialect, SqliteDialect, sql } from "kysely";
import { PostgresJSDialect } from "kysely-postgres-js";
import { createPool, type TypeCastField } from "mysql2";
import postgres from "postgres";
import type { ConnectionTarget } from "./connection-settings.ts";
import type { SqlFamily } from "./dialect.ts";
import { asKyselySqliteDatabase } from "./sqlite/bun-sqlite-database.ts";
import { SqliteColumnValuesPlugin } from "./sqlite/column-values.ts";
import type { Database } from "./tables.ts";

/** An open database: the typed query builder plus what the dialect-neutral code needs to know. */
export interface Db {
  readonly family: SqlFamily;
  readonly kysely: Kysely<Database>;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Hanko's pool size (fixed in the tag we match). */
const POOL_SIZE = 5;

export function openDatabase(target: ConnectionTarget): Db {
  const kysely = new Kysely<Database>(kyselyConfigFor(target));
  return {
    family: target.family,
    kysely,
    ping: async () => {
      await sql`select 1`.execute(kysely);
    },
    close: () => kysely.destroy(),
  };
}

function kyselyConfigFor(target: ConnectionTarget): KyselyConfig {
  switch (target.family) {
    case "sqlite":
      return { dialect: sqliteDialect(target.path), plugins: [new SqliteColumnValuesPlugin()] };
    case "postgres":
      return {
        dialect: new PostgresJSDialect({
          postgres: postgres(target.url, {
            max: POOL_SIZE,
            idle_timeout: 300,
            max_lifetime: 3600,
            onnotice: () => {},
            // Hanko's columns are `timestamp without time zone` holding UTC; pin the session zone so
            // Date parameters (sent as timestamptz) convert without a shift, and read them back as UTC.
            connection: { TimeZone: "UTC" },
            types: {
              utcTimestamp: {
                to: 1114,
                from: [1114],
                serialize: (value: Date) => value.toISOString(),
                parse: (value: string) => new Date(`${value.replace(" ", "T")}Z`),
              },
            },
          }),
        }),
      };
    case "mysql":
      return {
        dialect: new MysqlDialect({
          pool: createPool({
            uri: target.url,
            connectionLimit: POOL_SIZE,
            maxIdle: 0,
            idleTimeout: 300_000,
            timezone: "Z",
            typeCast: booleansFromTinyint,
          }),
        }),
      };
  }
}

function sqliteDialect(path: string): SqliteDialect {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new BunDatabase(path, { create: true, strict: true });
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA busy_timeout = 5000");
  db.exec("PRAGMA foreign_keys = ON");
  return new SqliteDialect({ database: asKyselySqliteDatabase(db) });
}

/** MySQL's BOOLEAN is TINYINT(1); hand the application real booleans, as PostgreSQL does. */
function booleansFromTinyint(field: TypeCastField, next: () => unknown): unknown {
  if (field.type === "TINY" && field.length === 1) {
    const value = field.string();
    return value === null ? null : value === "1";
  }
  return next();
}
