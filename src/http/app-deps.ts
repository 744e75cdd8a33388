import type { Config } from "../config/schema.ts";
import type { LineSink, Logger } from "../log/logger.ts";
import type { HealthDeps } from "./routes/health.ts";

/** What the HTTP layer is handed by the command that serves it. */
export interface AppDeps {
  config: Config;
  health: HealthDeps;
  log: Logger;
  accessLog: LineSink;
}
