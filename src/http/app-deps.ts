import type { Config } from "../config/schema.ts";
import type { Db } from "../db/connect.ts";
import type { KeyRing } from "../keys/key-ring.ts";
import type { LineSink, Logger } from "../log/logger.ts";
import type { SessionService } from "../session/session-service.ts";

/** What the HTTP layer is handed by the command that serves it. */
export interface AppDeps {
  config: Config;
  db: Db;
  keys: KeyRing;
  sessions: SessionService;
  log: Logger;
  accessLog: LineSink;
}
