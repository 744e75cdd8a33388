/**
 * Parses a UUID the way Hanko's UUID library does: canonical, 32 hex digits, either in braces, or
 * as a `urn:uuid:` URN, any case. The result is lower-case canonical; the error is the library's text.
 */
export function parseGoUuid(text: string): { ok: true; uuid: string } | { ok: false; error: string } {
  // The library measures and indexes bytes.
  const bytes = Buffer.from(text, "utf8");
  let body = bytes;
  switch (bytes.length) {
    case 32:
    case 36:
      break;
    case 34:
    case 38:
      if (bytes[0] !== 0x7b || bytes[bytes.length - 1] !== 0x7d)
        return { ok: false, error: `uuid: incorrect UUID format in string ${goQuote(text)}` };
      body = bytes.subarray(1, bytes.length - 1);
      break;
    case 41:
    case 45: {
      const prefix = bytes.subarray(0, 9).toString("latin1");
      if (prefix !== "urn:uuid:")
        return { ok: false, error: `uuid: incorrect UUID format in string ${goQuote(bytes.subarray(0, 9).toString("utf8"))}` };
      body = bytes.subarray(9);
      break;
    }
    default:
      return { ok: false, error: `uuid: incorrect UUID length ${bytes.length} in string ${goQuote(text)}` };
  }
  let hex = body.toString("latin1");
  if (hex.length === 36) {
    if (hex[8] !== "-" || hex[13] !== "-" || hex[18] !== "-" || hex[23] !== "-") {
      return { ok: false, error: `uuid: incorrect UUID format in string ${goQuote(body.toString("utf8"))}` };
    }
    hex = hex.replaceAll("-", "");
    if (hex.length !== 32) return { ok: false, error: "uuid: invalid UUID format" };
  }
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return { ok: false, error: "uuid: invalid UUID format" };
  const h = hex.toLowerCase();
  return { ok: true, uuid: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}` };
}

const NAMED_ESCAPES: Record<string, string> = {
  "\x07": "\\a",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\v": "\\v",
};

/** Go's `%q` for ordinary text: double quotes, backslash escapes, control characters as `\x..`. */
export function goQuote(text: string): string {
  const escaped = text.replace(/[\\"\x00-\x1f\x7f]/g, (c) => {
    if (c === "\\" || c === '"') return `\\${c}`;
    return NAMED_ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;
  });
  return `"${escaped}"`;
}
