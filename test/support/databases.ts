import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { createConnection } from "mysql2/promise";
import { type Db, openDatabase } from "../../src/db/connect.ts";
import { migrateUp } from "../../src/db/migrations/migrator.ts";
import type { ConnectionTarget } from "../../src/db/connection-settings.ts";
import type { SqlFamily } from "../../src/db/dialect.ts";

/**
 * The databases the suites run against: SQLite always; PostgreSQL and MySQL/MariaDB whenever they
 * answer at TEST_POSTGRES_URL / TEST_MYSQL_URL (default: the local servers). Setting
 * TEST_REQUIRE_DATABASES=postgres,mysql turns an unreachable one into a failure instead of a skip.
 */
const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const MYSQL_URL = process.env.TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
const REQUIRED = new Set((process.env.TEST_REQUIRE_DATABASES ?? "").split(",").filter(Boolean));

export interface TestDatabase {
  family: SqlFamily;
  /** Creates an empty database of this family for one suite; `drop` removes it again. */
  create(): Promise<{ target: ConnectionTarget; url: string; drop(): Promise<void> }>;
}

async function reachable(family: SqlFamily): Promise<boolean> {
  try {
    if (family === "postgres") {
      const client = postgres(POSTGRES_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
      await client`select 1`;
      await client.end();
    } else if (family === "mysql") {
      const connection = await createConnection({ uri: MYSQL_URL, connectTimeout: 3000 });
      await connection.query("select 1");
      await connection.end();
    }
    return true;
  } catch (error) {
    if (REQUIRED.has(family)) throw new Error(`${family} is required (TEST_REQUIRE_DATABASES) but unreachable: ${String(error)}`);
    return false;
  }
}

function scratchName(): string {
  return `hanko_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

const sqlite: TestDatabase = {
  family: "sqlite",
  async create() {
    const dir = mkdtempSync(join(tmpdir(), "hanko-sqlite-"));
    const path = join(dir, "hanko.sqlite");
    return { target: { family: "sqlite", path }, url: `sqlite://${path}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  },
};

const postgresDatabase: TestDatabase = {
  family: "postgres",
  async create() {
    const name = scratchName();
    const admin = postgres(POSTGRES_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = withDatabase(POSTGRES_URL, name);
    return {
      target: { family: "postgres", url },
      url,
      async drop() {
        const admin = postgres(POSTGRES_URL, { max: 1, onnotice: () => {} });
        await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      },
    };
  },
};

const mysqlDatabase: TestDatabase = {
  family: "mysql",
  async create() {
    const name = scratchName();
    const admin = await createConnection({ uri: MYSQL_URL });
    await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
    const url = withDatabase(MYSQL_URL, name);
    return {
      target: { family: "mysql", url },
      url,
      async drop() {
        const admin = await createConnection({ uri: MYSQL_URL });
        await admin.query(`DROP DATABASE IF EXISTS ${name}`);
        await admin.end();
      },
    };
  },
};

/** The databases reachable now, SQLite first. */
export async function testDatabases(): Promise<TestDatabase[]> {
  const found: TestDatabase[] = [sqlite];
  if (await reachable("postgres")) found.push(postgresDatabase);
  if (await reachable("mysql")) found.push(mysqlDatabase);
  return found;
}

/** Opens a fresh scratch database of this kind for one suite, migrated unless asked not to; `dispose` closes and drops it. */
export async function openScratch(
  database: TestDatabase,
  options: { migrated: boolean } = { migrated: true },
): Promise<{ db: Db; dispose(): Promise<void> }> {
  const created = await database.create();
  const db = openDatabase(created.target);
  if (options.migrated) await migrateUp(db);
  return {
    db,
    async dispose() {
      await db.close();
      await created.drop();
    },
  };
}
