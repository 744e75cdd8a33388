import { Elysia } from "elysia";
import type { AppDeps } from "./app-deps.ts";
import { apiKeyGuard } from "./admin/api-key-guard.ts";
import { credentialRoutes } from "./admin/credential-routes.ts";
import { emailRoutes } from "./admin/email-routes.ts";
import { metadataRoutes } from "./admin/metadata-routes.ts";
import { otpRoutes } from "./admin/otp-routes.ts";
import { passwordRoutes } from "./admin/password-routes.ts";
import { sessionRoutes } from "./admin/session-routes.ts";
import { adminUserRoutes } from "./admin/user-routes.ts";
import { commonPlugins, lazyRouteTable } from "./common-plugins.ts";

/**
 * The admin API (default :8001): user management for the operator's back end; no CORS, as in Hanko.
 * Unlike Hanko's, it asks for an API key once `server.admin.api_keys` lists any.
 */
export function adminApp(deps: AppDeps) {
  const routes = lazyRouteTable(() => app);
  const app = new Elysia({ name: "admin" })
    .use(commonPlugins(deps, routes))
    .use(apiKeyGuard(deps.config.server.admin.api_keys))
    .use(adminUserRoutes(deps))
    .use(credentialRoutes(deps))
    .use(sessionRoutes(deps))
    .use(metadataRoutes(deps))
    .use(emailRoutes(deps))
    .use(passwordRoutes(deps))
    .use(otpRoutes(deps));
  return app;
}
