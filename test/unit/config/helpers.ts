import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../../../src/config/errors.ts";
import { loadConfig, type LoadedConfig } from "../../../src/config/load.ts";

/** Writes `yaml` to a config.yaml in a fresh temporary directory and returns its path. */
export function writeYaml(yaml: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "hanko-config-test-")), "config.yaml");
  writeFileSync(path, yaml);
  return path;
}

// Keeps the configuration valid on its own, so a test only sees the problem it provokes.
export const VALID_DATABASE = `
database:
  dialect: sqlite
  database: ./test.sqlite
`;
export const VALID_SECRETS = `
secrets:
  keys:
    - a-test-secret-that-is-long-enough
`;
export const VALID_BASE = VALID_DATABASE + VALID_SECRETS;

/** Loads YAML (appended to nothing, so pass VALID_BASE yourself when needed) with the given env. */
export function load(yaml: string, env: Record<string, string> = {}): LoadedConfig {
  return loadConfig({ path: writeYaml(yaml), env });
}

/** The ConfigError thrown by `run`; fails the test when nothing is thrown. */
export function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError, but the configuration was accepted");
}

/** The problem lines (`  - key: ...`) of the error thrown while loading `yaml`. */
export function problemLines(yaml: string, env: Record<string, string> = {}): string[] {
  return configErrorOf(() => load(yaml, env))
    .message.split("\n")
    .filter((line) => line.startsWith("  - "));
}

/** The one problem line about `key`; fails when there is none. */
export function lineFor(lines: string[], key: string): string {
  const line = lines.find((l) => l.startsWith(`  - ${key}: `));
  if (line === undefined) throw new Error(`no problem reported for ${key}; got:\n${lines.join("\n")}`);
  return line;
}
