import type { Config } from "../config/schema.ts";
import { parseDuration } from "../config/duration.ts";
import type { Db } from "../db/connect.ts";
import type { Logger } from "../log/logger.ts";
import { auditLogStore } from "../store/audit-logs.ts";

/** Deletes the entries created longer than `audit_log.retention` ago; answers how many went. */
export async function pruneAuditLogs(settings: Config["audit_log"], db: Db, now: () => Date = () => new Date()): Promise<number> {
  const cutoff = new Date(now().getTime() - parseDuration(settings.retention));
  return auditLogStore(db.kysely, db.family).deleteCreatedBefore(cutoff);
}

/**
 * Prunes every `intervalMs` until the returned function is called. Each node may run this: the
 * deletion is one statement with a cutoff, so overlapping runs only find less to delete.
 */
export function startAuditLogRetention(settings: Config["audit_log"], db: Db, log: Logger, intervalMs: number): () => void {
  const timer = setInterval(() => {
    pruneAuditLogs(settings, db).then(
      (deleted) => {
        if (deleted > 0) log.info("deleted expired audit logs", { count: deleted });
      },
      (error: unknown) => log.error("audit log retention failed", { error: error instanceof Error ? error.message : String(error) }),
    );
  }, intervalMs);
  // A pending prune must not keep a finishing process alive.
  timer.unref();
  return () => clearInterval(timer);
}
