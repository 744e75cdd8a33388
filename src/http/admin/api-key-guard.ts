import { createHash, timingSafeEqual } from "node:crypto";
import { Elysia } from "elysia";
import { errorResponse } from "../error-body.ts";
import { requestUrl } from "../request-url.ts";

/** What load balancers and people check without a key: liveness, readiness and the status page. */
export const OPEN_PATHS: ReadonlySet<string> = new Set(["/", "/health/alive", "/health/ready"]);

const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();

/**
 * Requires `Authorization: Bearer <key>` with one of `keys` on every other request, unknown paths
 * included, so that a caller without a key learns nothing about the API. Keys are compared as
 * SHA-256 digests in constant time, so neither their content nor their length leaks through timing.
 * No keys: the admin API is open, as Hanko's is.
 */
export function apiKeyGuard(keys: readonly string[]) {
  const digests = keys.map(digest);
  return new Elysia({ name: "admin-api-keys" }).onRequest(({ request, set }) => {
    if (digests.length === 0 || OPEN_PATHS.has(requestUrl(request).path)) return;
    const token = /^Bearer (.+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
    if (token !== undefined) {
      const presented = digest(token);
      // Every key is compared, so the time taken does not tell which one matched.
      let matched = false;
      for (const key of digests) matched = timingSafeEqual(presented, key) || matched;
      if (matched) return;
    }
    set.status = 401;
    return errorResponse(401, "Unauthorized", request.method, set.headers as Record<string, string>);
  });
}
