// Go literal syntax: quoted strings, character constants and numbers, as strconv reads them.
import { goQuote } from "./fmt.ts";
import { utf8Bytes, utf8String } from "./values.ts";

/** Thrown for malformed literals; the message is what strconv or the template parser reports. */
export class LiteralError extends Error {}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, "\\": 92, "'": 39, '"': 34 };

interface Escape {
  value: number;
  /** \x and octal escapes stand for one byte, the others for a code point. */
  isByte: boolean;
  next: number;
}

function readEscape(s: string, i: number, quote: string): Escape {
  const c = s[i];
  if (c === undefined) throw new LiteralError("invalid syntax");
  const simple = SIMPLE_ESCAPES[c];
  if (simple !== undefined) {
    if ((c === "'" || c === '"') && c !== quote) throw new LiteralError("invalid syntax");
    return { value: simple, isByte: false, next: i + 1 };
  }
  const hexDigits = c === "x" ? 2 : c === "u" ? 4 : c === "U" ? 8 : 0;
  if (hexDigits > 0) {
    const digits = s.slice(i + 1, i + 1 + hexDigits);
    if (!new RegExp(`^[0-9a-fA-F]{${hexDigits}}$`).test(digits)) throw new LiteralError("invalid syntax");
    const value = parseInt(digits, 16);
    if (c !== "x" && (value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff))) throw new LiteralError("invalid syntax");
    return { value, isByte: c === "x", next: i + 1 + hexDigits };
  }
  if (c >= "0" && c <= "7") {
    const digits = s.slice(i, i + 3);
    if (!/^[0-7]{3}$/.test(digits)) throw new LiteralError("invalid syntax");
    const value = parseInt(digits, 8);
    if (value > 255) throw new LiteralError("invalid syntax");
    return { value, isByte: true, next: i + 3 };
  }
  throw new LiteralError("invalid syntax");
}

/** strconv.Unquote for "double-quoted" and `raw` literals. */
export function unquote(literal: string): string {
  if (literal.length >= 2 && literal[0] === "`" && literal.endsWith("`")) {
    const body = literal.slice(1, -1);
    if (body.includes("`")) throw new LiteralError("invalid syntax");
    return body.replaceAll("\r", "");
  }
  if (literal.length < 2 || literal[0] !== '"' || !literal.endsWith('"')) throw new LiteralError("invalid syntax");
  const body = literal.slice(1, -1);
  if (!body.includes("\\")) {
    if (body.includes('"') || body.includes("\n")) throw new LiteralError("invalid syntax");
    return body;
  }
  const bytes: number[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    if (c === '"' || c === "\n") throw new LiteralError("invalid syntax");
    if (c !== "\\") {
      const cp = body.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      bytes.push(...utf8Bytes(ch));
      i += ch.length;
      continue;
    }
    const esc = readEscape(body, i + 1, '"');
    if (esc.isByte) bytes.push(esc.value);
    else bytes.push(...utf8Bytes(String.fromCodePoint(esc.value)));
    i = esc.next;
  }
  return utf8String(Uint8Array.from(bytes));
}

/** The code point of a character constant such as 'a' or '\n'. */
export function unquoteChar(literal: string): number {
  if (literal.length < 3 || literal[0] !== "'") throw new LiteralError("invalid syntax");
  let value: number;
  let next: number;
  if (literal[1] === "\\") {
    const esc = readEscape(literal, 2, "'");
    value = esc.value;
    next = esc.next;
  } else {
    value = literal.codePointAt(1)!;
    if (value === 39 || value === 10) throw new LiteralError("invalid syntax");
    next = 1 + String.fromCodePoint(value).length;
  }
  if (literal.slice(next) !== "'") throw new LiteralError(`malformed character constant: ${literal}`);
  return value;
}

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

interface IntegerText {
  negative: boolean;
  signed: boolean;
  magnitude: bigint;
}

/** Integer syntax of strconv.ParseInt with base 0: optional sign, 0x/0o/0b/0 prefixes, underscores between digits. */
function readInteger(text: string): IntegerText | null {
  let s = text;
  const signed = s[0] === "+" || s[0] === "-";
  const negative = s[0] === "-";
  if (signed) s = s.slice(1);
  let base = 10;
  let digits = s;
  let prefixed = false;
  if (/^0[xX]/.test(s)) [base, digits, prefixed] = [16, s.slice(2), true];
  else if (/^0[oO]/.test(s)) [base, digits, prefixed] = [8, s.slice(2), true];
  else if (/^0[bB]/.test(s)) [base, digits, prefixed] = [2, s.slice(2), true];
  else if (s.length > 1 && s[0] === "0") [base, digits, prefixed] = [8, s.slice(1), true];
  const digit = base === 16 ? "[0-9a-fA-F]" : base === 8 ? "[0-7]" : base === 2 ? "[01]" : "[0-9]";
  const shape = prefixed ? new RegExp(`^(_?${digit})+$`) : new RegExp(`^${digit}(_?${digit})*$`);
  if (!shape.test(digits)) return null;
  let magnitude = 0n;
  for (const ch of digits.replaceAll("_", "")) magnitude = magnitude * BigInt(base) + BigInt(parseInt(ch, base));
  return { negative, signed, magnitude };
}

/** strconv.ParseFloat for decimal and hexadecimal floating-point text; null when malformed. */
function readFloat(text: string): number | null {
  let s = text;
  let sign = 1;
  if (s[0] === "+" || s[0] === "-") {
    if (s[0] === "-") sign = -1;
    s = s.slice(1);
  }
  if (/^0[xX]/.test(s)) {
    const m = /^0[xX]((?:_?[0-9a-fA-F])*)(?:\.([0-9a-fA-F_]*))?[pP]([+-]?[0-9_]+)$/.exec(s);
    if (!m || (m[1] === "" && !m[2])) return null;
    const intPart = m[1]!.replaceAll("_", "");
    const fracPart = (m[2] ?? "").replaceAll("_", "");
    let mantissa = 0;
    for (const ch of intPart + fracPart) mantissa = mantissa * 16 + parseInt(ch, 16);
    const exp = Number(m[3]!.replaceAll("_", "")) - 4 * fracPart.length;
    return sign * mantissa * Math.pow(2, exp);
  }
  if (!/^(\d(_?\d)*)?(\.(\d(_?\d)*)?)?([eE][+-]?\d(_?\d)*)?$/.test(s) || !/\d/.test(s.split(/[eE]/)[0]!)) return null;
  return sign * Number(s.replaceAll("_", ""));
}

export interface NumberValue {
  isInt: boolean;
  isUint: boolean;
  isFloat: boolean;
  int: bigint;
  float: number;
}

/** Reads a number or character constant the way the template parser types it. */
export function parseNumber(text: string, isChar: boolean): NumberValue {
  if (isChar) {
    const cp = unquoteChar(text);
    return { isInt: true, isUint: true, isFloat: true, int: BigInt(cp), float: cp };
  }
  if (text.endsWith("i")) throw new LiteralError("complex constants are not supported");
  const n: NumberValue = { isInt: false, isUint: false, isFloat: false, int: 0n, float: 0 };
  const integer = readInteger(text);
  if (integer) {
    const value = integer.negative ? -integer.magnitude : integer.magnitude;
    if (!integer.signed && value <= UINT64_MAX) n.isUint = true;
    if (value >= INT64_MIN && value <= INT64_MAX) {
      n.isInt = true;
      n.int = value;
      if (value === 0n) n.isUint = true;
    }
  }
  if (n.isInt || n.isUint) {
    n.isFloat = true;
    n.float = Number(integer!.negative ? -integer!.magnitude : integer!.magnitude);
  } else {
    const f = readFloat(text);
    if (f !== null) {
      if (!/[.eEpP]/.test(text)) throw new LiteralError(`integer overflow: ${goQuote(text)}`);
      n.isFloat = true;
      n.float = f;
      if (Number.isInteger(f) && f >= -9223372036854775808 && f < 9223372036854775808) {
        n.isInt = true;
        n.int = BigInt(f);
      }
      if (Number.isInteger(f) && f >= 0 && f < 18446744073709551616) n.isUint = true;
    }
  }
  if (!n.isInt && !n.isUint && !n.isFloat) throw new LiteralError(`illegal number syntax: ${goQuote(text)}`);
  return n;
}
