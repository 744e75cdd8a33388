import { Elysia } from "elysia";
import type { Logger } from "../../log/logger.ts";
import { AnsweredEarly } from "../answered-early.ts";
import { errorResponse } from "../error-body.ts";
import { BodyTooLarge } from "../read-limited-body.ts";
import { requestUrl } from "../request-url.ts";
import type { RouteTable } from "../route-table.ts";

/**
 * Every failure leaves in Hanko's JSON error format: unknown routes 404, a known path with the wrong
 * method 405, unreadable bodies 400, over-long ones 413, and anything unexpected a bare 500 whose
 * detail is logged (with the request id) but never sent.
 */
export function hankoErrors(routes: () => RouteTable, log: Logger) {
  return new Elysia({ name: "hanko-errors" }).onError({ as: "global" }, ({ code, error, request, set }) => {
    const method = request.method;
    const headers = set.headers as Record<string, string>;
    const respond = (status: number, message?: string) => {
      set.status = status;
      return errorResponse(status, message, method, headers);
    };
    if (error instanceof AnsweredEarly) {
      set.status = error.response.status;
      return error.response;
    }
    switch (code) {
      case "NOT_FOUND": {
        const allowed = routes().methodsFor(requestUrl(request).path);
        return allowed.length > 0 && !allowed.includes(method) ? respond(405) : respond(404);
      }
      case "PARSE":
      case "VALIDATION":
      case "INVALID_COOKIE_SIGNATURE":
        return respond(400);
      default: {
        if (error instanceof BodyTooLarge) {
          // The unread rest of the body cannot be skipped to reach a next request on the connection.
          headers.connection = "close";
          return respond(413);
        }
        if (typeof code === "number" && code < 500) return respond(code);
        log.error("request failed", {
          request_id: headers["x-request-id"],
          method,
          path: requestUrl(request).path,
          error: error instanceof Error ? error.message : String(error),
        });
        return respond(500);
      }
    }
  });
}
