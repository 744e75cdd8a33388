/**
 * The admin API's `email` validation (go-playground's validator, which Hanko uses): the address must
 * parse as an RFC 5322 address and match the validator's pattern, which allows the BMP's non-ASCII
 * letters but no IP-literal domains, no display names and no comments.
 */
const WIDE = "\\u00A0-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFEF";
const ATEXT = `[a-zA-Z0-9!#$%&'*+\\-/=?^_\`{|}~${WIDE}]`;
const DOT_ATOM = `${ATEXT}+(?:\\.${ATEXT}+)*`;
const FOLDING_SPACE = "(?:(?:[ \\t]*\\r\\n)?[ \\t]+)";
const QUOTED = `"(?:${FOLDING_SPACE}?[\\x01-\\x09\\x0b-\\x7f${WIDE}])*${FOLDING_SPACE}?"`;
const LABEL_END = `[a-zA-Z0-9${WIDE}]`;
const LABEL = `(?:${LABEL_END}|${LABEL_END}[a-zA-Z0-9\\-.~${WIDE}]*${LABEL_END})`;
const TOP_END = `[a-zA-Z${WIDE}]`;
const TOP = `(?:${TOP_END}|${TOP_END}[a-zA-Z0-9\\-.~${WIDE}]*${TOP_END})`;
const PATTERN = new RegExp(`^(?:${DOT_ATOM}|${QUOTED})@(?:${LABEL}\\.)+${TOP}\\.?$`, "u");

export function isValidEmailAddress(address: string): boolean {
  if (!PATTERN.test(address)) return false;
  // What the pattern lets through but Go's address parser refuses: empty labels in the domain.
  const domain = address.slice(address.lastIndexOf("@") + 1);
  return !domain.endsWith(".") && !domain.includes("..");
}
