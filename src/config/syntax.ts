// Syntax checks for the few config values Hanko parses at startup: URLs (Go's lenient url.Parse),
// redirect globs (gobwas/glob) and CIDR ranges (net.ParseCIDR).

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
// Characters Go accepts unescaped in a URL host.
const HOST_CHARS = /^[A-Za-z0-9\-._~!$&'()*+,;=[\]:<>"%\u0080-\u{10FFFF}]*$/u;

function badPercentEscape(text: string): boolean {
  return /%(?![0-9A-Fa-f]{2})/.test(text);
}

/** Why Go's url.Parse would reject `text`, or undefined when it parses. */
export function urlSyntaxError(text: string): string | undefined {
  if (/[\u0000-\u001f\u007f]/.test(text)) return "contains a control character";
  if (text.startsWith(":")) return "is missing a protocol scheme";
  const [beforeFragment = "", fragment = ""] = splitOnce(text, "#");
  if (badPercentEscape(fragment)) return "contains an invalid %-escape";
  const [beforeQuery = ""] = splitOnce(beforeFragment, "?");

  const scheme = SCHEME.exec(beforeQuery);
  let rest = beforeQuery;
  if (scheme) {
    rest = beforeQuery.slice(scheme[0].length);
  } else {
    const firstSegment = beforeQuery.split("/")[0] ?? "";
    if (firstSegment.includes(":")) return "has a colon in its first path segment";
  }
  if (rest.startsWith("//")) {
    const authorityEnd = rest.slice(2).search(/\//);
    const authority = authorityEnd === -1 ? rest.slice(2) : rest.slice(2, 2 + authorityEnd);
    const path = authorityEnd === -1 ? "" : rest.slice(2 + authorityEnd);
    const hostPort = authority.slice(authority.lastIndexOf("@") + 1);
    const hostError = hostSyntaxError(hostPort);
    if (hostError) return hostError;
    if (badPercentEscape(path)) return "contains an invalid %-escape";
  } else if (badPercentEscape(rest)) {
    return "contains an invalid %-escape";
  }
  return undefined;
}

function hostSyntaxError(hostPort: string): string | undefined {
  let host = hostPort;
  let port = "";
  if (hostPort.startsWith("[")) {
    const close = hostPort.indexOf("]");
    if (close === -1) return "has an unclosed [ in its host";
    host = hostPort.slice(0, close + 1);
    const after = hostPort.slice(close + 1);
    if (after !== "" && !after.startsWith(":")) return "has an invalid host";
    port = after.slice(1);
  } else if (hostPort.includes(":")) {
    host = hostPort.slice(0, hostPort.lastIndexOf(":"));
    port = hostPort.slice(hostPort.lastIndexOf(":") + 1);
  }
  if (!/^[0-9]*$/.test(port)) return `has an invalid port ${JSON.stringify(port)}`;
  if (!HOST_CHARS.test(host) || badPercentEscape(host)) return "has an invalid host";
  return undefined;
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at === -1 ? [text, ""] : [text.slice(0, at), text.slice(at + 1)];
}

/** Why gobwas/glob would not compile `pattern`, or undefined when it compiles. */
export function globSyntaxError(pattern: string): string | undefined {
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") {
      if (i + 1 >= pattern.length) return "ends with an unfinished \\ escape";
      i++;
    } else if (c === "[") {
      let j = i + 1;
      if (pattern[j] === "!") j++;
      const start = j;
      while (j < pattern.length && pattern[j] !== "]") j++;
      if (j >= pattern.length) return "has a [ without a closing ]";
      if (j === start) return "has an empty [] character class";
      i = j;
    } else if (c === "{") {
      braces++;
    } else if (c === "}" && braces > 0) {
      braces--;
    }
  }
  return braces > 0 ? "has a { without a closing }" : undefined;
}

function parseIPv4(text: string): boolean {
  const parts = text.split(".");
  return parts.length === 4 && parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

function parseIPv6(text: string): boolean {
  let body = text;
  let groupsFromV4 = 0;
  const lastColon = body.lastIndexOf(":");
  if (body.slice(lastColon + 1).includes(".")) {
    if (!parseIPv4(body.slice(lastColon + 1))) return false;
    body = body.slice(0, lastColon + 1) + "0";
    groupsFromV4 = 1; // the dotted quad takes two groups; one placeholder group is already counted
  }
  const halves = body.split("::");
  if (halves.length > 2) return false;
  const group = /^[0-9A-Fa-f]{1,4}$/;
  const groups = (half: string) => (half === "" ? [] : half.split(":"));
  const head = groups(halves[0] ?? "");
  const tail = halves.length === 2 ? groups(halves[1] ?? "") : [];
  if (![...head, ...tail].every((g) => group.test(g))) return false;
  const count = head.length + tail.length + groupsFromV4;
  return halves.length === 2 ? count < 8 : count === 8;
}

/** net.ParseCIDR: `a.b.c.d/n` (n ≤ 32) or an IPv6 address with `/n` (n ≤ 128). */
export function isCidr(text: string): boolean {
  const slash = text.indexOf("/");
  if (slash === -1) return false;
  const address = text.slice(0, slash);
  const prefix = text.slice(slash + 1);
  if (!/^[0-9]{1,3}$/.test(prefix)) return false;
  if (parseIPv4(address)) return Number(prefix) <= 32;
  if (parseIPv6(address)) return Number(prefix) <= 128;
  return false;
}
