import type { Clock } from "../clock/clock.ts";
import type { Config } from "../config/schema.ts";
import { parseDuration } from "../gocompat/duration.ts";
import type { Db } from "../db/connect.ts";
import type { Logger } from "../log/logger.ts";
import { CLEANUP_TABLES, deleteExpired } from "./expired-rows.ts";

/** Small pages keep each statement's locks short while requests are being served. */
const PAGE_SIZE = 500;

/** One pass over every table; answers what went, per table. */
export async function cleanupOnce(config: Config, db: Db, now: Date): Promise<Record<string, number>> {
  const deleted: Record<string, number> = {};
  for (const table of CLEANUP_TABLES) deleted[table] = await deleteExpired(db, table, config, now, PAGE_SIZE);
  return deleted;
}

/**
 * Runs a pass every `cleanup.interval`, the first one a random part of an interval after start so
 * that nodes started together do not all clean at once. Returns the function that stops it, which
 * waits for a pass in progress so that the database is not closed under it.
 */
export function startPeriodicCleanup(config: Config, db: Db, log: Logger, clock: Clock): () => Promise<void> {
  if (!config.cleanup.enabled) return async () => {};
  const intervalMs = parseDuration(config.cleanup.interval);
  let current: Promise<void> | undefined;
  const pass = () => {
    current ??= cleanupOnce(config, db, clock.now())
      .then(
        (deleted) => {
          if (Object.values(deleted).some((n) => n > 0)) log.info("deleted expired rows", deleted);
        },
        (error: unknown) => log.error("cleanup failed", { error: error instanceof Error ? error.message : String(error) }),
      )
      .finally(() => {
        current = undefined;
      });
  };
  let interval: ReturnType<typeof setInterval> | undefined;
  const first = setTimeout(
    () => {
      pass();
      interval = setInterval(pass, intervalMs);
      interval.unref();
    },
    Math.floor(Math.random() * intervalMs),
  );
  // A pending pass must not keep a finishing process alive.
  first.unref();
  return async () => {
    clearTimeout(first);
    clearInterval(interval);
    await current;
  };
}
