import type { Config } from "../config/schema.ts";
import type { Db } from "../db/connect.ts";
import type { UserEvent } from "../events/events.ts";
import type { LineSink } from "../log/logger.ts";
import { goTime } from "../profile/go-time.ts";
import { auditLogStore } from "../store/audit-logs.ts";
import { maskDetails, maskEmail } from "./mask.ts";

/** The HTTP request behind an entry: Hanko records its `X-Request-Id`, real IP and user agent. */
export interface AuditRequest {
  id: string;
  ip: string;
  userAgent: string;
}

/**
 * An event as the writer reads it. `request` and `error` are not on `UserEvent` yet; an emitter that
 * passes an event carrying them gets them recorded, any other gets empty request fields and no error.
 */
export type AuditedEvent = UserEvent & { request?: AuditRequest; error?: string };

/**
 * The audit-log listener for the event bus (platform.md §3): every event with an `audit` type becomes
 * a console line and/or an `audit_logs` row, as `audit_log` configures, masked when `audit_log.mask`.
 * A storage error propagates, so the bus reports it.
 */
export function auditLogWriter(settings: Config["audit_log"], db: Db, consoleSink: LineSink, now: () => Date = () => new Date()) {
  const store = auditLogStore(db.kysely, db.family);
  return async (event: AuditedEvent): Promise<void> => {
    if (event.audit === undefined) return;
    if (!settings.console_output.enabled && !settings.storage.enabled) return;
    const at = now();
    const primary = await store.primaryEmailOf(event.userId);
    const email = primary !== null && settings.mask ? maskEmail(primary) : primary;
    const details = event.details === undefined ? null : settings.mask ? maskDetails(event.details) : event.details;
    const request = event.request ?? { id: "", ip: "", userAgent: "" };

    if (settings.console_output.enabled) {
      consoleSink(
        JSON.stringify({
          audience: "audit",
          type: event.audit,
          ...(event.error === undefined ? {} : { error: event.error }),
          http_request_id: request.id,
          source_ip: request.ip,
          user_agent: request.userAgent,
          details,
          time: goTime(at),
          time_unix: String(Math.floor(at.getTime() / 1000)),
          user_id: event.userId,
          ...(email === null ? {} : { user_email: email }),
        }),
      );
    }
    if (settings.storage.enabled) {
      await store.insert({
        type: event.audit,
        error: event.error ?? null,
        requestId: request.id,
        sourceIp: request.ip,
        userAgent: request.userAgent,
        actorUserId: event.userId,
        actorEmail: email,
        details,
        createdAt: at,
      });
    }
  };
}
