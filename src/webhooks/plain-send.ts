import type { Send } from "./delivery-worker.ts";

/** Hanko's client timeout for a webhook call. */
export const SEND_TIMEOUT_MS = 10_000;

/** One POST with Bun's fetch: redirects are not followed, and an attempt ends after the timeout. */
export const plainSend: Send = async ({ url, headers, body }) => {
  try {
    const response = await fetch(url, { method: "POST", headers, body, redirect: "manual", signal: AbortSignal.timeout(SEND_TIMEOUT_MS) });
    await response.body?.cancel();
    return { status: response.status };
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
};
