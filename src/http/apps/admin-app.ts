import { Elysia } from "elysia";
import type { AppDeps } from "../app-deps.ts";
import { apiKeyGuard } from "../admin/api-key-guard.ts";
import { auditLogRoutes } from "../admin/audit-log-routes.ts";
import { credentialRoutes } from "../admin/credential-routes.ts";
import { emailRoutes } from "../admin/email-routes.ts";
import { metadataRoutes } from "../admin/metadata-routes.ts";
import { otpRoutes } from "../admin/otp-routes.ts";
import { passwordRoutes } from "../admin/password-routes.ts";
import { sessionRoutes } from "../admin/session-routes.ts";
import { adminUserRoutes } from "../admin/user-routes.ts";
import { webhookDeliveryRoutes } from "../admin/webhook-delivery-routes.ts";
import { webhookRoutes } from "../admin/webhook-routes.ts";
import { commonPlugins, lazyRouteTable } from "./common-plugins.ts";
import type { MetricsRegistry } from "../metrics/metrics-registry.ts";
import { metricsRoute } from "../metrics/metrics-route.ts";
import { requestMetrics } from "../metrics/request-metrics.ts";
import { adminApi } from "../openapi/admin-operations.ts";
import { openApiRoute } from "../openapi/openapi-route.ts";

/**
 * The admin API (default :8001): user management for the operator's back end; no CORS, as in Hanko.
 * Unlike Hanko's, it asks for an API key once `server.admin.api_keys` lists any.
 */
export function adminApp(deps: AppDeps, metrics?: MetricsRegistry) {
  const routes = lazyRouteTable(() => app);
  const openApi = openApiRoute(() => app, adminApi(deps.config));
  const app = new Elysia({ name: "admin" })
    .use(requestMetrics(metrics))
    .use(commonPlugins(deps, routes))
    .use(apiKeyGuard(deps.config.server.admin.api_keys))
    .use(metricsRoute(metrics, deps.runtime.webhooks.attempts))
    .use(adminUserRoutes(deps))
    .use(credentialRoutes(deps))
    .use(sessionRoutes(deps))
    .use(metadataRoutes(deps))
    .use(emailRoutes(deps))
    .use(passwordRoutes(deps))
    .use(otpRoutes(deps))
    .use(auditLogRoutes(deps))
    .use(webhookRoutes(deps))
    .use(webhookDeliveryRoutes(deps))
    .use(openApi);
  return app;
}
