// The value model the template engine works on, standing in for Go's reflect values.
//
//   undefined          an invalid value ("no value", e.g. a missing map key)
//   null               a nil interface (an explicit nil, or null inside a map or slice)
//   string, boolean    string, bool
//   bigint             int (integer literals, len, range over an int)
//   number             float64 (float literals, numbers in plain JS data)
//   GoValue[]          []interface {}
//   plain object       map[string]interface {}
//   GoStruct           a struct value of a described type
//   GoPointer          a pointer to such a struct, possibly nil

export type GoValue = undefined | null | string | boolean | bigint | number | GoValue[] | GoMap | GoStruct | GoPointer;

export interface GoMap {
  [key: string]: GoValue;
}

/** How a parameter of a function or method takes its argument. */
export type ParamType = "any" | "string";

/** A function or method as the engine calls it; `call` throws CallError for a Go error result or panic. */
export interface GoCallable {
  readonly params: readonly ParamType[];
  readonly variadic: boolean;
  call(args: GoValue[]): GoValue;
}

export interface GoMethod {
  readonly params: readonly ParamType[];
  readonly variadic: boolean;
  /** `receiver` is null when the method is called through a nil pointer. */
  call(receiver: GoStruct | null, args: GoValue[]): GoValue;
}

export interface GoStructType {
  /** Qualified name as Go prints it, e.g. "dto.EmailJWT". */
  readonly name: string;
  /** Field names in declaration order; lower-case names are unexported. */
  readonly fields: readonly string[];
  readonly methods?: Readonly<Record<string, GoMethod>>;
  /** A String() method (pointer receiver); used when the value is printed. */
  readonly stringer?: (receiver: GoStruct | null) => string;
}

export class GoStruct {
  constructor(
    readonly type: GoStructType,
    readonly fields: Readonly<Record<string, GoValue>>,
  ) {}
}

export class GoPointer {
  constructor(
    readonly type: GoStructType,
    readonly target: GoStruct | null,
  ) {}
}

/** An error returned by, or a panic inside, a called function or method. */
export class CallError extends Error {}

export type Kind = "invalid" | "nil" | "string" | "bool" | "int" | "float" | "slice" | "map" | "struct" | "ptr";

export function isGoMap(v: GoValue): v is GoMap {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function kindOf(v: GoValue): Kind {
  if (v === undefined) return "invalid";
  if (v === null) return "nil";
  switch (typeof v) {
    case "string":
      return "string";
    case "boolean":
      return "bool";
    case "bigint":
      return "int";
    case "number":
      return "float";
  }
  if (Array.isArray(v)) return "slice";
  if (v instanceof GoStruct) return "struct";
  if (v instanceof GoPointer) return "ptr";
  return "map";
}

export function typeName(v: GoValue): string {
  switch (kindOf(v)) {
    case "invalid":
    case "nil":
      return "<nil>";
    case "string":
      return "string";
    case "bool":
      return "bool";
    case "int":
      return "int";
    case "float":
      return "float64";
    case "slice":
      return "[]interface {}";
    case "map":
      return "map[string]interface {}";
    case "struct":
      return (v as GoStruct).type.name;
    case "ptr":
      return "*" + (v as GoPointer).type.name;
  }
}

/** Follows non-nil pointers to the struct they point at; a nil pointer stays as it is. */
export function indirect(v: GoValue): GoValue {
  return v instanceof GoPointer && v.target !== null ? v.target : v;
}

/** Go's truth test for if, with, and, or, not. */
export function isTrue(v: GoValue): boolean {
  switch (kindOf(v)) {
    case "invalid":
    case "nil":
      return false;
    case "string":
      return (v as string).length > 0;
    case "bool":
      return v as boolean;
    case "int":
      return v !== 0n;
    case "float":
      return v !== 0;
    case "slice":
      return (v as GoValue[]).length > 0;
    case "map":
      return Object.keys(v as GoMap).length > 0;
    case "struct":
      return true;
    case "ptr":
      return (v as GoPointer).target !== null;
  }
}

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

export function utf8Bytes(s: string): Uint8Array {
  return utf8.encode(s);
}

export function utf8String(bytes: Uint8Array): string {
  return utf8Decoder.decode(bytes);
}

/** Length as Go's len sees it: bytes for strings. */
export function byteLength(s: string): number {
  return utf8.encode(s).length;
}
