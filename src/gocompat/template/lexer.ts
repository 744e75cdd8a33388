// Tokenizer for Go text/template source with the default delimiters "{{" and "}}".
import { goQuote } from "./fmt.ts";

export type ItemType =
  | "error"
  | "bool"
  | "char"
  | "charConstant"
  | "comment"
  | "assign"
  | "declare"
  | "eof"
  | "field"
  | "identifier"
  | "leftDelim"
  | "leftParen"
  | "number"
  | "pipe"
  | "rawString"
  | "rightDelim"
  | "rightParen"
  | "space"
  | "string"
  | "text"
  | "variable"
  // keywords
  | "block"
  | "break"
  | "continue"
  | "dot"
  | "define"
  | "else"
  | "end"
  | "if"
  | "nil"
  | "range"
  | "template"
  | "with";

export interface Item {
  readonly type: ItemType;
  readonly pos: number;
  readonly val: string;
  readonly line: number;
}

const KEYWORDS: Readonly<Record<string, ItemType>> = {
  ".": "dot",
  block: "block",
  break: "break",
  continue: "continue",
  define: "define",
  else: "else",
  end: "end",
  if: "if",
  nil: "nil",
  range: "range",
  template: "template",
  with: "with",
};

const KEYWORD_TYPES: ReadonlySet<ItemType> = new Set(Object.values(KEYWORDS));

export function isKeyword(type: ItemType): boolean {
  return KEYWORD_TYPES.has(type);
}

/** How the parser names a token in its error messages. */
export function describeItem(item: Item): string {
  if (item.type === "eof") return "EOF";
  if (item.type === "error") return item.val;
  if (isKeyword(item.type)) return `<${item.val}>`;
  const chars = [...item.val];
  if (chars.length > 10) return goQuote(chars.slice(0, 10).join("")) + "...";
  return goQuote(item.val);
}

const LEFT_DELIM = "{{";
const RIGHT_DELIM = "}}";
const LEFT_COMMENT = "/*";
const RIGHT_COMMENT = "*/";
const TRIM_MARKER_LEN = 2;

function isSpace(c: string | undefined): boolean {
  return c === " " || c === "\t" || c === "\r" || c === "\n";
}

const ALNUM = /^[_\p{L}\p{Nd}]$/u;

function isAlphaNumeric(c: string): boolean {
  return c !== "" && ALNUM.test(c);
}

function hasLeftTrimMarker(s: string, at: number): boolean {
  return s[at] === "-" && isSpace(s[at + 1]);
}

function hasRightTrimMarker(s: string, at: number): boolean {
  return isSpace(s[at]) && s[at + 1] === "-";
}

function leftTrimLength(s: string, from: number): number {
  let i = from;
  while (i < s.length && isSpace(s[i])) i++;
  return i - from;
}

function rightTrimLength(s: string, from: number, to: number): number {
  let i = to;
  while (i > from && isSpace(s[i - 1])) i--;
  return to - i;
}

/** Formats a character as Go's %#U does, e.g. U+0023 '#'. */
function describeChar(c: string): string {
  const cp = c.codePointAt(0) ?? 0;
  return `U+${cp.toString(16).toUpperCase().padStart(4, "0")} '${c}'`;
}

type State = ((this: void) => State) | null;

/** Splits template text into tokens, ending with an "eof" or an "error" item. */
export function lex(input: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  let start = 0;
  let parenDepth = 0;
  let lastWidth = 0;

  // Line numbers are derived from offsets; newline offsets are found once.
  const newlines: number[] = [];
  for (let i = input.indexOf("\n"); i >= 0; i = input.indexOf("\n", i + 1)) newlines.push(i);
  const lineAt = (offset: number): number => {
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (newlines[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };

  const next = (): string => {
    if (pos >= input.length) {
      lastWidth = 0;
      return "";
    }
    const cp = input.codePointAt(pos)!;
    lastWidth = cp > 0xffff ? 2 : 1;
    const c = input.slice(pos, pos + lastWidth);
    pos += lastWidth;
    return c;
  };
  const backup = (): void => {
    pos -= lastWidth;
  };
  const peek = (): string => {
    const c = next();
    backup();
    return c;
  };
  const push = (type: ItemType, from: number, to: number): void => {
    items.push({ type, pos: from, val: input.slice(from, to), line: lineAt(from) });
  };
  const emit = (type: ItemType): void => {
    push(type, start, pos);
    start = pos;
  };
  const ignore = (): void => {
    start = pos;
  };
  const fail = (message: string): State => {
    items.push({ type: "error", pos: start, val: message, line: lineAt(start) });
    return null;
  };
  const accept = (valid: string): boolean => {
    const c = next();
    if (c !== "" && valid.includes(c)) return true;
    backup();
    return false;
  };
  const acceptRun = (valid: string): void => {
    while (accept(valid));
  };
  const atRightDelim = (): { delim: boolean; trim: boolean } => {
    if (hasRightTrimMarker(input, pos) && input.startsWith(RIGHT_DELIM, pos + TRIM_MARKER_LEN)) return { delim: true, trim: true };
    if (input.startsWith(RIGHT_DELIM, pos)) return { delim: true, trim: false };
    return { delim: false, trim: false };
  };
  const atTerminator = (): boolean => {
    const c = peek();
    if (isSpace(c)) return true;
    switch (c) {
      case "":
      case ".":
      case ",":
      case "|":
      case ":":
      case ")":
      case "(":
        return true;
    }
    return input.startsWith(RIGHT_DELIM, pos);
  };

  const lexText: State = () => {
    const x = input.indexOf(LEFT_DELIM, pos);
    if (x >= 0) {
      if (x > pos) {
        pos = x;
        const trim = hasLeftTrimMarker(input, x + LEFT_DELIM.length) ? rightTrimLength(input, start, pos) : 0;
        if (pos - trim > start) push("text", start, pos - trim);
        ignore();
      }
      return lexLeftDelim;
    }
    pos = input.length;
    if (pos > start) emit("text");
    emit("eof");
    return null;
  };

  const lexLeftDelim: State = () => {
    pos += LEFT_DELIM.length;
    const trim = hasLeftTrimMarker(input, pos);
    const afterMarker = trim ? TRIM_MARKER_LEN : 0;
    if (input.startsWith(LEFT_COMMENT, pos + afterMarker)) {
      pos += afterMarker;
      ignore();
      return lexComment;
    }
    emit("leftDelim");
    pos += afterMarker;
    ignore();
    parenDepth = 0;
    return lexInsideAction;
  };

  const lexComment: State = () => {
    pos += LEFT_COMMENT.length;
    const x = input.indexOf(RIGHT_COMMENT, pos);
    if (x < 0) return fail("unclosed comment");
    pos = x + RIGHT_COMMENT.length;
    const { delim, trim } = atRightDelim();
    if (!delim) return fail("comment ends before closing delimiter");
    emit("comment");
    if (trim) pos += TRIM_MARKER_LEN;
    pos += RIGHT_DELIM.length;
    if (trim) pos += leftTrimLength(input, pos);
    ignore();
    return lexText;
  };

  const lexRightDelim: State = () => {
    const { trim } = atRightDelim();
    if (trim) {
      pos += TRIM_MARKER_LEN;
      ignore();
    }
    pos += RIGHT_DELIM.length;
    emit("rightDelim");
    if (trim) {
      pos += leftTrimLength(input, pos);
      ignore();
    }
    return lexText;
  };

  const lexInsideAction: State = () => {
    if (atRightDelim().delim) {
      if (parenDepth === 0) return lexRightDelim;
      return fail("unclosed left paren");
    }
    const c = next();
    if (c === "") return fail("unclosed action");
    if (isSpace(c)) {
      backup();
      return lexSpace;
    }
    switch (c) {
      case "=":
        emit("assign");
        return lexInsideAction;
      case ":":
        if (next() !== "=") return fail("expected :=");
        emit("declare");
        return lexInsideAction;
      case "|":
        emit("pipe");
        return lexInsideAction;
      case '"':
        return lexQuote;
      case "`":
        return lexRawQuote;
      case "$":
        return lexVariable;
      case "'":
        return lexChar;
      case "(":
        emit("leftParen");
        parenDepth++;
        return lexInsideAction;
      case ")":
        parenDepth--;
        if (parenDepth < 0) return fail("unexpected right paren");
        emit("rightParen");
        return lexInsideAction;
    }
    if (c === ".") {
      const after = input[pos];
      if (after !== undefined && (after < "0" || after > "9")) return lexField;
    }
    if (c === "." || c === "+" || c === "-" || (c >= "0" && c <= "9")) {
      backup();
      return lexNumber;
    }
    if (isAlphaNumeric(c)) {
      backup();
      return lexIdentifier;
    }
    const cp = c.codePointAt(0)!;
    if (cp >= 0x20 && cp < 0x7f) {
      emit("char");
      return lexInsideAction;
    }
    return fail(`unrecognized character in action: ${describeChar(c)}`);
  };

  const lexSpace: State = () => {
    let spaces = 0;
    while (isSpace(peek())) {
      next();
      spaces++;
    }
    // A space followed by "-}}" belongs to the trim-marked closing delimiter.
    if (hasRightTrimMarker(input, pos - 1) && input.startsWith(RIGHT_DELIM, pos - 1 + TRIM_MARKER_LEN)) {
      pos -= 1;
      if (spaces === 1) return lexRightDelim;
    }
    emit("space");
    return lexInsideAction;
  };

  const lexIdentifier: State = () => {
    for (;;) {
      const c = next();
      if (isAlphaNumeric(c)) continue;
      backup();
      const word = input.slice(start, pos);
      if (!atTerminator()) return fail(`bad character ${describeChar(c)}`);
      const keyword = KEYWORDS[word];
      if (keyword !== undefined) emit(keyword);
      else if (word === "true" || word === "false") emit("bool");
      else emit("identifier");
      return lexInsideAction;
    }
  };

  const lexFieldOrVariable = (type: "field" | "variable"): State => {
    if (atTerminator()) {
      emit(type === "variable" ? "variable" : "dot");
      return lexInsideAction;
    }
    let c: string;
    for (;;) {
      c = next();
      if (!isAlphaNumeric(c)) {
        backup();
        break;
      }
    }
    if (!atTerminator()) return fail(`bad character ${describeChar(c)}`);
    emit(type);
    return lexInsideAction;
  };
  const lexField: State = () => lexFieldOrVariable("field");
  const lexVariable: State = () => lexFieldOrVariable("variable");

  const lexQuote: State = () => {
    for (;;) {
      const c = next();
      if (c === "\\") {
        const escaped = next();
        if (escaped !== "" && escaped !== "\n") continue;
        return fail("unterminated quoted string");
      }
      if (c === "" || c === "\n") return fail("unterminated quoted string");
      if (c === '"') break;
    }
    emit("string");
    return lexInsideAction;
  };

  const lexRawQuote: State = () => {
    const end = input.indexOf("`", pos);
    if (end < 0) return fail("unterminated raw quoted string");
    pos = end + 1;
    emit("rawString");
    return lexInsideAction;
  };

  const lexChar: State = () => {
    for (;;) {
      const c = next();
      if (c === "\\") {
        const escaped = next();
        if (escaped !== "" && escaped !== "\n") continue;
        return fail("unterminated character constant");
      }
      if (c === "" || c === "\n") return fail("unterminated character constant");
      if (c === "'") break;
    }
    emit("charConstant");
    return lexInsideAction;
  };

  const scanNumber = (): boolean => {
    accept("+-");
    let digits = "0123456789_";
    if (accept("0")) {
      if (accept("xX")) digits = "0123456789abcdefABCDEF_";
      else if (accept("oO")) digits = "01234567_";
      else if (accept("bB")) digits = "01_";
    }
    acceptRun(digits);
    if (accept(".")) acceptRun(digits);
    if (digits.length === 11 && accept("eE")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    if (digits.length === 23 && accept("pP")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    accept("i");
    if (isAlphaNumeric(peek())) {
      next();
      return false;
    }
    return true;
  };

  const lexNumber: State = () => {
    if (!scanNumber()) return fail(`bad number syntax: ${goQuote(input.slice(start, pos))}`);
    const sign = peek();
    if (sign === "+" || sign === "-") {
      // Go would read a complex constant such as 1+2i here; complex numbers are not supported.
      scanNumber();
      return fail(`bad number syntax: ${goQuote(input.slice(start, pos))}`);
    }
    emit("number");
    return lexInsideAction;
  };

  let state: State = lexText;
  while (state !== null) state = state();
  return items;
}
