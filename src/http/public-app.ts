import { Elysia } from "elysia";
import type { AppDeps } from "./app-deps.ts";
import { commonPlugins, lazyRouteTable } from "./common-plugins.ts";
import type { MetricsRegistry } from "./metrics/metrics-registry.ts";
import { requestMetrics } from "./metrics/request-metrics.ts";
import { openApiRoute } from "./openapi/openapi-route.ts";
import { publicApi } from "./openapi/public-operations.ts";
import { cors } from "./plugins/cors.ts";
import { flowRoutes } from "./routes/flows.ts";
import { logoutRoute } from "./routes/logout.ts";
import { meRoute } from "./routes/me.ts";
import { sessionValidationRoutes } from "./routes/session-validation.ts";
import { wellKnownRoutes } from "./routes/well-known.ts";

/** The public API (default :8000): what browsers and hanko-elements talk to. */
export function publicApp(deps: AppDeps, metrics?: MetricsRegistry) {
  const routes = lazyRouteTable(() => app);
  const openApi = openApiRoute(() => app, publicApi(deps.config));
  const { cors: corsConfig } = deps.config.server.public;
  const app = new Elysia({ name: "public" })
    .use(requestMetrics(metrics))
    // After the request id and the access log's arrival note, which a preflight answered here also needs.
    .use(commonPlugins(deps, routes))
    .use(
      cors(
        {
          allowOrigins: corsConfig.allow_origins,
          unsafeWildcardOriginAllowed: corsConfig.unsafe_wildcard_origin_allowed,
          exposeAuthToken: deps.config.session.enable_auth_token_header,
        },
        routes,
      ),
    )
    .use(wellKnownRoutes(deps.runtime.keys, deps.config))
    .use(sessionValidationRoutes(deps.runtime.sessions, deps.config))
    .use(meRoute(deps.db, deps.runtime.sessions, deps.config))
    .use(logoutRoute(deps.db, deps.runtime.sessions, deps.runtime.events, deps.config))
    .use(
      flowRoutes({
        db: deps.db,
        engine: { locker: deps.runtime.locker, log: deps.log, now: () => deps.runtime.clock.now() },
        services: {
          config: deps.config,
          log: deps.log,
          passcodes: deps.runtime.passcodes,
          passwords: deps.runtime.passwords,
          rateLimiter: deps.runtime.rateLimiter,
          mailer: deps.runtime.mailer,
          webauthn: deps.runtime.webauthn,
          sessions: deps.runtime.sessions,
          events: deps.runtime.events,
        },
      }),
    )
    .use(openApi);
  return app;
}
