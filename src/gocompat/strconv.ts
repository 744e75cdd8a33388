// Go's strconv rules for the textual values Hanko accepts from the environment and, through weak
// typing, from YAML strings.

const BOOLS: Readonly<Record<string, boolean>> = {
  "1": true,
  t: true,
  T: true,
  TRUE: true,
  true: true,
  True: true,
  "0": false,
  f: false,
  F: false,
  FALSE: false,
  false: false,
  False: false,
};

/** strconv.ParseBool: undefined when `text` is not one of Go's spellings. */
export function parseGoBool(text: string): boolean | undefined {
  return BOOLS[text];
}

const MAX_INT64 = (1n << 63n) - 1n;
const MIN_INT64 = -(1n << 63n);
const MAX_UINT64 = (1n << 64n) - 1n;

// Underscores are only legal between digits or right after a base prefix (Go's underscoreOK).
function underscoresOk(digits: string, afterPrefix: boolean): boolean {
  let previous: "start" | "digit" | "underscore" = afterPrefix ? "digit" : "start";
  for (const c of digits) {
    if (c === "_") {
      if (previous !== "digit") return false;
      previous = "underscore";
    } else {
      previous = "digit";
    }
  }
  return previous !== "underscore";
}

function parseUnsignedBigInt(text: string): bigint | undefined {
  let base = 10;
  let digits = text;
  let prefixed = false;
  const lower = text.toLowerCase();
  if (lower.startsWith("0x")) [base, digits, prefixed] = [16, text.slice(2), true];
  else if (lower.startsWith("0b")) [base, digits, prefixed] = [2, text.slice(2), true];
  else if (lower.startsWith("0o")) [base, digits, prefixed] = [8, text.slice(2), true];
  else if (text.length > 1 && text.startsWith("0")) [base, digits] = [8, text.slice(1)];

  if (digits.includes("_")) {
    if (!underscoresOk(digits, prefixed || base === 8)) return undefined;
    digits = digits.replaceAll("_", "");
  }
  if (digits === "") return undefined;
  const valid = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ }[base];
  if (!valid?.test(digits)) return undefined;
  const prefix = { 2: "0b", 8: "0o", 10: "", 16: "0x" }[base];
  return BigInt(prefix + digits);
}

/** strconv.ParseInt(text, 0, 64): base prefixes 0x, 0o, 0b and a leading 0 (octal), `_` separators. */
export function parseGoInt(text: string): number | undefined {
  let negative = false;
  let rest = text;
  if (rest.startsWith("+") || rest.startsWith("-")) {
    negative = rest.startsWith("-");
    rest = rest.slice(1);
  }
  const magnitude = parseUnsignedBigInt(rest);
  if (magnitude === undefined) return undefined;
  const value = negative ? -magnitude : magnitude;
  if (value > MAX_INT64 || value < MIN_INT64) return undefined;
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) return undefined;
  return Number(value);
}

/** strconv.ParseUint(text, 0, 64): like parseGoInt without a sign. */
export function parseGoUint(text: string): number | undefined {
  const value = parseUnsignedBigInt(text);
  if (value === undefined || value > MAX_UINT64 || value > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return Number(value);
}
