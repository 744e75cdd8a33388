/** The parts of a request's URL the server logs, routes and links by, exactly as received. */
export interface RequestUrl {
  /** The path of the request target, undecoded, as the router matches it. */
  path: string;
  /** What follows `?` in the request target; empty when there is none. */
  rawQuery: string;
  /** The Host header as sent (Go's `Request.Host`), else the URL's authority (a request made in-process). */
  host: string;
}

/**
 * Reads `request.url` as text rather than with `new URL`, which throws for a Host header it cannot
 * parse (`[::1`, `a b`, an empty one): Bun then passes such a URL on, or the request target alone.
 */
export function requestUrl(request: Request): RequestUrl {
  const url = request.url;
  const authority = url.startsWith("/") ? 0 : url.indexOf("://") + 3;
  const start = authority === 0 ? 0 : url.indexOf("/", authority);
  const target = start < 0 ? "/" : url.slice(start);
  const question = target.indexOf("?");
  return {
    path: question < 0 ? target : target.slice(0, question),
    rawQuery: question < 0 ? "" : target.slice(question + 1),
    host: request.headers.get("host") ?? url.slice(authority, start < 0 ? undefined : start),
  };
}
