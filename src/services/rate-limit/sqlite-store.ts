import { Database } from "bun:sqlite";
import type { BucketStore } from "./bucket-store.ts";

const SWEEP_EVERY_MS = 60_000;

// One statement, so the read and the write share SQLite's write lock: concurrent takers, also from other
// processes on the same file, are serialised. `remaining` is what is left after this take; -1 marks a refusal.
const TAKE = `
INSERT INTO rate_limit_buckets (key, reset_at, remaining) VALUES ($key, $now + $interval, $tokens - 1)
ON CONFLICT (key) DO UPDATE SET
  remaining = CASE WHEN $now >= reset_at THEN $tokens - 1 ELSE max(remaining - 1, -1) END,
  reset_at = CASE WHEN $now >= reset_at THEN $now + $interval ELSE reset_at END
RETURNING reset_at, remaining`;

/** Buckets in a SQLite file, shared by every process that opens it and kept across restarts. */
export function sqliteBucketStore(path: string): BucketStore {
  const db = new Database(path, { create: true, strict: true });
  // Before anything else, so that even switching to WAL waits for another process instead of failing.
  db.run("PRAGMA busy_timeout = 5000");
  db.run("PRAGMA journal_mode = WAL");
  db.run("CREATE TABLE IF NOT EXISTS rate_limit_buckets (key TEXT PRIMARY KEY, reset_at INTEGER NOT NULL, remaining INTEGER NOT NULL)");
  const take = db.prepare<{ reset_at: number; remaining: number }, { key: string; now: number; interval: number; tokens: number }>(TAKE);
  const sweep = db.prepare<unknown, { now: number }>("DELETE FROM rate_limit_buckets WHERE reset_at <= $now");
  let nextSweep = -Infinity;
  return {
    async takeToken(key, tokens, intervalMs, now) {
      if (now >= nextSweep) {
        sweep.run({ now });
        nextSweep = now + SWEEP_EVERY_MS;
      }
      const row = take.get({ key, now, interval: intervalMs, tokens })!;
      return { allowed: row.remaining >= 0, resetAt: row.reset_at };
    },
    close: () => db.close(),
  };
}
