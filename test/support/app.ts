import type { Clock } from "../../src/clock/clock.ts";
import type { Config } from "../../src/config/schema.ts";
import type { Db } from "../../src/db/connect.ts";
import { startRuntime } from "../../src/app/runtime.ts";
import type { AppDeps } from "../../src/http/app-deps.ts";
import { createLogger } from "../../src/log/logger.ts";

/** The dependencies `serve` builds, over a migrated test database, with logs kept for inspection; the system clock unless one is given. */
export async function testDeps(
  config: Config,
  db: Db,
  clock?: Clock,
): Promise<{ deps: AppDeps; logLines: string[]; accessLines: string[]; auditLines: string[]; close(): void }> {
  const logLines: string[] = [];
  const accessLines: string[] = [];
  const auditLines: string[] = [];
  const log = createLogger((line) => logLines.push(line));
  const runtime = await startRuntime(config, db, log, { audit: (line) => auditLines.push(line), clock });
  return {
    deps: { config, db, runtime, log, accessLog: (line) => accessLines.push(line) },
    logLines,
    accessLines,
    auditLines,
    close: () => runtime.close(),
  };
}
