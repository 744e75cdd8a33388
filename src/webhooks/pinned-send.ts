import type { Config } from "../config/schema.ts";
import type { Send } from "./delivery-worker.ts";
import { deliverPinned } from "../ssrf/pinned-delivery.ts";
import { webhookSecurityPolicy } from "../ssrf/policy.ts";

/** Deliveries as `webhooks.security` allows them: each callback checked again, and the connection pinned to the addresses checked. */
export function pinnedSend(config: Config): Send {
  const policy = webhookSecurityPolicy(config.webhooks.security);
  return async ({ url, headers, body }) => {
    const result = await deliverPinned(url, { method: "POST", headers, body }, { policy });
    return "status" in result ? result : { error: result.error, detail: result.detail };
  };
}
