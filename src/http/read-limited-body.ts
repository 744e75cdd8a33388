/**
 * A request body of at most `limit` bytes, or undefined when it is longer. A declared
 * Content-Length over the limit is refused unread; otherwise the stream is read only until the
 * limit is passed and then cancelled, so a long chunked body is never held in memory whole.
 */
export async function readBodyUpTo(request: Request, limit: number): Promise<Uint8Array | undefined> {
  const body = request.body;
  if (body === null) return new Uint8Array();
  if (Number(request.headers.get("content-length") ?? 0) > limit) {
    await body.cancel();
    return undefined;
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, length);
}

/** Thrown for a body over a route's limit; the error plugin answers it with Hanko's 413. */
export class BodyTooLarge extends Error {
  constructor() {
    super("request body too large");
  }
}
