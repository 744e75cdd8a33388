// Calling a callback on the addresses its check validated, never on a second lookup's answer: Bun's
// fetch resolves the host itself, so a DNS server that answers a public address to the check and
// 127.0.0.1 to the connection (rebinding) would win. node:http and node:https take a `lookup`
// function instead; ours hands back the validated addresses, while the URL's host name still goes
// into the Host header, the TLS server name and the certificate check. Redirects are followed by
// hand, each target checked and pinned the same way.

import { request as httpRequest, type RequestOptions } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { resolveCallback, systemResolver, type CheckedCallback, type Resolver } from "./callback-check.ts";
import type { WebhookSecurityPolicy } from "./policy.ts";
import { refusal, type Refusal, type RefusalCode } from "./refusal.ts";

/** Hanko's request timeout for a webhook, covering lookups, redirects and the answer's headers. */
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface DeliveryRequest {
  /** POST unless given. */
  method?: string;
  headers?: Readonly<Record<string, string>>;
  body?: string | Uint8Array;
  timeoutMs?: number;
}

export interface DeliveryGuard {
  policy: WebhookSecurityPolicy;
  /** The system's resolver unless given. */
  resolve?: Resolver;
  /** Certificate authorities (PEM) to trust for https callbacks instead of the bundled ones. */
  ca?: string | string[];
}

/**
 * The status of the final answer, never a 3xx: a redirect is followed (when the policy allows, up to
 * max_redirects) or it fails the delivery. Whether a status counts as delivered is the caller's call.
 */
export type DeliveryResult = { status: number } | { error: string; code: RefusalCode; detail: string };

// The redirects Go's HTTP client follows, as Hanko's delivery does.
const FOLLOWED = new Set([301, 302, 303, 307, 308]);
// Go drops these on a redirect to a host that is neither the first host nor under it.
const CREDENTIAL_HEADERS = ["authorization", "www-authenticate", "cookie", "cookie2"];
const BODY_HEADERS = ["content-type", "content-length"];

export async function deliverPinned(url: string, request: DeliveryRequest, guard: DeliveryGuard): Promise<DeliveryResult> {
  const { policy, resolve = systemResolver } = guard;
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  const failed = (code: RefusalCode, detail: string) => failure(refusal(policy, code, detail));
  const firstHost = URL.parse(url)?.hostname ?? "";

  let target = url;
  let method = request.method ?? "POST";
  let headers = lowerCased(request.headers ?? {});
  let body = request.body;
  try {
    for (let redirects = 0; ; redirects++) {
      const check = await untilAborted(resolveCallback(policy, target, resolve), deadline.signal);
      if (check === ABORTED) return failed("timeout", `callback '${target}' did not answer within ${timeoutMs} ms`);
      if (!check.ok) {
        if (redirects === 0) return failure(check.refusal);
        return failed("redirect_not_allowed", `redirect to '${target}' is not allowed: ${check.refusal.detail}`);
      }

      let answer: Answer;
      try {
        answer = await send(check.callback, { method, headers, body, ca: guard.ca }, deadline.signal);
      } catch (error) {
        if (deadline.signal.aborted) return failed("timeout", `callback '${target}' did not answer within ${timeoutMs} ms`);
        return failed("request_failed", `request to '${target}' failed: ${(error as Error).message}`);
      }
      const { status, location } = answer;
      if (status < 300 || status >= 400) return { status };
      if (!FOLLOWED.has(status) || location === undefined) return failed("request_failed", `callback answered ${status}`);
      if (!policy.followRedirects) {
        return failed("redirect_not_allowed", `callback answered ${status}, a redirect to '${location}', and follow_redirects is false`);
      }
      if (redirects >= policy.maxRedirects) {
        return failed("redirect_not_allowed", `callback redirected more often than max_redirects (${policy.maxRedirects}) allows`);
      }
      const next = URL.parse(location, check.callback.url);
      if (next === null) return failed("redirect_not_allowed", `redirect to '${location}' is not a valid URL`);
      if (status <= 303 && method !== "GET" && method !== "HEAD") {
        method = "GET";
        body = undefined;
        headers = without(headers, BODY_HEADERS);
      }
      if (next.hostname !== firstHost && !next.hostname.endsWith(`.${firstHost}`)) headers = without(headers, CREDENTIAL_HEADERS);
      target = next.href;
    }
  } finally {
    clearTimeout(timer);
  }
}

interface Answer {
  status: number;
  location: string | undefined;
}

interface Outgoing {
  method: string;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
  ca: string | string[] | undefined;
}

/** One request on the validated addresses; settles with the answer's status line and headers. */
function send({ url, addresses }: CheckedCallback, outgoing: Outgoing, signal: AbortSignal): Promise<Answer> {
  const pinned = addresses.map((address) => ({ address, family: isIP(address) }));
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, pinned);
    else callback(null, pinned[0]!.address, pinned[0]!.family);
  };
  const { body } = outgoing;
  const options: RequestOptions & { ca?: string | string[] } = {
    method: outgoing.method,
    hostname: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: url.port === "" ? undefined : Number(url.port),
    path: `${url.pathname}${url.search}`,
    headers: body === undefined ? outgoing.headers : { ...outgoing.headers, "content-length": String(Buffer.byteLength(body)) },
    lookup,
    // A pooled connection may lead to an address validated for another delivery.
    agent: false,
    ca: outgoing.ca,
  };
  return new Promise((resolve, reject) => {
    const request = (url.protocol === "https:" ? httpsRequest : httpRequest)(options, (response) => {
      resolve({ status: response.statusCode!, location: response.headers.location });
      // Nothing of the body is read: only the status counts, and a receiver may send without end.
      response.destroy();
    });
    const abort = () => request.destroy(new Error("timed out"));
    signal.addEventListener("abort", abort, { once: true });
    request.on("close", () => signal.removeEventListener("abort", abort));
    request.on("error", reject);
    request.end(body);
  });
}

const ABORTED = Symbol("aborted");

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | typeof ABORTED> {
  if (signal.aborted) return Promise.resolve(ABORTED);
  return Promise.race([
    promise,
    new Promise<typeof ABORTED>((resolve) => signal.addEventListener("abort", () => resolve(ABORTED), { once: true })),
  ]);
}

function failure({ code, reason, detail }: Refusal): DeliveryResult {
  return { error: reason, code, detail };
}

function lowerCased(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function without(headers: Record<string, string>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !names.includes(name)));
}
