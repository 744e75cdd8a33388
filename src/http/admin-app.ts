import { Elysia } from "elysia";
import type { AppDeps } from "./app-deps.ts";
import { commonPlugins, lazyRouteTable } from "./common-plugins.ts";

/** The admin API (default :8001): user management for the operator's back end; no CORS, as in Hanko. */
export function adminApp(deps: AppDeps) {
  const routes = lazyRouteTable(() => app);
  const app = new Elysia({ name: "admin" }).use(commonPlugins(deps, routes));
  return app;
}
