import { Elysia } from "elysia";

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A random 32-character alphanumeric id, the form Hanko generates. */
export function newRequestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let id = "";
  // 256 is not a multiple of 62; the slight bias is harmless for a correlation id.
  for (const byte of bytes) id += ID_ALPHABET[byte % ID_ALPHABET.length];
  return id;
}

/** Reuses the caller's `X-Request-Id` or makes one, and echoes it on every response. */
export const requestId = new Elysia({ name: "request-id" })
  .onRequest(({ request, set }) => {
    set.headers["x-request-id"] = request.headers.get("x-request-id") || newRequestId();
  })
  .derive({ as: "global" }, ({ set }) => ({ requestId: String(set.headers["x-request-id"]) }));
