import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import type { SqlFamily } from "../db/dialect.ts";
import type { Database, Row } from "../db/tables.ts";

export type AuditLogRow = Row<"audit_logs">;

export interface NewAuditLog {
  type: string;
  error: string | null;
  requestId: string;
  sourceIp: string;
  userAgent: string;
  actorUserId: string | null;
  actorEmail: string | null;
  details: Record<string, unknown> | null;
  createdAt: Date;
}

/**
 * The admin list's filters (Hanko's AuditLogListRequest in backend/handler/audit_log.go at
 * @teamhanko/hanko-elements@2.7.0); empty strings and lists mean no condition.
 */
export interface AuditLogFilter {
  startTime?: Date;
  endTime?: Date;
  types: string[];
  actorUserId: string;
  actorEmail: string;
  sourceIp: string;
  q: string;
}

/** Rows of `audit_logs`: written by the audit-log writer, listed by the admin API, pruned by retention. */
export function auditLogStore(db: Kysely<Database>, family: SqlFamily) {
  return {
    async insert(entry: NewAuditLog): Promise<string> {
      const id = crypto.randomUUID();
      await db
        .insertInto("audit_logs")
        .values({
          id,
          type: entry.type,
          error: entry.error,
          meta_http_request_id: entry.requestId,
          meta_source_ip: entry.sourceIp,
          meta_user_agent: entry.userAgent,
          actor_user_id: entry.actorUserId,
          actor_email: entry.actorEmail,
          details: entry.details === null ? null : JSON.stringify(entry.details),
          created_at: entry.createdAt,
          updated_at: entry.createdAt,
        })
        .execute();
      return id;
    },

    /** The actor's primary address, as an entry records it; none once the user or the address is gone. */
    async primaryEmailOf(userId: string): Promise<string | null> {
      const row = await db
        .selectFrom("primary_emails")
        .innerJoin("emails", "emails.id", "primary_emails.email_id")
        .select("emails.address")
        .where("primary_emails.user_id", "=", userId)
        .executeTakeFirst();
      return row?.address ?? null;
    },

    async count(filter: AuditLogFilter): Promise<number> {
      const row = await db
        .selectFrom("audit_logs")
        .select((eb) => eb.fn.countAll().as("count"))
        .where(matching(filter, family))
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },

    /** Newest first; equal creation times are ordered by id so pages do not overlap. */
    async page(filter: AuditLogFilter, page: { offset: number; limit: number }): Promise<AuditLogRow[]> {
      return db
        .selectFrom("audit_logs")
        .selectAll()
        .where(matching(filter, family))
        .orderBy("created_at", "desc")
        .orderBy("id", "desc")
        .limit(page.limit)
        .offset(page.offset)
        .execute();
    },
  };
}

function matching(filter: AuditLogFilter, family: SqlFamily) {
  return (eb: ExpressionBuilder<Database, "audit_logs">) => {
    // Postgres keeps the actor id as a UUID, which LIKE needs as text; elsewhere it is text already.
    const actorId = family === "postgres" ? sql<string>`cast(actor_user_id as text)` : eb.ref("actor_user_id");
    const like = (text: string) => `%${text}%`;
    const conditions = [];
    if (filter.startTime) conditions.push(eb("created_at", ">", filter.startTime));
    if (filter.endTime) conditions.push(eb("created_at", "<", filter.endTime));
    if (filter.types.length > 0) conditions.push(eb("type", "in", filter.types));
    if (filter.actorUserId !== "") conditions.push(eb(actorId, "like", like(filter.actorUserId)));
    if (filter.actorEmail !== "") conditions.push(eb("actor_email", "like", like(filter.actorEmail)));
    if (filter.sourceIp !== "") conditions.push(eb("meta_source_ip", "like", like(filter.sourceIp)));
    if (filter.q !== "") {
      conditions.push(
        eb.or([
          eb("actor_email", "like", like(filter.q)),
          eb("meta_source_ip", "like", like(filter.q)),
          eb(actorId, "like", like(filter.q)),
        ]),
      );
    }
    return eb.and(conditions);
  };
}
