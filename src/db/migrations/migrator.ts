import { type Kysely, sql } from "kysely";
import type { Db } from "../connect.ts";
import { migrationsFor } from "./catalog.ts";
import type { MigrationFile } from "./read-migration-files.ts";

/**
 * Applies and reverts the embedded migrations. Bookkeeping uses pop's `schema_migration` table,
 * as Hanko does, so a database migrated by Hanko is recognised and one migrated here is familiar to
 * Hanko. PostgreSQL and SQLite run each migration in a transaction; MySQL commits DDL implicitly,
 * so there a failed migration is reported with the statement that failed.
 */
export interface MigrationReport {
  applied: string[];
}

// Any Kysely instance: the bookkeeping table is not part of the application's schema types.
type AnyKysely = Kysely<any>;

export async function migrateUp(db: Db): Promise<MigrationReport> {
  const k = db.kysely as AnyKysely;
  await ensureBookkeeping(db);
  const done = await appliedVersions(k);
  const applied: string[] = [];
  for (const migration of migrationsFor(db.family)) {
    if (done.has(migration.version)) continue;
    await run(db, migration, "up");
    applied.push(`${migration.version}_${migration.name}`);
  }
  return { applied };
}

export async function migrateDown(db: Db, steps: number): Promise<MigrationReport> {
  const k = db.kysely as AnyKysely;
  await ensureBookkeeping(db);
  const done = await appliedVersions(k);
  const reverted: string[] = [];
  const newestFirst = [...migrationsFor(db.family)].reverse().filter((m) => done.has(m.version));
  for (const migration of newestFirst.slice(0, steps)) {
    await run(db, migration, "down");
    reverted.push(`${migration.version}_${migration.name}`);
  }
  return { applied: reverted };
}

/** Versions of the embedded migrations that are not yet applied. */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const k = db.kysely as AnyKysely;
  const done = (await bookkeepingExists(k)) ? await appliedVersions(k) : new Set<string>();
  return migrationsFor(db.family)
    .filter((m) => !done.has(m.version))
    .map((m) => `${m.version}_${m.name}`);
}

async function run(db: Db, migration: MigrationFile, direction: "up" | "down"): Promise<void> {
  const statements = splitStatements(migration[direction]);
  const apply = async (k: AnyKysely) => {
    for (const statement of statements) {
      try {
        await sql.raw(statement).execute(k);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(
          `migration ${migration.version}_${migration.name} (${direction}) failed: ${reason}\n  in: ${statement.slice(0, 200)}`,
        );
      }
    }
    if (direction === "up") await k.insertInto("schema_migration").values({ version: migration.version }).execute();
    else await k.deleteFrom("schema_migration").where("version", "=", migration.version).execute();
  };
  if (db.family === "mysql") await apply(db.kysely as AnyKysely);
  else await (db.kysely as AnyKysely).transaction().execute(apply);
}

/** Our migration files end every statement with `;` at the end of a line and use it nowhere else. */
export function splitStatements(text: string): string[] {
  return text
    .split(/;[ \t]*(?:\r?\n|$)/)
    .map((part) => part.replace(/^\s*--.*$/gm, "").trim())
    .filter((part) => part !== "");
}

async function bookkeepingExists(k: AnyKysely): Promise<boolean> {
  const tables = await k.introspection.getTables();
  return tables.some((t) => t.name === "schema_migration");
}

async function ensureBookkeeping(db: Db): Promise<void> {
  const k = db.kysely as AnyKysely;
  if (await bookkeepingExists(k)) return;
  await k.schema
    .createTable("schema_migration")
    .ifNotExists()
    .addColumn("version", "varchar(14)", (c) => c.notNull())
    .execute();
  await k.schema.createIndex("schema_migration_version_idx").unique().on("schema_migration").column("version").execute();
}

async function appliedVersions(k: AnyKysely): Promise<Set<string>> {
  const rows = await k.selectFrom("schema_migration").select("version").execute();
  return new Set(rows.map((r) => String(r.version)));
}
