// The predefined functions of Go text/template (all but "call").
import { isPrintable, sprint, sprintf, sprintln } from "./fmt.ts";
import {
  byteLength,
  CallError,
  GoPointer,
  indirect,
  isGoMap,
  isTrue,
  kindOf,
  typeName,
  utf8Bytes,
  utf8String,
  type GoCallable,
  type GoValue,
} from "./values.ts";

const BAD_COMPARISON_TYPE = "invalid type for comparison";
const NO_COMPARISON = "missing argument for comparison";

type BasicKind = "bool" | "int" | "float" | "string" | "invalid";

/** A nil interface counts as no value at all once unwrapped. */
function unwrapInterface(v: GoValue): GoValue {
  return v === null ? undefined : v;
}

function basicKind(v: GoValue): BasicKind {
  const k = kindOf(v);
  return k === "bool" || k === "int" || k === "float" || k === "string" ? k : "invalid";
}

/** Orders strings by code point, which is the byte order of their UTF-8 encodings. */
function compareStrings(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

function incompatible(a: GoValue, b: GoValue): CallError {
  return new CallError(`incompatible types for comparison: ${typeName(a)} and ${typeName(b)}`);
}

function isNilLike(v: GoValue): boolean {
  return v === undefined || v === null || (v instanceof GoPointer && v.target === null);
}

function reflectKind(v: GoValue): string {
  const k = kindOf(v);
  return k === "nil" ? "invalid" : k;
}

function eqPair(a: GoValue, b: GoValue): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 !== k2) {
    if (a !== undefined && b !== undefined) throw incompatible(a, b);
    return false;
  }
  switch (k1) {
    case "string":
      return a === b;
    case "bool":
    case "int":
    case "float":
      return a === b;
  }
  // Neither side is a basic type: only nil checks and pointer identity are comparable.
  const r1 = reflectKind(a);
  const r2 = reflectKind(b);
  if (r1 !== r2 && r1 !== "invalid" && r2 !== "invalid") throw new CallError(`non-comparable types ${typeName(a)}, ${typeName(b)}`);
  if (isNilLike(a) || isNilLike(b)) return isNilLike(a) === isNilLike(b);
  if (r1 === "slice" || r1 === "map") throw new CallError(`non-comparable type ${typeName(b)}`);
  if (a instanceof GoPointer && b instanceof GoPointer) return a.target === b.target;
  return a === b;
}

function eq(args: GoValue[]): boolean {
  const [first, ...rest] = args.map(unwrapInterface);
  if (rest.length === 0) throw new CallError(NO_COMPARISON);
  for (const other of rest) if (eqPair(first, other)) return true;
  return false;
}

function lt(a0: GoValue, b0: GoValue): boolean {
  const a = unwrapInterface(a0);
  const b = unwrapInterface(b0);
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 === "invalid" || k2 === "invalid") throw new CallError(BAD_COMPARISON_TYPE);
  if (k1 !== k2) throw incompatible(a, b);
  switch (k1) {
    case "bool":
      throw new CallError(BAD_COMPARISON_TYPE);
    case "string":
      return compareStrings(a as string, b as string) < 0;
    default:
      return (a as number | bigint) < (b as number | bigint);
  }
}

function le(a: GoValue, b: GoValue): boolean {
  return lt(a, b) || eq([a, b]);
}

/** The index argument of index and slice, checked against the capacity. */
function indexArg(index: GoValue, cap: number): number {
  const i = unwrapInterface(index);
  if (i === undefined) throw new CallError("cannot index slice/array with nil");
  if (typeof i !== "bigint") throw new CallError(`cannot index slice/array with type ${typeName(i)}`);
  if (i < 0n || i > BigInt(cap)) throw new CallError(`index out of range: ${i}`);
  return Number(i);
}

function index(args: GoValue[]): GoValue {
  let item = unwrapInterface(args[0]);
  if (item === undefined) throw new CallError("index of untyped nil");
  for (const ix of args.slice(1)) {
    if (item === null || (item instanceof GoPointer && item.target === null)) throw new CallError("index of nil pointer");
    item = indirect(item);
    if (typeof item === "string") {
      const bytes = utf8Bytes(item);
      const x = indexArg(ix, bytes.length);
      if (x === bytes.length) throw new CallError("reflect: string index out of range");
      item = BigInt(bytes[x]!);
    } else if (Array.isArray(item)) {
      const x = indexArg(ix, item.length);
      if (x === item.length) throw new CallError("reflect: slice index out of range");
      item = item[x];
    } else if (isGoMap(item)) {
      const key = unwrapInterface(ix);
      if (key === undefined) throw new CallError("value is nil; should be of type string");
      if (typeof key !== "string") throw new CallError(`value has type ${typeName(key)}; should be string`);
      item = Object.hasOwn(item, key) && item[key] !== undefined ? item[key] : null;
    } else {
      throw new CallError(`can't index item of type ${typeName(item)}`);
    }
  }
  return item;
}

function slice(args: GoValue[]): GoValue {
  const item = unwrapInterface(args[0]);
  const indexes = args.slice(1);
  if (item === undefined) throw new CallError("slice of untyped nil");
  if (indexes.length > 3) throw new CallError(`too many slice indexes: ${indexes.length}`);
  let length: number;
  if (typeof item === "string") {
    if (indexes.length === 3) throw new CallError("cannot 3-index slice a string");
    length = byteLength(item);
  } else if (Array.isArray(item)) {
    length = item.length;
  } else {
    throw new CallError(`can't slice item of type ${typeName(item)}`);
  }
  const idx = [0, length, length];
  indexes.forEach((ix, i) => (idx[i] = indexArg(ix, length)));
  const [from, to, max] = idx as [number, number, number];
  if (from > to) throw new CallError(`invalid slice index: ${from} > ${to}`);
  if (indexes.length === 3 && to > max) throw new CallError(`invalid slice index: ${to} > ${max}`);
  if (typeof item === "string") return utf8String(utf8Bytes(item).slice(from, to));
  return (item as GoValue[]).slice(from, to);
}

function len(item: GoValue): bigint {
  if (item === undefined) throw new CallError("reflect: call of reflect.Value.Type on zero Value");
  if (item === null || (item instanceof GoPointer && item.target === null)) throw new CallError("len of nil pointer");
  const v = indirect(item);
  if (typeof v === "string") return BigInt(byteLength(v));
  if (Array.isArray(v)) return BigInt(v.length);
  if (isGoMap(v)) return BigInt(Object.keys(v).length);
  throw new CallError(`len of type ${typeName(v)}`);
}

/** The text html, js and urlquery work on: a lone string as is, otherwise the arguments printed. */
function evalArgs(args: GoValue[]): string {
  if (args.length === 1 && typeof args[0] === "string") return args[0];
  return sprint(args.map((a) => (a === undefined || a === null ? "<no value>" : a)));
}

function htmlEscape(s: string): string {
  return s.replace(/["'&<>\0]/g, (c) => ({ '"': "&#34;", "'": "&#39;", "&": "&amp;", "<": "&lt;", ">": "&gt;", "\0": "\uFFFD" })[c]!);
}

function jsEscape(s: string): string {
  let out = "";
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case "\\":
        out += "\\\\";
        continue;
      case "'":
        out += "\\'";
        continue;
      case '"':
        out += '\\"';
        continue;
      case "<":
        out += "\\u003C";
        continue;
      case ">":
        out += "\\u003E";
        continue;
      case "&":
        out += "\\u0026";
        continue;
      case "=":
        out += "\\u003D";
        continue;
    }
    if (cp < 0x20) out += "\\u00" + cp.toString(16).toUpperCase().padStart(2, "0");
    else if (cp < 0x80 || isPrintable(ch)) out += ch;
    else out += "\\u" + cp.toString(16).toUpperCase().padStart(4, "0");
  }
  return out;
}

function queryEscape(s: string): string {
  let out = "";
  for (const b of utf8Bytes(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === " ") out += "+";
    else out += "%" + b.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

function fn(params: GoCallable["params"], variadic: boolean, call: (args: GoValue[]) => GoValue): GoCallable {
  return { params, variadic, call };
}

const shortCircuit = (): never => {
  throw new Error("and/or are evaluated by the executor");
};

/** The built-in functions by name; "and" and "or" are evaluated lazily by the executor. */
export const BUILTINS: Readonly<Record<string, GoCallable>> = {
  and: fn(["any", "any"], true, shortCircuit),
  or: fn(["any", "any"], true, shortCircuit),
  not: fn(["any"], false, ([a]) => !isTrue(a)),
  len: fn(["any"], false, ([a]) => len(a)),
  index: fn(["any", "any"], true, index),
  slice: fn(["any", "any"], true, slice),
  eq: fn(["any", "any"], true, eq),
  ne: fn(["any", "any"], false, ([a, b]) => !eq([a, b])),
  lt: fn(["any", "any"], false, ([a, b]) => lt(a, b)),
  le: fn(["any", "any"], false, ([a, b]) => le(a, b)),
  gt: fn(["any", "any"], false, ([a, b]) => !le(a, b)),
  ge: fn(["any", "any"], false, ([a, b]) => !lt(a, b)),
  print: fn(["any"], true, sprint),
  println: fn(["any"], true, sprintln),
  printf: fn(["string", "any"], true, ([format, ...rest]) => sprintf(format as string, rest)),
  html: fn(["any"], true, (args) => htmlEscape(evalArgs(args))),
  js: fn(["any"], true, (args) => jsEscape(evalArgs(args))),
  urlquery: fn(["any"], true, (args) => queryEscape(evalArgs(args))),
};

export function isBuiltin(name: string): boolean {
  return Object.hasOwn(BUILTINS, name);
}
