import { Elysia } from "elysia";
import { auditLogDto } from "../../audit/audit-log-dto.ts";
import { auditLogStore } from "../../store/audit-logs.ts";
import type { AppDeps } from "../app-deps.ts";
import { errorResponse } from "../error-body.ts";
import { parseGoRfc3339 } from "../../gocompat/echo/rfc3339.ts";
import { bindGoInt, boundQueryValue, type GoQuery, parseGoQuery } from "../../gocompat/echo/query.ts";
import { goJsonResponse } from "../../gocompat/echo/json-response.ts";
import { pageWindow } from "./page-window.ts";
import { paginationLink, requestUrlParts } from "./pagination.ts";

const DEFAULT_PER_PAGE = 20n;

/** Echo binds a `[]string` field from every value of the parameter, names matched as for single values. */
function boundQueryValues(query: GoQuery, name: string): string[] {
  const exact = query.get(name);
  if (exact) return exact;
  for (const [key, values] of query) if (key.toLowerCase() === name.toLowerCase()) return values;
  return [];
}

/** The admin API's `GET /audit_logs` (Hanko's backend/handler/audit_log.go): newest first, filtered and paginated like Hanko's. */
export function auditLogRoutes(deps: AppDeps) {
  const { db } = deps;
  return new Elysia({ name: "admin-audit-logs" }).get("/audit_logs", async ({ request }) => {
    const method = request.method;
    const url = requestUrlParts(request);
    const query = parseGoQuery(url.rawQuery);
    // Echo binds in declaration order (per_page, page, start_time, end_time) and reports the first failure.
    const perPageBound = bindGoInt(boundQueryValue(query, "per_page"));
    if (!perPageBound.ok) return errorResponse(400, perPageBound.error, method);
    const pageBound = bindGoInt(boundQueryValue(query, "page"));
    if (!pageBound.ok) return errorResponse(400, pageBound.error, method);
    const times: (Date | undefined)[] = [];
    for (const name of ["start_time", "end_time"]) {
      const text = boundQueryValue(query, name);
      if (text === undefined || text === "") {
        times.push(undefined);
        continue;
      }
      const parsed = parseGoRfc3339(text);
      if (!parsed.ok) return errorResponse(400, parsed.error, method);
      times.push(parsed.date);
    }
    const page = pageBound.value === 0n ? 1n : pageBound.value;
    const perPage = perPageBound.value === 0n ? DEFAULT_PER_PAGE : perPageBound.value;
    const filter = {
      startTime: times[0],
      endTime: times[1],
      types: boundQueryValues(query, "type"),
      actorUserId: boundQueryValue(query, "actor_user_id") ?? "",
      actorEmail: boundQueryValue(query, "actor_email") ?? "",
      sourceIp: boundQueryValue(query, "meta_source_ip") ?? "",
      q: boundQueryValue(query, "q") ?? "",
    };

    // The query clamps what the links keep as requested, as Hanko's paginator does.
    const window = pageWindow(page, perPage, DEFAULT_PER_PAGE);
    if (!window.ok) return errorResponse(400, window.message, method);
    const store = auditLogStore(db.kysely, db.family);
    const [rows, total] = await Promise.all([store.page(filter, { offset: window.offset, limit: window.limit }), store.count(filter)]);
    return goJsonResponse(rows.map(auditLogDto), 200, {
      link: paginationLink(url, total, page, perPage),
      "x-total-count": String(total),
    });
  });
}
