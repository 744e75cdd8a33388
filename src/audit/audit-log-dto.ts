import { goTime } from "../gocompat/time.ts";
import type { AuditLogRow } from "../store/audit-logs.ts";

/**
 * The admin API's `AuditLog` (the JSON tags of AuditLog in Hanko's backend/persistence/models/audit_log.go at
 * @teamhanko/hanko-elements@2.7.0): `error`, `actor_user_id` and `actor_email` are left out when null.
 */
export function auditLogDto(row: AuditLogRow) {
  return {
    id: row.id,
    type: row.type,
    ...(row.error === null ? {} : { error: row.error }),
    meta_http_request_id: row.meta_http_request_id,
    meta_source_ip: row.meta_source_ip,
    meta_user_agent: row.meta_user_agent,
    ...(row.actor_user_id === null ? {} : { actor_user_id: row.actor_user_id }),
    ...(row.actor_email === null ? {} : { actor_email: row.actor_email }),
    details: row.details === null ? null : (JSON.parse(row.details) as unknown),
    created_at: goTime(row.created_at),
    updated_at: goTime(row.updated_at),
  };
}
