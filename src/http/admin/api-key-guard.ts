import { createHash, timingSafeEqual } from "node:crypto";
import { Elysia } from "elysia";
import { AnsweredEarly } from "../answered-early.ts";
import { errorResponse } from "../error-body.ts";
import { requestUrl } from "../request-url.ts";
import { isLoopbackHost } from "./loopback.ts";

/** What load balancers and people check without a key: liveness, readiness and the status page. */
export const OPEN_PATHS: ReadonlySet<string> = new Set(["/", "/health/alive", "/health/ready"]);

const LOOPBACK_ONLY = "without server.admin.api_keys the admin API answers only requests addressed to localhost, 127.0.0.0/8 or [::1]";

const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();

/**
 * Requires `Authorization: Bearer <key>` with one of `keys` on every other request, unknown paths
 * included, so that a caller without a key learns nothing about the API. Keys are compared as
 * SHA-256 digests in constant time, so neither their content nor their length leaks through timing.
 * No keys: the admin API is open, as Hanko's is, but only to requests whose `Host` is a loopback
 * name, so that a web page cannot reach it through DNS rebinding; others get a 403.
 */
export function apiKeyGuard(keys: readonly string[]) {
  const digests = keys.map(digest);
  return new Elysia({ name: "admin-api-keys" }).onRequest(({ request, set }) => {
    if (digests.length === 0 && isLoopbackHost(request.headers.get("host"))) return;
    if (OPEN_PATHS.has(requestUrl(request).path)) return;
    if (digests.length === 0) {
      throw new AnsweredEarly(errorResponse(403, LOOPBACK_ONLY, request.method, set.headers as Record<string, string>));
    }
    const token = /^Bearer (.+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
    if (token !== undefined) {
      const presented = digest(token);
      // Every key is compared, so the time taken does not tell which one matched.
      let matched = false;
      for (const key of digests) matched = timingSafeEqual(presented, key) || matched;
      if (matched) return;
    }
    throw new AnsweredEarly(errorResponse(401, "Unauthorized", request.method, set.headers as Record<string, string>));
  });
}
