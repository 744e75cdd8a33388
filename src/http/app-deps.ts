import type { Config } from "../config/schema.ts";
import type { Db } from "../db/connect.ts";
import type { Runtime } from "../app/runtime.ts";
import type { LineSink, Logger } from "../log/logger.ts";

/** What the HTTP layer is handed by the command that serves it. */
export interface AppDeps {
  config: Config;
  db: Db;
  runtime: Runtime;
  log: Logger;
  accessLog: LineSink;
}
