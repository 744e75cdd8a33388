import { loadConfig } from "../config/load.ts";
import type { Config } from "../config/schema.ts";
import { type Db, openDatabase } from "../db/connect.ts";
import { connectionTarget } from "../db/connection-settings.ts";
import type { CliIo } from "./command.ts";

/** Loads the configuration a command names, passing the loader's warnings on to stderr. */
export function configFor(path: string | undefined, io: CliIo): Config {
  const { config, warnings } = loadConfig({ path, env: io.env });
  for (const warning of warnings) io.stderr(`warning: ${warning}\n`);
  return config;
}

export function databaseFor(config: Config): Db {
  return openDatabase(connectionTarget(config.database));
}
