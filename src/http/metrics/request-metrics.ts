import { Elysia } from "elysia";
import { type RequestUrl, requestUrl } from "../request-url.ts";
import type { MetricsRegistry } from "./metrics-registry.ts";

const encoder = new TextEncoder();

/**
 * echoprometheus' approximate request size: URL path, method, protocol, header names and values,
 * host and the declared body length.
 */
function requestSize(request: Request, url: RequestUrl): number {
  let size = url.path.length + request.method.length + "HTTP/1.1".length + url.host.length;
  request.headers.forEach((value, name) => {
    size += name.length + value.length;
  });
  return size + Number(request.headers.get("content-length") ?? 0);
}

/** Methods counted under their own name; Bun accepts dozens more (WebDAV and others), all counted as one. */
const COUNTED_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE"]);
const OTHER_METHOD = "_OTHER";

/** The bytes of a body whose size is known without reading a stream. */
function bodySize(value: unknown): number | undefined {
  if (value === undefined || value === null) return 0;
  if (typeof value === "string") return encoder.encode(value).length;
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) return value.byteLength;
  if (typeof value === "object" && !(value instanceof Response) && !(value instanceof ReadableStream))
    return encoder.encode(JSON.stringify(value)).length;
  return undefined;
}

/**
 * Counts every request into `registry` as Hanko's Prometheus middleware does, under echoprometheus'
 * labels, with values a caller cannot multiply: `url` is the route pattern, empty when no route
 * matched (echoprometheus' `DoNotUseRequestPathFor404`; by default it takes the raw path), `host` is
 * the address the API listens on rather than the Host header, and `method` is one of the common
 * methods or `_OTHER`. `/metrics` itself is left out, as echoprometheus' default skipper does.
 * Without a registry (any command but `serve all`) nothing is counted.
 */
export function requestMetrics(registry: MetricsRegistry | undefined) {
  const plugin = new Elysia({ name: "request-metrics" });
  if (!registry) return plugin;
  const started = new WeakMap<Request, number>();
  const responseBytes = new WeakMap<Request, number>();
  return plugin
    .onRequest(({ request }) => {
      started.set(request, performance.now());
    })
    .mapResponse({ as: "global" }, async ({ request, responseValue }) => {
      // A Response's body can only be measured before it is sent; streams are never waited for.
      if (!(responseValue instanceof Response) || responseValue.bodyUsed) return;
      const declared = responseValue.headers.get("content-length");
      if (declared !== null) responseBytes.set(request, Number(declared));
      else if (!(responseValue.headers.get("content-type") ?? "").startsWith("text/event-stream"))
        responseBytes.set(request, (await responseValue.clone().arrayBuffer()).byteLength);
    })
    .onAfterResponse({ as: "global" }, ({ request, route, set, responseValue, server }) => {
      const url = requestUrl(request);
      if (url.path === "/metrics") return;
      const start = started.get(request) ?? performance.now();
      registry.record({
        labels: {
          code: String(responseValue instanceof Response ? responseValue.status : typeof set.status === "number" ? set.status : 200),
          method: COUNTED_METHODS.has(request.method) ? request.method : OTHER_METHOD,
          host: server?.url.host ?? "",
          // Elysia leaves `route` unset when no route matched.
          url: route ?? "",
        },
        durationSeconds: (performance.now() - start) / 1000,
        requestBytes: requestSize(request, url),
        responseBytes: responseBytes.get(request) ?? bodySize(responseValue) ?? 0,
      });
    });
}
