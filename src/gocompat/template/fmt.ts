// Value formatting after Go's fmt package, for the verbs templates use: Sprint, Sprintln and Sprintf.
import { GoPointer, GoStruct, kindOf, typeName, utf8Bytes, type GoMap, type GoValue } from "./values.ts";

interface Flags {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width: number | undefined;
  prec: number | undefined;
}

const NO_FLAGS: Flags = { minus: false, plus: false, sharp: false, space: false, zero: false, width: undefined, prec: undefined };

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** Whether Go's unicode.IsPrint would accept the character (letters, marks, numbers, punctuation, symbols, ASCII space). */
export function isPrintable(ch: string): boolean {
  return PRINTABLE.test(ch);
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, "0");
}

function quoteWith(s: string, quote: '"' | "'"): string {
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === "\\") {
      out += "\\" + ch;
    } else if (isPrintable(ch)) {
      out += ch;
    } else {
      switch (ch) {
        case "\x07":
          out += "\\a";
          break;
        case "\b":
          out += "\\b";
          break;
        case "\f":
          out += "\\f";
          break;
        case "\n":
          out += "\\n";
          break;
        case "\r":
          out += "\\r";
          break;
        case "\t":
          out += "\\t";
          break;
        case "\v":
          out += "\\v";
          break;
        default:
          if (cp < 0x20 || cp === 0x7f) out += "\\x" + hex(cp, 2);
          else if (cp >= 0xd800 && cp <= 0xdfff) out += "\\ufffd";
          else if (cp < 0x10000) out += "\\u" + hex(cp, 4);
          else out += "\\U" + hex(cp, 8);
      }
    }
  }
  return out + quote;
}

/** strconv.Quote */
export function goQuote(s: string): string {
  return quoteWith(s, '"');
}

/** strconv.QuoteRune */
export function goQuoteRune(cp: number): string {
  const valid = cp >= 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff);
  return quoteWith(String.fromCodePoint(valid ? cp : 0xfffd), "'");
}

// ---- floats ----------------------------------------------------------------------------------

interface Digits {
  digits: string; // significant digits, no leading/trailing zeros (except "0" for zero)
  dp: number; // position of the decimal point relative to the digits
}

function decompose(abs: number, significant?: number): Digits {
  if (abs === 0) return { digits: "0", dp: 1 };
  const e = significant === undefined ? abs.toExponential() : abs.toExponential(significant - 1);
  const [mantissa, exponent] = e.split("e") as [string, string];
  let digits = mantissa.replace(".", "");
  digits = digits.replace(/0+$/, "");
  if (digits === "") digits = "0";
  return { digits, dp: Number(exponent) + 1 };
}

function expForm(d: Digits, fracDigits: number, upper: boolean): string {
  const all = d.digits.padEnd(fracDigits + 1, "0");
  const mant = fracDigits > 0 ? all[0] + "." + all.slice(1, fracDigits + 1) : all[0]!;
  const exp = d.digits === "0" ? 0 : d.dp - 1;
  const sign = exp < 0 ? "-" : "+";
  return mant + (upper ? "E" : "e") + sign + String(Math.abs(exp)).padStart(2, "0");
}

function plainForm(d: Digits, fracDigits: number): string {
  let intPart: string;
  let frac: string;
  if (d.dp <= 0) {
    intPart = "0";
    frac = "0".repeat(-d.dp) + d.digits;
  } else if (d.dp >= d.digits.length) {
    intPart = d.digits + "0".repeat(d.dp - d.digits.length);
    frac = "";
  } else {
    intPart = d.digits.slice(0, d.dp);
    frac = d.digits.slice(d.dp);
  }
  frac = frac.padEnd(fracDigits, "0").slice(0, fracDigits);
  return fracDigits > 0 ? intPart + "." + frac : intPart;
}

function fixedDigits(abs: number, prec: number): string {
  if (abs < 1e21) return abs.toFixed(prec);
  const int = BigInt(Math.trunc(abs)).toString();
  return prec > 0 ? int + "." + "0".repeat(prec) : int;
}

/** strconv.FormatFloat for the formats 'e', 'E', 'f', 'g', 'G'; prec -1 means the shortest representation. */
export function formatFloat(f: number, format: "e" | "E" | "f" | "g" | "G", prec: number): string {
  if (Number.isNaN(f)) return "NaN";
  if (f === Infinity) return "+Inf";
  if (f === -Infinity) return "-Inf";
  const neg = f < 0 || Object.is(f, -0);
  const abs = Math.abs(f);
  let body: string;
  switch (format) {
    case "e":
    case "E": {
      const d = prec < 0 ? decompose(abs) : decompose(abs, prec + 1);
      body = expForm(d, prec < 0 ? d.digits.length - 1 : prec, format === "E");
      break;
    }
    case "f": {
      if (prec >= 0) {
        body = fixedDigits(abs, prec);
        break;
      }
      const d = decompose(abs);
      body = plainForm(d, Math.max(d.digits.length - d.dp, 0));
      break;
    }
    case "g":
    case "G": {
      let p = prec;
      if (p === 0) p = 1;
      const d = p < 0 ? decompose(abs) : decompose(abs, p);
      let eprec = p < 0 ? 6 : p;
      if (p >= 0 && eprec > d.digits.length && d.digits.length >= d.dp) eprec = d.digits.length;
      const exp = d.dp - 1;
      if (d.digits !== "0" && (exp < -4 || exp >= eprec)) body = expForm(d, d.digits.length - 1, format === "G");
      else body = plainForm(d, Math.max(d.digits.length - d.dp, 0));
      break;
    }
  }
  return (neg ? "-" : "") + body;
}

// ---- printing ---------------------------------------------------------------------------------

function pad(s: string, flags: Flags, numeric: boolean): string {
  const width = flags.width;
  if (width === undefined) return s;
  const length = [...s].length;
  if (length >= width) return s;
  const fill = width - length;
  if (flags.minus) return s + " ".repeat(fill);
  if (flags.zero) {
    if (numeric && (s.startsWith("-") || s.startsWith("+") || s.startsWith(" "))) return s[0] + "0".repeat(fill) + s.slice(1);
    return "0".repeat(fill) + s;
  }
  return " ".repeat(fill) + s;
}

function badVerb(verb: string, arg: GoValue): string {
  if (arg === undefined || arg === null) return `%!${verb}(<nil>)`;
  return `%!${verb}(${typeName(arg)}=${printArg(arg, "v", NO_FLAGS, 0)})`;
}

function signed(body: string, negative: boolean, flags: Flags): string {
  if (negative) return "-" + body;
  if (flags.plus) return "+" + body;
  if (flags.space) return " " + body;
  return body;
}

function fmtInteger(v: bigint, verb: string, flags: Flags): string {
  const negative = v < 0n;
  const abs = negative ? -v : v;
  let body: string;
  switch (verb) {
    case "v":
    case "d":
      body = abs.toString(10);
      break;
    case "b":
      body = abs.toString(2);
      break;
    case "o":
      body = (flags.sharp ? "0" : "") + abs.toString(8);
      break;
    case "O":
      body = "0o" + abs.toString(8);
      break;
    case "x":
      body = (flags.sharp ? "0x" : "") + abs.toString(16);
      break;
    case "X":
      body = (flags.sharp ? "0X" : "") + abs.toString(16).toUpperCase();
      break;
    case "c":
      return pad(String.fromCodePoint(v >= 0n && v <= 0x10ffffn && !(v >= 0xd800n && v <= 0xdfffn) ? Number(v) : 0xfffd), flags, false);
    case "q":
      return pad(goQuoteRune(v >= 0n && v <= 0x10ffffn ? Number(v) : 0xfffd), flags, false);
    case "U":
      return pad("U+" + abs.toString(16).toUpperCase().padStart(4, "0"), flags, false);
    default:
      return badVerb(verb, v);
  }
  if (flags.prec !== undefined) body = body.padStart(flags.prec, "0");
  return pad(signed(body, negative, flags), flags, true);
}

function fmtFloat(v: number, verb: string, flags: Flags): string {
  let s: string;
  switch (verb) {
    case "v":
    case "g":
    case "G":
      s = formatFloat(v, verb === "G" ? "G" : "g", flags.prec ?? -1);
      break;
    case "e":
    case "E":
      s = formatFloat(v, verb, flags.prec ?? 6);
      break;
    case "f":
    case "F":
      s = formatFloat(v, "f", flags.prec ?? 6);
      break;
    default:
      return badVerb(verb, v);
  }
  if (!s.startsWith("-") && !s.startsWith("+")) {
    if (flags.plus) s = "+" + s;
    else if (flags.space) s = " " + s;
  }
  return pad(s, flags, Number.isFinite(v));
}

function fmtString(s: string, verb: string, flags: Flags): string {
  switch (verb) {
    case "v":
    case "s":
      return pad(flags.prec === undefined ? s : [...s].slice(0, flags.prec).join(""), flags, false);
    case "q":
      return pad(goQuote(flags.prec === undefined ? s : [...s].slice(0, flags.prec).join("")), flags, false);
    case "x":
    case "X": {
      const h = Array.from(utf8Bytes(s), (b) => hex(b, 2)).join("");
      return pad(verb === "X" ? h.toUpperCase() : h, flags, false);
    }
    default:
      return badVerb(verb, s);
  }
}

function sortedKeys(m: GoMap): string[] {
  return Object.keys(m).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function printArg(arg: GoValue, verb: string, flags: Flags, depth: number): string {
  if (arg === undefined || arg === null) {
    return verb === "v" || verb === "T" ? pad("<nil>", flags, false) : badVerb(verb, arg);
  }
  if (verb === "T") return pad(typeName(arg), flags, false);
  if ((arg instanceof GoPointer || arg instanceof GoStruct) && arg.type.stringer && "vsqxX".includes(verb)) {
    const receiver = arg instanceof GoPointer ? arg.target : arg;
    return fmtString(arg.type.stringer(receiver), verb, flags);
  }
  switch (kindOf(arg)) {
    case "bool":
      return verb === "v" || verb === "t" ? pad(String(arg), flags, false) : badVerb(verb, arg);
    case "int":
      return fmtInteger(arg as bigint, verb, flags);
    case "float":
      return fmtFloat(arg as number, verb, flags);
    case "string":
      return fmtString(arg as string, verb, flags);
    case "slice":
      return "[" + (arg as GoValue[]).map((e) => printArg(e, verb, flags, depth + 1)).join(" ") + "]";
    case "map": {
      const m = arg as GoMap;
      return (
        "map[" +
        sortedKeys(m)
          .map((k) => printArg(k, verb, flags, depth + 1) + ":" + printArg(m[k], verb, flags, depth + 1))
          .join(" ") +
        "]"
      );
    }
    case "struct": {
      const s = arg as GoStruct;
      return "{" + s.type.fields.map((f) => printArg(s.fields[f], verb, flags, depth + 1)).join(" ") + "}";
    }
    case "ptr": {
      const p = arg as GoPointer;
      if (p.target === null) return verb === "v" ? pad("<nil>", flags, false) : badVerb(verb, arg);
      return "&" + printArg(p.target, verb, flags, depth + 1);
    }
    default:
      return badVerb(verb, arg);
  }
}

/** %v of one value. */
export function formatValue(v: GoValue): string {
  return printArg(v, "v", NO_FLAGS, 0);
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(args: readonly GoValue[]): string {
  let out = "";
  let prevString = false;
  args.forEach((arg, i) => {
    const isString = typeof arg === "string";
    if (i > 0 && !isString && !prevString) out += " ";
    out += printArg(arg, "v", NO_FLAGS, 0);
    prevString = isString;
  });
  return out;
}

/** fmt.Sprintln: spaces between all operands and a trailing newline. */
export function sprintln(args: readonly GoValue[]): string {
  return args.map((a) => printArg(a, "v", NO_FLAGS, 0)).join(" ") + "\n";
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}

/** fmt.Sprintf */
export function sprintf(format: string, args: readonly GoValue[]): string {
  let out = "";
  let argNum = 0;
  let i = 0;
  const n = format.length;
  while (i < n) {
    const pct = format.indexOf("%", i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const flags: Flags = { ...NO_FLAGS };
    for (; i < n; i++) {
      const c = format[i];
      if (c === "-") flags.minus = true;
      else if (c === "+") flags.plus = true;
      else if (c === "#") flags.sharp = true;
      else if (c === " ") flags.space = true;
      else if (c === "0") flags.zero = !flags.minus;
      else break;
    }
    if (format[i] === "*") {
      i++;
      const w = args[argNum++];
      if (typeof w === "bigint") {
        flags.width = Number(w < 0n ? -w : w);
        if (w < 0n) flags.minus = true;
      } else out += "%!(BADWIDTH)";
    } else {
      let w = "";
      while (isDigit(format[i])) w += format[i++];
      if (w !== "") flags.width = Number(w);
    }
    if (format[i] === ".") {
      i++;
      if (format[i] === "*") {
        i++;
        const p = args[argNum++];
        if (typeof p === "bigint" && p >= 0n) flags.prec = Number(p);
        else out += "%!(BADPREC)";
      } else {
        let p = "";
        while (isDigit(format[i])) p += format[i++];
        flags.prec = p === "" ? 0 : Number(p);
      }
    }
    if (i >= n) {
      out += "%!(NOVERB)";
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === "%") {
      out += "%";
      continue;
    }
    if (argNum >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const arg = args[argNum++];
    out += "vTtbcdoOqxXUeEfFgGs".includes(verb) ? printArg(arg, verb, flags, 0) : badVerb(verb, arg);
  }
  if (argNum < args.length) {
    out +=
      "%!(EXTRA " +
      args
        .slice(argNum)
        .map((a) => (a === undefined || a === null ? "<nil>" : typeName(a) + "=" + printArg(a, "v", NO_FLAGS, 0)))
        .join(", ") +
      ")";
  }
  return out;
}
