import { Elysia } from "elysia";

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/**
 * A caller's id is reused when it is 1 to 128 visible ASCII characters: that takes every common
 * correlation id (UUIDs, W3C traceparent at 55, AWS X-Amzn-Trace-Id with parent at about 75) while
 * anything that could break the echoed header, a text log line or the audit log's 255-character
 * column (spaces, control and non-ASCII bytes, a long value) is replaced by a fresh id.
 */
const REUSABLE_ID = /^[\x21-\x7e]{1,128}$/;

/** A random 32-character alphanumeric id, the form Hanko generates. */
export function newRequestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let id = "";
  // 256 is not a multiple of 62; the slight bias is harmless for a correlation id.
  for (const byte of bytes) id += ID_ALPHABET[byte % ID_ALPHABET.length];
  return id;
}

/** The id a request is known by: the caller's `X-Request-Id` if it is fit to reuse, else a new one. */
export function requestIdFor(incoming: string | null): string {
  return incoming !== null && REUSABLE_ID.test(incoming) ? incoming : newRequestId();
}

/** Gives every request its id and echoes it on every response, where the access log and the audit log read it. */
export const requestId = new Elysia({ name: "request-id" })
  .onRequest(({ request, set }) => {
    set.headers["x-request-id"] = requestIdFor(request.headers.get("x-request-id"));
  })
  .derive({ as: "global" }, ({ set }) => ({ requestId: String(set.headers["x-request-id"]) }));
