import type { Config } from "../config/schema.ts";
import { fitToColumn } from "../db/column-width.ts";
import type { SqlFamily } from "../db/dialect.ts";
import type { EmittedEvent } from "../events/events.ts";
import type { LineSink } from "../log/logger.ts";
import { goTime } from "../gocompat/time.ts";
import { auditLogStore } from "../store/audit-logs.ts";
import { maskDetails, maskEmail } from "./mask.ts";

/**
 * The audit-log listener for the event bus (Hanko's backend/audit_log/logger.go at
 * @teamhanko/hanko-elements@2.7.0): every event with an `audit` type becomes a console line and/or an
 * `audit_logs` row, as `audit_log` configures, masked when `audit_log.mask`.
 * The row is written on the event's connection, in the operation's transaction where it has one; a
 * storage error propagates, so a required subscription fails the operation.
 */
export function auditLogWriter(
  settings: Config["audit_log"],
  family: SqlFamily,
  consoleSink: LineSink,
  now: () => Date = () => new Date(),
) {
  return async (event: EmittedEvent): Promise<void> => {
    if (event.audit === undefined) return;
    if (!settings.console_output.enabled && !settings.storage.enabled) return;
    const at = now();
    const store = auditLogStore(event.executor, family);
    const primary = event.userId === null ? null : await store.primaryEmailOf(event.userId);
    const email = primary !== null && settings.mask ? maskEmail(primary) : primary;
    const details = event.details === undefined ? null : settings.mask ? maskDetails(event.details) : event.details;
    // Every text of the entry may come from the client (a long User-Agent; a failure's text quoting the
    // request, as a WebAuthn library's does), and is cut to its 255-character column, so that a refused
    // attempt is still recorded and refused, not a 500.
    const origin = {
      requestId: fitToColumn(event.origin.requestId),
      ip: fitToColumn(event.origin.ip),
      userAgent: fitToColumn(event.origin.userAgent),
    };
    const error = event.error === undefined ? null : fitToColumn(event.error);

    // Stored first, as Hanko does: a line for an entry that failed to store would claim what did not happen.
    if (settings.storage.enabled) {
      await store.insert({
        type: event.audit,
        error,
        requestId: origin.requestId,
        sourceIp: origin.ip,
        userAgent: origin.userAgent,
        actorUserId: event.userId,
        actorEmail: email,
        details,
        createdAt: at,
      });
    }
    if (settings.console_output.enabled) {
      consoleSink(
        JSON.stringify({
          audience: "audit",
          type: event.audit,
          error: error ?? "",
          http_request_id: origin.requestId,
          source_ip: origin.ip,
          user_agent: origin.userAgent,
          details,
          time: goTime(at),
          time_unix: String(Math.floor(at.getTime() / 1000)),
          ...(event.userId === null ? {} : { user_id: event.userId, ...(email === null ? {} : { user_email: email }) }),
        }),
      );
    }
  };
}
