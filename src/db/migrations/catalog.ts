import type { SqlFamily } from "../dialect.ts";
import type { MigrationFile } from "./read-migration-files.ts";
import { readMigrationFiles } from "./read-migration-files.ts" with { type: "macro" };

const catalog = readMigrationFiles();

/** The migrations of one SQL family, oldest first, as embedded at build time. */
export function migrationsFor(family: SqlFamily): readonly MigrationFile[] {
  return catalog[family];
}
