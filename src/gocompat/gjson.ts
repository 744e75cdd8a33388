// A subset of GJSON (github.com/tidwall/gjson) path queries over JSON text, enough for Hanko's metadata accessors.
//
// Supported: dotted keys with "\" escapes; "*" and "?" wildcards in keys (first matching key wins);
// array indexes ("a.1"); "#" (array length); "#.rest" (rest applied to every element, results
// collected into a JSON array); queries "#(path op value)" returning the first matching element and
// "#(...)#" returning all of them, optionally followed by ".rest"; operators ==, =, !=, <, <=, >, >=,
// % (like, with * and ?) and !% (not like); a query without an operator tests existence; "@this".
// Left out: modifiers other than @this (@reverse, @pretty, @keys, ...), multipaths ("{a,b}" and
// "[a,b]"), literals ("!true"), the "|" pipe, "~" truthiness in queries and JSON lines (".."). Paths
// using them simply do not exist.
import { formatFloat } from "./template/fmt.ts";

export type GjsonType = "missing" | "null" | "false" | "true" | "number" | "string" | "json";

export interface GjsonResult {
  readonly exists: boolean;
  readonly type: GjsonType;
  /** The value's JSON text as found in the input (or built, for "#" and "#.rest"). */
  readonly raw: string;
  /** GJSON's Result.String(). */
  string(): string;
}

class Result implements GjsonResult {
  constructor(
    readonly type: GjsonType,
    readonly raw: string,
  ) {}

  get exists(): boolean {
    return this.type !== "missing";
  }

  string(): string {
    switch (this.type) {
      case "missing":
      case "null":
        return "";
      case "true":
      case "false":
        return this.type;
      case "string":
        return decodeString(this.raw);
      case "number":
        // Integers keep their text; anything else is re-printed without exponent or trailing zeros.
        return /^-?[0-9]+$/.test(this.raw) ? this.raw : formatFloat(Number(this.raw), "f", -1);
      case "json":
        return this.raw;
    }
  }
}

const NOTHING = new Result("missing", "");

interface Span {
  readonly type: Exclude<GjsonType, "missing">;
  readonly start: number;
  readonly end: number;
}

// ---- scanning JSON text ----

function skipSpace(json: string, i: number): number {
  while (i < json.length && json.charCodeAt(i) <= 32) i++;
  return i;
}

function stringEnd(json: string, i: number): number {
  for (let j = i + 1; j < json.length; j++) {
    const c = json[j];
    if (c === "\\") j++;
    else if (c === '"') return j + 1;
  }
  return json.length;
}

function compositeEnd(json: string, i: number): number {
  let depth = 0;
  for (let j = i; j < json.length; j++) {
    const c = json[j];
    if (c === '"') j = stringEnd(json, j) - 1;
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return json.length;
}

function scanValue(json: string, i: number): Span | null {
  const c = json[i];
  switch (c) {
    case "{":
    case "[":
      return { type: "json", start: i, end: compositeEnd(json, i) };
    case '"':
      return { type: "string", start: i, end: stringEnd(json, i) };
    case "t":
    case "f":
    case "n": {
      let j = i;
      while (j < json.length && /[a-z]/.test(json[j]!)) j++;
      return { type: c === "t" ? "true" : c === "f" ? "false" : "null", start: i, end: j };
    }
  }
  if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) {
    let j = i + 1;
    while (j < json.length && /[0-9eE+\-.]/.test(json[j]!)) j++;
    return { type: "number", start: i, end: j };
  }
  return null;
}

function decodeString(raw: string): string {
  try {
    const v: unknown = JSON.parse(raw);
    if (typeof v === "string") return v;
  } catch {
    // fall through to the lenient reading below
  }
  const body = raw.slice(1, raw.endsWith('"') && raw.length > 1 ? -1 : undefined);
  return body.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) => {
    if (e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    return ({ b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" } as Record<string, string>)[e] ?? e;
  });
}

function* members(json: string, object: Span): Generator<{ key: string; value: Span }> {
  let i = object.start + 1;
  for (;;) {
    i = skipSpace(json, i);
    if (json[i] !== '"') return;
    const keyEnd = stringEnd(json, i);
    const key = decodeString(json.slice(i, keyEnd));
    i = skipSpace(json, keyEnd);
    if (json[i] !== ":") return;
    const value = scanValue(json, skipSpace(json, i + 1));
    if (!value) return;
    yield { key, value };
    i = skipSpace(json, value.end);
    if (json[i] !== ",") return;
    i++;
  }
}

function* elements(json: string, array: Span): Generator<Span> {
  let i = array.start + 1;
  for (;;) {
    i = skipSpace(json, i);
    if (json[i] === "]") return;
    const value = scanValue(json, i);
    if (!value) return;
    yield value;
    i = skipSpace(json, value.end);
    if (json[i] !== ",") return;
    i++;
  }
}

function resultOf(json: string, span: Span): Result {
  return new Result(span.type, json.slice(span.start, span.end));
}

// ---- patterns ----

interface PatternChar {
  readonly c: string;
  /** Escaped with "\", so never a wildcard. */
  readonly literal: boolean;
}

function isWild(p: readonly PatternChar[]): boolean {
  return p.some((x) => !x.literal && (x.c === "*" || x.c === "?"));
}

function globMatch(text: string, pattern: readonly PatternChar[]): boolean {
  const s = [...text];
  let si = 0;
  let pi = 0;
  let star = -1;
  let mark = 0;
  while (si < s.length) {
    const p = pattern[pi];
    if (p && !p.literal && p.c === "*") {
      star = pi++;
      mark = si;
    } else if (p && ((!p.literal && p.c === "?") || p.c === s[si])) {
      si++;
      pi++;
    } else if (star >= 0) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pattern[pi] && !pattern[pi]!.literal && pattern[pi]!.c === "*") pi++;
  return pi === pattern.length;
}

/** Splits text into characters, "\x" standing for a literal x. */
function patternOf(text: string): PatternChar[] {
  const out: PatternChar[] = [];
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] === "\\" && i + 1 < chars.length) out.push({ c: chars[++i]!, literal: true });
    else out.push({ c: chars[i]!, literal: false });
  }
  return out;
}

// ---- path components ----

type Query = { path: string; op: string; value: string };

type Component =
  | { kind: "key"; pattern: PatternChar[] }
  | { kind: "count" }
  | { kind: "each" }
  | { kind: "query"; query: Query; all: boolean }
  | { kind: "this" }
  | { kind: "unsupported" };

const MODIFIERS = new Set(["reverse", "ugly", "pretty", "valid", "flatten", "join", "keys", "values", "tostr", "fromstr", "group", "dig"]);

function trimSpace(s: string): string {
  return s.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, "");
}

/** Reads "#(...)" at the start of `path`; returns the query and the index after ")", or null if unbalanced. */
function readQuery(path: string): { query: Query; next: number } | null {
  let depth = 1;
  let opStart = 0;
  let i = 2;
  for (; i < path.length; i++) {
    const c = path[i]!;
    if (depth === 1 && opStart === 0 && "!=<>%".includes(c)) {
      opStart = i;
      continue;
    }
    if (c === "\\") i++;
    else if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") {
      depth--;
      if (depth === 0) break;
    } else if (c === '"') {
      for (i++; i < path.length && path[i] !== '"'; i++) if (path[i] === "\\") i++;
    }
  }
  if (depth > 0) return null;
  if (opStart === 0) return { query: { path: trimSpace(path.slice(2, i)), op: "", value: "" }, next: i + 1 };
  let rest = trimSpace(path.slice(opStart, i));
  let op: string;
  if (rest.length === 1) op = rest;
  else if (rest.startsWith("==")) {
    rest = rest.slice(1);
    op = "=";
  } else if (["!=", "!%", "<=", ">="].includes(rest.slice(0, 2))) op = rest.slice(0, 2);
  else op = rest[0]!;
  let value = trimSpace(rest.slice(op.length));
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = decodeString(value);
  return { query: { path: trimSpace(path.slice(2, opStart)), op, value }, next: i + 1 };
}

/** The first component of `path` and what follows it (null when nothing does). */
function readComponent(path: string): { component: Component; rest: string | null } {
  if (path.startsWith("#(")) {
    const q = readQuery(path);
    if (!q) return { component: { kind: "unsupported" }, rest: null };
    let i = q.next;
    const all = path[i] === "#";
    if (all) i++;
    if (i >= path.length) return { component: { kind: "query", query: q.query, all }, rest: null };
    if (path[i] !== ".") return { component: { kind: "unsupported" }, rest: null };
    return { component: { kind: "query", query: q.query, all }, rest: path.slice(i + 1) };
  }
  let i = 0;
  let escaped = false;
  for (; i < path.length; i++) {
    const c = path[i];
    if (c === "\\") {
      i++;
      escaped = true;
    } else if (c === ".") break;
    else if (c === "|") return { component: { kind: "unsupported" }, rest: null };
  }
  const text = path.slice(0, i);
  const rest = i < path.length ? path.slice(i + 1) : null;
  if (!escaped) {
    if (text === "#") return { component: rest === null ? { kind: "count" } : { kind: "each" }, rest };
    if (text === "@this") return { component: { kind: "this" }, rest };
    if (text.startsWith("@") && MODIFIERS.has(text.slice(1).split(":")[0]!)) return { component: { kind: "unsupported" }, rest };
  }
  return { component: { kind: "key", pattern: patternOf(text) }, rest };
}

// ---- evaluation ----

function queryMatches(target: Result, op: string, value: string): boolean {
  if (!target.exists) return false;
  if (op === "") return true;
  switch (target.type) {
    case "string": {
      const s = target.string();
      switch (op) {
        case "=":
          return s === value;
        case "!=":
          return s !== value;
        case "<":
          return s < value;
        case "<=":
          return s <= value;
        case ">":
          return s > value;
        case ">=":
          return s >= value;
        case "%":
          return globMatch(s, patternOf(value));
        case "!%":
          return !globMatch(s, patternOf(value));
      }
      return false;
    }
    case "number": {
      const n = Number(target.raw);
      const parsed = Number(value);
      const v = value.trim() === value && value !== "" && !Number.isNaN(parsed) ? parsed : 0;
      switch (op) {
        case "=":
          return n === v;
        case "!=":
          return n !== v;
        case "<":
          return n < v;
        case "<=":
          return n <= v;
        case ">":
          return n > v;
        case ">=":
          return n >= v;
      }
      return false;
    }
    case "true":
      return op === "=" ? value === "true" : op === "!=" ? value !== "true" : op === ">" ? value === "false" : op === ">=";
    case "false":
      return op === "=" ? value === "false" : op === "!=" ? value !== "false" : op === "<" ? value === "true" : op === "<=";
  }
  return false;
}

function evaluate(json: string, value: Span, path: string): Result {
  const { component, rest } = readComponent(path);
  const then = (span: Span): Result => (rest === null ? resultOf(json, span) : evaluate(json, span, rest));
  switch (component.kind) {
    case "unsupported":
      return NOTHING;
    case "this":
      return then(value);
  }
  if (value.type === "json" && json[value.start] === "{") {
    // On objects "#" is an ordinary key.
    const pattern = component.kind === "key" ? component.pattern : component.kind !== "query" ? patternOf("#") : null;
    if (!pattern) return NOTHING;
    const wild = isWild(pattern);
    const key = pattern.map((p) => p.c).join("");
    // The first matching key whose value also has the rest of the path wins.
    for (const m of members(json, value)) {
      if (!(wild ? globMatch(m.key, pattern) : m.key === key)) continue;
      const found = then(m.value);
      if (found.exists) return found;
    }
    return NOTHING;
  }
  if (value.type !== "json") return NOTHING;
  switch (component.kind) {
    case "count":
      return new Result("number", String([...elements(json, value)].length));
    case "each": {
      const raws: string[] = [];
      for (const e of elements(json, value)) {
        const r = evaluate(json, e, rest!);
        if (r.exists) raws.push(r.raw);
      }
      return new Result("json", "[" + raws.join(",") + "]");
    }
    case "query": {
      const { path: qpath, op, value: qvalue } = component.query;
      const raws: string[] = [];
      for (const e of elements(json, value)) {
        const target =
          qpath === "" ? (e.type === "json" ? NOTHING : resultOf(json, e)) : e.type === "json" ? evaluate(json, e, qpath) : NOTHING;
        if (!queryMatches(target, op, qvalue)) continue;
        const picked = then(e);
        if (!component.all) return picked;
        if (picked.raw !== "") raws.push(picked.raw);
      }
      return component.all ? new Result("json", "[" + raws.join(",") + "]") : NOTHING;
    }
    case "key": {
      const text = component.pattern.map((p) => p.c).join("");
      if (isWild(component.pattern) || !/^[0-9]+$/.test(text)) return NOTHING;
      const wanted = Number(text);
      let i = 0;
      for (const e of elements(json, value)) if (i++ === wanted) return then(e);
      return NOTHING;
    }
  }
}

/** Looks up `path` in `json` the way gjson.Get does (for the supported syntax). */
export function gjsonGet(json: string, path: string): GjsonResult {
  const start = skipSpace(json, 0);
  const root = scanValue(json, start);
  if (!root || path === "") return NOTHING;
  // GJSON's "@this" on the whole document keeps everything from the first character to the end.
  if (path === "@this") return root.type === "json" ? new Result("json", json.slice(start)) : resultOf(json, root);
  if (path.startsWith("..") || path.startsWith("!") || path.startsWith("{") || path.startsWith("[")) return NOTHING;
  return evaluate(json, root, path);
}
