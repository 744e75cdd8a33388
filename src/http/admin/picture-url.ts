/** Hanko's limit on a picture URL, in bytes. */
const MAX_BYTES = 2048;

/** Characters Go's URL parser accepts in a host besides letters, digits and non-ASCII bytes. */
const HOST_PUNCTUATION = new Set("-_.~!$&'()*+,;=:[]<>\"");

/**
 * Whether the admin API accepts `raw` as a user's picture: at most 2048 bytes, an absolute http(s)
 * URL with a host and without user info, parsed with the rules of Go's `url.ParseRequestURI`.
 */
export function isValidPictureUrl(raw: string): boolean {
  if (raw === "" || Buffer.byteLength(raw) > MAX_BYTES) return false;
  if (/[\x00-\x1f\x7f]/.test(raw)) return false;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(raw);
  if (!scheme || !["http", "https"].includes(scheme[1]!.toLowerCase())) return false;
  // ParseRequestURI splits off the query before anything else and keeps `#` as part of what precedes it.
  const rest = raw.slice(scheme[0].length).split("?")[0]!;
  if (!rest.startsWith("//")) return false;
  const slash = rest.indexOf("/", 2);
  const authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
  const path = slash < 0 ? "" : rest.slice(slash);
  if (authority.includes("@")) return false;
  return authority !== "" && validHost(authority) && validEscapes(path);
}

function validHost(host: string): boolean {
  let port: string;
  if (host.startsWith("[")) {
    const close = host.lastIndexOf("]");
    if (close < 0) return false;
    port = host.slice(close + 1);
  } else {
    const colon = host.lastIndexOf(":");
    port = colon < 0 ? "" : host.slice(colon);
  }
  if (port !== "" && !/^:\d*$/.test(port)) return false;
  for (let i = 0; i < host.length; i++) {
    const c = host[i]!;
    if (c === "%") {
      // Hosts may not percent-encode ASCII, except the `%25` of an IPv6 zone.
      const escape = host.slice(i, i + 3);
      if (!/^%[0-9a-fA-F]{2}$/.test(escape) || (parseInt(escape[1]!, 16) < 8 && escape !== "%25")) return false;
      i += 2;
    } else if (c.charCodeAt(0) < 0x80 && !/[A-Za-z0-9]/.test(c) && !HOST_PUNCTUATION.has(c)) return false;
  }
  return true;
}

function validEscapes(path: string): boolean {
  return !/%(?![0-9a-fA-F]{2})/.test(path);
}
