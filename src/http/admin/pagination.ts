import { requestUrl } from "../request-url.ts";
import { encodeGoQuery, parseGoQuery } from "../../gocompat/echo/query.ts";

/** Go's int arithmetic: 64-bit, wrapping. */
const int64 = (value: bigint) => BigInt.asIntN(64, value);

/**
 * Hanko's `Link` header for a page of `total` items: first, last, next and prev, each the request's
 * own URL with `page` and `per_page` set. `page` and `perPage` are as requested, not as clamped for
 * the query, which is what Hanko puts in the links too.
 */
export function paginationLink(requestUrl: { base: string; rawQuery: string }, total: number, page: bigint, perPage: bigint): string {
  const count = BigInt(total);
  let lastPage = count % perPage === 0n ? count / perPage : int64(count / perPage + 1n);
  if (lastPage === 0n) lastPage = 1n;
  const link = (rel: string, target: bigint) => {
    const query = parseGoQuery(requestUrl.rawQuery);
    query.set("page", [String(target)]);
    query.set("per_page", [String(perPage)]);
    return `<${requestUrl.base}?${encodeGoQuery(query)}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page !== 1n || page === lastPage) links.push(link("first", 1n));
  if (page !== lastPage) links.push(link("last", lastPage));
  if (page < lastPage) links.push(link("next", int64(page + 1n)));
  if (page > 1n) links.push(link("prev", int64(page - 1n)));
  return links.join(",");
}

/**
 * The parts of the request URL Hanko builds links from: the scheme (from TLS or the forwarding
 * headers Echo honours), the `Host` header and the request URI exactly as received.
 */
export function requestUrlParts(request: Request): { base: string; rawQuery: string } {
  const headers = request.headers;
  const { host, path, rawQuery } = requestUrl(request);
  const scheme = request.url.startsWith("https:")
    ? "https"
    : headers.get("x-forwarded-proto") ||
      headers.get("x-forwarded-protocol") ||
      (headers.get("x-forwarded-ssl") === "on" ? "https" : headers.get("x-url-scheme") || "http");
  return { base: `${scheme}://${host}${path}`, rawQuery };
}
