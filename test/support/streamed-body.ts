/**
 * A request body of `total` bytes made on demand, for `fetch(..., { body, duplex: "half" })`, which
 * sends it chunked, with no Content-Length: `prefix` (a JSON document, say) and then spaces, so a
 * JSON prefix stays valid JSON at any length. `pushed()` tells how much the server let the client send.
 */
export function streamedBody(total: number, prefix = ""): { body: ReadableStream<Uint8Array>; pushed(): number } {
  const head = new TextEncoder().encode(prefix);
  const spaces = new Uint8Array(64 * 1024).fill(0x20);
  let pushed = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pushed >= total) return controller.close();
      const next = pushed < head.length ? head.subarray(pushed) : spaces.subarray(0, Math.min(spaces.length, total - pushed));
      pushed += next.length;
      controller.enqueue(next);
    },
  });
  return { body, pushed: () => pushed };
}
