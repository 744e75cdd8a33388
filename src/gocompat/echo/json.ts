/**
 * A JSON reader that fails the way Go's `json.Decoder` does, so that admin bodies Hanko refuses with
 * "Syntax error: offset=…, error=…" are refused with the same text. Offsets are byte offsets, as
 * in Go; only the first value is read and whatever follows it is ignored, as `Decoder.Decode` does.
 */

interface Span {
  /** byte index of the first byte of the value */
  start: number;
  /** byte index just after the value */
  end: number;
}

export type JsonNode =
  | (Span & { kind: "object"; entries: { key: string; value: JsonNode }[] })
  | (Span & { kind: "array"; items: JsonNode[] })
  | (Span & { kind: "string"; value: string })
  | (Span & { kind: "number" })
  | (Span & { kind: "bool"; value: boolean })
  | (Span & { kind: "null" });

export type JsonRead = { ok: true; node: JsonNode } | { ok: false; message: string };

/** Go's `maxNestingDepth`: the scanner refuses to open an object or array deeper than this. */
const MAX_NESTING_DEPTH = 10000;

/** An object or array whose closing bracket is still to come; an object's `key` is that of the value being read. */
type Container =
  | { kind: "object"; start: number; entries: { key: string; value: JsonNode }[]; key: string }
  | { kind: "array"; start: number; items: JsonNode[] };

class SyntaxFailure {
  constructor(readonly message: string) {}
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const SIMPLE_ESCAPES = new Set([...'"\\/bfnrt'].map((c) => c.charCodeAt(0)));
const utf8 = new TextDecoder();

/** Reads the first JSON value of `bytes`; the failure message is the one Echo's binder would put in its 400. */
export function readGoJson(bytes: Uint8Array): JsonRead {
  let pos = 0;
  const fail = (context: string): never => {
    throw new SyntaxFailure(`Syntax error: offset=${pos + 1}, error=invalid character ${quoteChar(bytes[pos]!)} ${context}`);
  };
  const eof = (): never => {
    throw new SyntaxFailure("unexpected EOF");
  };
  const skipSpace = () => {
    while (pos < bytes.length && WHITESPACE.has(bytes[pos]!)) pos++;
  };
  const peek = (): number => (pos < bytes.length ? bytes[pos]! : eof());
  const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
  const isHex = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

  const literal = (word: string, node: () => JsonNode): JsonNode => {
    for (let i = 1; i < word.length; i++) {
      pos++;
      if (peek() !== word.charCodeAt(i)) fail(`in literal ${word} (expecting ${quoteChar(word.charCodeAt(i))})`);
    }
    pos++;
    return node();
  };

  const string = (): JsonNode => {
    const start = pos++;
    for (;;) {
      const c = peek();
      if (c === 0x22) break;
      if (c === 0x5c) {
        pos++;
        const escaped = peek();
        if (escaped === 0x75) {
          for (let i = 0; i < 4; i++) {
            pos++;
            if (!isHex(peek())) fail("in \\u hexadecimal character escape");
          }
        } else if (!SIMPLE_ESCAPES.has(escaped)) fail("in string escape code");
      } else if (c < 0x20) fail("in string literal");
      pos++;
    }
    pos++;
    return { kind: "string", start, end: pos, value: JSON.parse(utf8.decode(bytes.subarray(start, pos))) as string };
  };

  const number = (): JsonNode => {
    const start = pos;
    // A number ends only at the byte after it, so running out of input there is no error.
    const at = () => (pos < bytes.length ? bytes[pos]! : -1);
    if (at() === 0x2d) {
      pos++;
      if (!isDigit(peek())) fail("in numeric literal");
    }
    if (at() === 0x30) pos++;
    else while (isDigit(at())) pos++;
    if (at() === 0x2e) {
      pos++;
      if (!isDigit(peek())) fail("after decimal point in numeric literal");
      while (isDigit(at())) pos++;
    }
    if (at() === 0x65 || at() === 0x45) {
      pos++;
      if (peek() === 0x2b || peek() === 0x2d) pos++;
      if (!isDigit(peek())) fail("in exponent of numeric literal");
      while (isDigit(at())) pos++;
    }
    return { kind: "number", start, end: pos };
  };

  const scalar = (): JsonNode => {
    const c = peek();
    const start = pos;
    if (c === 0x22) return string();
    if (c === 0x2d || isDigit(c)) return number();
    if (c === 0x74) return literal("true", () => ({ kind: "bool", start, end: pos, value: true }));
    if (c === 0x66) return literal("false", () => ({ kind: "bool", start, end: pos, value: false }));
    if (c === 0x6e) return literal("null", () => ({ kind: "null", start, end: pos }));
    return fail("looking for beginning of value");
  };

  const objectKey = (): string => {
    if (peek() !== 0x22) fail("looking for beginning of object key string");
    const key = string() as { value: string };
    skipSpace();
    if (peek() !== 0x3a) fail("after object key");
    pos++;
    return key.value;
  };

  // The objects and arrays still open, innermost last: a loop, not recursion, so that no nesting
  // Go accepts can overflow the call stack.
  const open: Container[] = [];
  const value = (): JsonNode => {
    for (;;) {
      skipSpace();
      const c = peek();
      const start = pos;
      let node: JsonNode;
      if (c === 0x7b || c === 0x5b) {
        if (open.length === MAX_NESTING_DEPTH) fail("exceeded max depth");
        pos++;
        skipSpace();
        if (c === 0x7b && peek() === 0x7d) {
          pos++;
          node = { kind: "object", start, end: pos, entries: [] };
        } else if (c === 0x5b && peek() === 0x5d) {
          pos++;
          node = { kind: "array", start, end: pos, items: [] };
        } else {
          open.push(c === 0x7b ? { kind: "object", start, entries: [], key: objectKey() } : { kind: "array", start, items: [] });
          continue;
        }
      } else node = scalar();
      // Hand the finished value to the containers it completes, until one expects another value.
      for (let parent = open.at(-1); ; parent = open.at(-1)) {
        if (parent === undefined) return node;
        if (parent.kind === "array") parent.items.push(node);
        else parent.entries.push({ key: parent.key, value: node });
        skipSpace();
        if (peek() === 0x2c) {
          pos++;
          if (parent.kind === "object") {
            skipSpace();
            parent.key = objectKey();
          }
          break;
        }
        if (parent.kind === "array" && peek() !== 0x5d) fail("after array element");
        if (parent.kind === "object" && peek() !== 0x7d) fail("after object key:value pair");
        pos++;
        open.pop();
        node =
          parent.kind === "array"
            ? { kind: "array", start: parent.start, end: pos, items: parent.items }
            : { kind: "object", start: parent.start, end: pos, entries: parent.entries };
      }
    }
  };

  skipSpace();
  // Go tells a body of nothing but whitespace ("EOF") from one cut off mid-value ("unexpected EOF").
  if (pos === bytes.length) return { ok: false, message: "EOF" };
  try {
    return { ok: true, node: value() };
  } catch (error) {
    if (error instanceof SyntaxFailure) return { ok: false, message: error.message };
    throw error;
  }
}

/** Go's `quoteChar`: the offending byte as a Go rune literal. */
function quoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return "'\"'";
  return `'${goQuoteRune(c)}'`;
}

const NAMED_ESCAPES: Record<number, string> = { 7: "\\a", 8: "\\b", 12: "\\f", 10: "\\n", 13: "\\r", 9: "\\t", 11: "\\v", 92: "\\\\" };

/** How `strconv.Quote` writes a single Latin-1 code point, without the quotes. */
function goQuoteRune(c: number): string {
  const named = NAMED_ESCAPES[c];
  if (named) return named;
  if (c < 0x20 || c === 0x7f) return `\\x${c.toString(16).padStart(2, "0")}`;
  // C1 controls, the no-break space and the soft hyphen are not printable in Go's sense.
  if ((c >= 0x80 && c <= 0xa0) || c === 0xad) return `\\u${c.toString(16).padStart(4, "0")}`;
  return String.fromCharCode(c);
}
