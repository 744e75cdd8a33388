import { startPeriodicCleanup } from "../cleanup/periodic-cleanup.ts";
import { pendingMigrations } from "../db/migrations/migrator.ts";
import type { AppDeps } from "../http/app-deps.ts";
import { adminApp } from "../http/apps/admin-app.ts";
import { isLoopbackListenAddress } from "../http/admin/loopback.ts";
import { listen, type RunningApi } from "../http/listen.ts";
import { MetricsRegistry } from "../http/metrics/metrics-registry.ts";
import { publicApp } from "../http/apps/public-app.ts";
import { signInPageApp } from "../http/sign-in-page/app.ts";
import { createLogger, stdoutSink } from "../log/logger.ts";
import type { Config } from "../config/schema.ts";
import type { Command } from "./command.ts";
import { configFor, databaseFor } from "./context.ts";
import { startRuntime } from "../app/runtime.ts";
import { CONFIG_FLAG, parseFlags } from "./flags.ts";
import { UsageError } from "./usage-error.ts";

const usage = `Usage: hanko serve public|admin|all [--config PATH]

Serves the public API (server.public.address, default :8000), the admin API
(server.admin.address, default :8001), or both. The database must be migrated
first (hanko migrate up). SIGTERM or SIGINT stops accepting connections,
answers the requests in flight, then exits.

Flags:
  --config PATH   configuration file (default ./config/config.yaml)
  -h, --help      show this help
`;

const TARGETS = ["public", "admin", "all"] as const;
export type Target = (typeof TARGETS)[number];

export const serve: Command = {
  name: "serve",
  summary: "serve the public API, the admin API, or both",
  usage,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, CONFIG_FLAG, usage);
    const [target, ...rest] = positionals;
    if (!TARGETS.includes(target as Target)) {
      throw new UsageError(
        target === undefined ? "say what to serve: public, admin or all" : `unknown target "${target}"; use public, admin or all`,
        usage,
      );
    }
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`, usage);

    const config = configFor(values.config, io);
    const log = createLogger();
    const db = databaseFor(config);
    const pending = await pendingMigrations(db);
    if (pending.length > 0) {
      await db.close();
      io.stderr(`the database is not migrated (${pending.length} pending: ${pending.join(", ")}); run "hanko migrate up" first\n`);
      return 1;
    }

    const runtime = await startRuntime(config, db, log, { clock: io.clock }).catch(async (error: unknown) => {
      await db.close();
      throw error;
    });
    const deps: AppDeps = { config, db, runtime, log, accessLog: stdoutSink };
    const running: RunningApi[] = [];
    // As in Hanko, Prometheus metrics of both APIs, served on the admin port, only with `serve all`.
    const metrics = target === "all" ? new MetricsRegistry() : undefined;
    if (target === "public" || target === "all") running.push(listen("public API", publicApp(deps, metrics), config.server.public.address));
    if (target === "admin" || target === "all") running.push(listen("admin API", adminApp(deps, metrics), config.server.admin.address));
    if (config.sign_in_page.enabled && (target === "public" || target === "all")) {
      running.push(listen("sign-in page", signInPageApp(config), config.sign_in_page.address));
    }
    for (const api of running) log.info(`${api.name} listening`, { url: api.url });
    for (const warning of riskyDefaults(config, target as Target)) log.warn(warning);
    const stopCleanup = startPeriodicCleanup(config, db, log, runtime.clock);
    runtime.webhooks.start();

    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      process.once("SIGTERM", () => resolve("SIGTERM"));
      process.once("SIGINT", () => resolve("SIGINT"));
    });
    log.info("shutting down", { signal });
    await Promise.all(running.map((api) => api.stop()));
    await stopCleanup();
    await runtime.webhooks.stop();
    runtime.close();
    await db.close();
    log.info("stopped");
    return 0;
  },
};

/** Hanko's built-in demo secret: anyone can read it, so anyone could decrypt the signing keys. */
const HANKO_DEMO_SECRET = "abcedfghijklmnopqrstuvwxyz";

/** Settings fine on a laptop and dangerous anywhere else; said once at start-up. */
export function riskyDefaults(config: Config, target: Target): string[] {
  const warnings: string[] = [];
  const { cookie } = config.session;
  if (target !== "admin" && cookie.same_site === "none" && !cookie.secure) {
    warnings.push(
      "session.cookie.same_site is none but session.cookie.secure is false: browsers drop such a cookie, so no sign-in will stick; set session.cookie.secure to true (SESSION_COOKIE_SECURE) or choose another same_site",
    );
  }
  if (config.secrets.keys.includes(HANKO_DEMO_SECRET)) {
    warnings.push("secrets.keys holds Hanko's public demo secret; set your own (SECRETS_KEYS) before real users sign up");
  }
  if (config.email_delivery.enabled && config.email_delivery.transport === "console") {
    warnings.push("email_delivery.transport is console: mails, passcodes included, are printed here and not sent (development only)");
  }
  const { admin } = config.server;
  if (target !== "public" && admin.api_keys.length === 0 && !isLoopbackListenAddress(admin.address)) {
    warnings.push(
      `server.admin.api_keys is empty and the admin API listens on ${admin.address}, beyond this machine: it refuses (403) requests whose Host is not localhost, 127.0.0.0/8 or [::1], so other machines cannot use it by name or address, yet anyone who can reach that port and sends such a Host header can manage every user; set API keys (SERVER_ADMIN_API_KEYS) or listen on 127.0.0.1`,
    );
  }
  return warnings;
}
