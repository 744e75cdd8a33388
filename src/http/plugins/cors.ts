import { Elysia } from "elysia";
import { AnsweredEarly } from "../answered-early.ts";
import { requestUrl } from "../request-url.ts";
import type { RouteTable } from "../route-table.ts";

export interface CorsOptions {
  allowOrigins: readonly string[];
  unsafeWildcardOriginAllowed: boolean;
  /** `session.enable_auth_token_header`: the token header must then be readable by the browser. */
  exposeAuthToken: boolean;
}

const EXPOSED = [
  "Retry-After",
  "X-RateLimit-Limit",
  "X-RateLimit-Remaining",
  "X-RateLimit-Reset",
  "X-Session-Lifetime",
  "X-Session-Retention",
];

/**
 * CORS as Hanko's public API applies it: credentials allowed, so a matching origin is reflected
 * (never `*`); entries may hold `*` and `?` wildcards; a bare `*` is honoured only when
 * `unsafe_wildcard_origin_allowed` says so. A request from any other origin is served without CORS
 * headers, which makes the browser withhold the response.
 */
export function cors(options: CorsOptions, routes: () => RouteTable) {
  const allowed = originMatcher(options);
  const expose = [...EXPOSED, ...(options.exposeAuthToken ? ["X-Auth-Token"] : [])].join(", ");
  return new Elysia({ name: "cors" }).onRequest(({ request, set }) => {
    const headers = set.headers as Record<string, string>;
    headers.vary = "Origin";
    const origin = request.headers.get("origin");
    const matches = origin !== null && allowed(origin);
    const preflight = request.method === "OPTIONS" && request.headers.has("access-control-request-method");
    if (matches) {
      headers["access-control-allow-origin"] = origin;
      headers["access-control-allow-credentials"] = "true";
      if (!preflight) headers["access-control-expose-headers"] = expose;
    }
    if (!preflight) return;
    const out = new Headers(headers);
    if (matches) {
      const methods = routes().methodsFor(requestUrl(request).path);
      out.set("access-control-allow-methods", methods.join(","));
      const requested = request.headers.get("access-control-request-headers");
      if (requested) out.set("access-control-allow-headers", requested);
      out.set("access-control-max-age", "7200");
    }
    throw new AnsweredEarly(new Response(null, { status: 204, headers: out }));
  });
}

function originMatcher(options: CorsOptions): (origin: string) => boolean {
  if (options.unsafeWildcardOriginAllowed && options.allowOrigins.includes("*")) return () => true;
  const patterns = options.allowOrigins.map(
    (entry) =>
      new RegExp(
        `^${entry
          .replace(/[.+^${}()|[\]\\]/g, "\\$&")
          .replace(/\*/g, ".*")
          .replace(/\?/g, ".")}$`,
        "i",
      ),
  );
  return (origin) => patterns.some((p) => p.test(origin));
}
