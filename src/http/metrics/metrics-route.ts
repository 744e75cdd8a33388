import { Elysia } from "elysia";
import type { MetricsRegistry } from "./metrics-registry.ts";

/**
 * `GET /metrics` on the admin API: the shared registry in Prometheus' text exposition format.
 * Without a registry (any command but `serve all`) there is no such route, as in Hanko.
 */
export function metricsRoute(registry: MetricsRegistry | undefined) {
  const plugin = new Elysia({ name: "metrics-route" });
  if (!registry) return plugin;
  return plugin.get(
    "/metrics",
    () => new Response(registry.render(), { headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8" } }),
  );
}
