import type { Config } from "../config/schema.ts";
import type { EventEmitter, EventOrigin } from "../events/events.ts";
import type { AppDeps } from "./app-deps.ts";
import { clientIp } from "./client-ip.ts";

/** What a route handler knows about its request, in Elysia's context shape. */
export interface RequestContext {
  request: Request;
  server: { requestIP(request: Request): { address: string } | null } | null;
  set: { headers: Record<string, unknown> };
}

/** The request an event comes from: the id the request-id plugin answers with, the real client IP, the user agent. */
export function eventOrigin(context: RequestContext, ip: Config["server"]["ip"]): EventOrigin {
  const { request, server, set } = context;
  return {
    requestId: String(set.headers["x-request-id"] ?? ""),
    ip: clientIp(request, server?.requestIP(request)?.address ?? "", ip),
    userAgent: utf8HeaderValue(request.headers.get("user-agent") ?? ""),
  };
}

/** The event bus bound to a route's request, outside any transaction: for routes whose writes have committed. */
export function requestEvents(deps: AppDeps, context: RequestContext): EventEmitter {
  return deps.runtime.events.bind(deps.db.kysely, eventOrigin(context, deps.config.server.ip));
}

/**
 * Header values arrive one character per byte; browsers send UTF-8, so "é" arrives as "Ã©". Read as
 * UTF-8, the stored text is what the client sent (bytes that are no UTF-8 become U+FFFD).
 */
function utf8HeaderValue(value: string): string {
  if (!/[^\x00-\x7f]/.test(value) || /[^\x00-\xff]/.test(value)) return value;
  return new TextDecoder().decode(Uint8Array.from(value, (character) => character.charCodeAt(0)));
}
