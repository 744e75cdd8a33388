import type { Config } from "../../src/config/schema.ts";
import type { Db } from "../../src/db/connect.ts";
import { startRuntime } from "../../src/cli/runtime.ts";
import type { AppDeps } from "../../src/http/app-deps.ts";
import { createLogger } from "../../src/log/logger.ts";

/** The dependencies `serve` builds, over a migrated test database, with logs kept for inspection. */
export async function testDeps(
  config: Config,
  db: Db,
): Promise<{ deps: AppDeps; logLines: string[]; accessLines: string[]; close(): void }> {
  const logLines: string[] = [];
  const accessLines: string[] = [];
  const log = createLogger((line) => logLines.push(line));
  const runtime = await startRuntime(config, db, log);
  return {
    deps: { config, db, runtime, log, accessLog: (line) => accessLines.push(line) },
    logLines,
    accessLines,
    close: () => runtime.close(),
  };
}
