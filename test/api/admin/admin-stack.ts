import type { Clock } from "../../../src/clock/clock.ts";
import type { Config } from "../../../src/config/schema.ts";
import type { Db } from "../../../src/db/connect.ts";
import type { UserEvent } from "../../../src/events/events.ts";
import { adminApp } from "../../../src/http/apps/admin-app.ts";
import type { AppDeps } from "../../../src/http/app-deps.ts";
import { listen, type RunningApi } from "../../../src/http/listen.ts";
import { testDeps } from "../../support/app.ts";
import { testConfig } from "../../support/config.ts";
import { openScratch, type TestDatabase } from "../../support/databases.ts";

/** An admin API over a scratch database of one kind, recording the events it emits; its runtime reads `clock` when one is given. */
export interface AdminStack {
  db: Db;
  deps: AppDeps;
  api: RunningApi;
  config: Config;
  events: UserEvent[];
  /** What the application logged, one JSON line each. */
  logLines: string[];
  close(): Promise<void>;
}

export async function startAdminStack(database: TestDatabase, overrides: Record<string, unknown> = {}, clock?: Clock): Promise<AdminStack> {
  const { db, dispose } = await openScratch(database);
  const config = testConfig({
    database: { dialect: "sqlite", database: ":memory:" },
    secrets: { keys: ["a-test-secret-of-enough-length"] },
    ...overrides,
  });
  const built = await testDeps(config, db, clock);
  const events: UserEvent[] = [];
  built.deps.runtime.events.subscribe(({ executor: _executor, origin: _origin, ...event }) => {
    events.push(event);
  });
  const api = listen("admin", adminApp(built.deps), "127.0.0.1:0");
  return {
    db,
    deps: built.deps,
    api,
    config,
    events,
    logLines: built.logLines,
    async close() {
      await api.stop();
      built.close();
      await dispose();
    },
  };
}
