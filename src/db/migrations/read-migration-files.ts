import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface MigrationFile {
  /** Hanko's (pop's) 14-digit version, recorded in `schema_migration`. */
  version: string;
  name: string;
  up: string;
  down: string;
}

export type MigrationCatalog = Record<"postgres" | "mysql" | "sqlite", MigrationFile[]>;

const FILE_NAME = /^(\d{14})_(\w+)\.(up|down)\.sql$/;

/**
 * Reads `migrations/<family>/*.sql`. Imported as a Bun macro, so it runs while the source is
 * bundled and the SQL text becomes part of the executable.
 */
export function readMigrationFiles(): MigrationCatalog {
  const root = join(import.meta.dir, "..", "..", "..", "migrations");
  return {
    postgres: readFamily(join(root, "postgres")),
    mysql: readFamily(join(root, "mysql")),
    sqlite: readFamily(join(root, "sqlite")),
  };
}

function readFamily(dir: string): MigrationFile[] {
  const byVersion = new Map<string, MigrationFile>();
  for (const file of readdirSync(dir).sort()) {
    const match = FILE_NAME.exec(file);
    if (!match) throw new Error(`migrations: unexpected file ${join(dir, file)}`);
    const [, version = "", name = "", direction] = match;
    const entry = byVersion.get(version) ?? { version, name, up: "", down: "" };
    entry[direction === "up" ? "up" : "down"] = readFileSync(join(dir, file), "utf8");
    byVersion.set(version, entry);
  }
  for (const entry of byVersion.values()) {
    if (entry.up === "" || entry.down === "") throw new Error(`migrations: ${dir}/${entry.version} needs both up and down`);
  }
  return [...byVersion.values()];
}
