import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { loadConfig } from "../../src/config/load.ts";
import type { Config } from "../../src/config/schema.ts";

/** Writes `settings` as a config.yaml in a fresh directory and returns its path. */
export function writeConfigFile(settings: Record<string, unknown>): string {
  const path = join(mkdtempSync(join(tmpdir(), "hanko-config-")), "config.yaml");
  writeFileSync(path, stringify(settings));
  return path;
}

/** A configuration loaded the way the server loads one, from YAML with no environment overrides. */
export function testConfig(settings: Record<string, unknown>): Config {
  return loadConfig({ path: writeConfigFile(settings), env: {} }).config;
}

export function sqliteSettings(path: string): Record<string, unknown> {
  return { database: { dialect: "sqlite", database: path }, secrets: { keys: ["a-test-secret-of-enough-length"] } };
}
