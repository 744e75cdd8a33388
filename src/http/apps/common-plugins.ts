import { Elysia } from "elysia";
import type { AppDeps } from "../app-deps.ts";
import { accessLog } from "../plugins/access-log.ts";
import { hankoErrors } from "../plugins/errors.ts";
import { requestId } from "../plugins/request-id.ts";
import { type RouteTable, routeTable } from "../route-table.ts";
import { healthRoutes } from "../routes/health.ts";
import { statusPage } from "../routes/status-page.ts";

/**
 * What both APIs share: request ids, the access log, Hanko's error bodies, the status page and
 * the health checks. `routes` is read lazily because the table is complete only once the caller
 * has added its own routes.
 */
export function commonPlugins(deps: AppDeps, routes: () => RouteTable) {
  return new Elysia({ name: "common" })
    .use(requestId)
    .use(
      accessLog({
        sink: deps.accessLog,
        format: deps.config.log.format,
        logHealthAndMetrics: deps.config.log.log_health_and_metrics,
        ip: deps.config.server.ip,
      }),
    )
    .use(hankoErrors(routes, deps.log))
    .use(statusPage(deps.db, deps.config.service.name))
    .use(healthRoutes(deps.db));
}

/** Builds the route table of an app once, on first use. */
export function lazyRouteTable(app: () => Elysia<any, any, any, any, any, any, any>): () => RouteTable {
  let table: RouteTable | undefined;
  return () => {
    table ??= routeTable(app().routes);
    return table;
  };
}
