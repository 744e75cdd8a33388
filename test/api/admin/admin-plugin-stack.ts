import type { AnyElysia } from "elysia";
import { Elysia } from "elysia";
import type { UserEvent } from "../../../src/events/events.ts";
import { apiKeyGuard } from "../../../src/http/admin/api-key-guard.ts";
import type { AppDeps } from "../../../src/http/app-deps.ts";
import { commonPlugins, lazyRouteTable } from "../../../src/http/common-plugins.ts";
import { listen } from "../../../src/http/listen.ts";
import { testDeps } from "../../support/app.ts";
import { testConfig } from "../../support/config.ts";
import { openScratch, type TestDatabase } from "../../support/databases.ts";
import type { AdminStack } from "./admin-stack.ts";

/**
 * An admin API serving one route plugin, mounted as `src/http/admin-app.ts` mounts the users routes,
 * over a scratch database of one kind and recording the events it emits. The users routes come
 * along so tests can create users through the API.
 */
export async function startAdminPluginStack(
  database: TestDatabase,
  plugins: ((deps: AppDeps) => AnyElysia)[],
  overrides: Record<string, unknown> = {},
): Promise<AdminStack> {
  const { db, dispose } = await openScratch(database);
  const config = testConfig({
    database: { dialect: "sqlite", database: ":memory:" },
    secrets: { keys: ["a-test-secret-of-enough-length"] },
    ...overrides,
  });
  const built = await testDeps(config, db);
  const events: UserEvent[] = [];
  built.deps.runtime.events.subscribe((event) => {
    events.push(event);
  });
  const routes = lazyRouteTable(() => app);
  let app = new Elysia({ name: "admin" }).use(commonPlugins(built.deps, routes)).use(apiKeyGuard(built.deps.config.server.admin.api_keys));
  for (const plugin of plugins) app = app.use(plugin(built.deps)) as typeof app;
  const api = listen("admin", app, "127.0.0.1:0");
  return {
    db,
    deps: built.deps,
    api,
    config,
    events,
    async close() {
      await api.stop();
      built.close();
      await dispose();
    },
  };
}
