import { Elysia } from "elysia";
import type { Config } from "../../config/schema.ts";
import type { LineSink } from "../../log/logger.ts";
import { clientIp } from "../client-ip.ts";
import { requestUrl } from "../request-url.ts";

export interface AccessLogOptions {
  sink: LineSink;
  format: "json" | "text";
  /** Hanko's `log.log_health_and_metrics`: false leaves the status page, health, metrics and flow routes out. */
  logHealthAndMetrics: boolean;
  /** `server.ip`: which address is the client's. */
  ip: Config["server"]["ip"];
}

const QUIET_PATHS = /^\/(?:$|health\/|metrics$|login$|registration$|profile$|token_exchange$|saml\/)/;

/** One line per request, with the fields of Hanko's access log. */
export function accessLog(options: AccessLogOptions) {
  // The peer address is only known while the request is open, so it is noted on arrival.
  const arrivals = new WeakMap<Request, { at: number; remoteIp: string }>();
  return new Elysia({ name: "access-log" })
    .onRequest(({ request, server }) => {
      arrivals.set(request, { at: performance.now(), remoteIp: clientIp(request, server?.requestIP(request)?.address ?? "", options.ip) });
    })
    .onAfterResponse({ as: "global" }, ({ request, set, responseValue }) => {
      const url = requestUrl(request);
      if (!options.logHealthAndMetrics && QUIET_PATHS.test(url.path)) return;
      const arrival = arrivals.get(request);
      const latencyMs = arrival ? performance.now() - arrival.at : 0;
      const now = new Date();
      const entry = {
        time: now.toISOString(),
        time_unix: String(Math.floor(now.getTime() / 1000)),
        id: String(set.headers["x-request-id"] ?? ""),
        remote_ip: arrival?.remoteIp ?? "",
        host: url.host,
        method: request.method,
        uri: url.rawQuery === "" ? url.path : `${url.path}?${url.rawQuery}`,
        user_agent: request.headers.get("user-agent") ?? "",
        // A handler may answer with a Response of its own; its status is the one sent.
        status: responseValue instanceof Response ? responseValue.status : typeof set.status === "number" ? set.status : 200,
        latency: Math.round(latencyMs * 1e6),
        latency_human: `${latencyMs.toFixed(3)}ms`,
        bytes_in: Number(request.headers.get("content-length") ?? 0),
        referer: request.headers.get("referer") ?? "",
      };
      options.sink(
        options.format === "json"
          ? JSON.stringify(entry)
          : `${entry.time} ${entry.id} ${entry.remote_ip} ${entry.method} ${entry.uri} ${entry.status} ${entry.latency_human}`,
      );
    });
}
