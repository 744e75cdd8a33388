import { Elysia } from "elysia";
import type { MetricsRegistry } from "./metrics-registry.ts";

/** Webhook delivery attempts of this process, by outcome. */
export type DeliveryAttempts = Readonly<Record<"delivered" | "retried" | "failed", number>>;

function deliveryLines(attempts: DeliveryAttempts): string {
  const lines = [
    "# HELP hanko_webhook_delivery_attempts_total How many webhook deliveries were attempted, by outcome (failed: given up).",
    "# TYPE hanko_webhook_delivery_attempts_total counter",
    ...Object.entries(attempts).map(([result, count]) => `hanko_webhook_delivery_attempts_total{result="${result}"} ${count}`),
  ];
  return `${lines.join("\n")}\n`;
}

/**
 * `GET /metrics` on the admin API: the shared registry in Prometheus' text exposition format.
 * Without a registry (any command but `serve all`) there is no such route, as in Hanko. Beyond Hanko's
 * request metrics, the webhook delivery attempts.
 */
export function metricsRoute(registry: MetricsRegistry | undefined, deliveries: DeliveryAttempts) {
  const plugin = new Elysia({ name: "metrics-route" });
  if (!registry) return plugin;
  return plugin.get(
    "/metrics",
    () =>
      new Response(registry.render() + deliveryLines(deliveries), {
        headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8" },
      }),
  );
}
