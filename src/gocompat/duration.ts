// Go `time.ParseDuration` semantics. Hanko's config keeps durations as Go duration strings
// ("1h30m", "300ms"), so we accept exactly what Go accepts and nothing else.

const NANOS_PER_UNIT: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 micro sign
  μs: 1_000n, // U+03BC greek small letter mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const MAX_NANOS = (1n << 63n) - 1n; // Go's time.Duration is an int64 of nanoseconds

export class DurationError extends Error {
  constructor(
    readonly input: string,
    readonly reason: string,
  ) {
    super(`invalid duration ${JSON.stringify(input)}: ${reason}`);
    this.name = "DurationError";
  }
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";

/** Parses a Go duration string into integer nanoseconds (as bigint), throwing DurationError. */
export function parseDurationNanos(input: string): bigint {
  let rest = input;
  let negative = false;
  if (rest.startsWith("-") || rest.startsWith("+")) {
    negative = rest.startsWith("-");
    rest = rest.slice(1);
  }
  if (rest === "0") return 0n;
  if (rest === "") throw new DurationError(input, "empty duration");

  let total = 0n;
  while (rest !== "") {
    if (!(rest[0] === "." || isDigit(rest[0]))) {
      throw new DurationError(input, "expected a number");
    }

    let i = 0;
    while (isDigit(rest[i])) i++;
    const whole = rest.slice(0, i);
    rest = rest.slice(i);

    // Go keeps at most as many fraction digits as fit into an int64 and ignores the rest.
    let fraction = 0n;
    let scale = 1n;
    let fractionDigits = "";
    if (rest.startsWith(".")) {
      rest = rest.slice(1);
      let j = 0;
      while (isDigit(rest[j])) j++;
      fractionDigits = rest.slice(0, j);
      rest = rest.slice(j);
      for (const digit of fractionDigits) {
        const next = fraction * 10n + BigInt(digit);
        if (next > MAX_NANOS) break;
        fraction = next;
        scale *= 10n;
      }
    }
    if (whole === "" && fractionDigits === "") {
      throw new DurationError(input, "expected a number");
    }

    let u = 0;
    while (u < rest.length && rest[u] !== "." && !isDigit(rest[u])) u++;
    const unitName = rest.slice(0, u);
    rest = rest.slice(u);
    if (unitName === "") throw new DurationError(input, "missing unit (use ns, us, ms, s, m or h)");
    const unit = NANOS_PER_UNIT[unitName];
    if (unit === undefined) {
      throw new DurationError(input, `unknown unit ${JSON.stringify(unitName)} (use ns, us, ms, s, m or h)`);
    }

    const wholeValue = whole === "" ? 0n : BigInt(whole);
    let part = wholeValue * unit;
    if (fraction > 0n) {
      // Go multiplies in float64 here; the difference is below one nanosecond for realistic inputs.
      part += BigInt(Math.trunc(Number(fraction) * (Number(unit) / Number(scale))));
    }
    total += part;
    if (total > MAX_NANOS + (negative ? 1n : 0n)) throw new DurationError(input, "out of range");
  }
  return negative ? -total : total;
}

/** Go `time.ParseDuration`: returns milliseconds (fractional for sub-millisecond parts). */
export function parseDuration(input: string): number {
  return Number(parseDurationNanos(input)) / 1_000_000;
}

/** True when `input` is a valid Go duration string. */
export function isDuration(input: string): boolean {
  try {
    parseDurationNanos(input);
    return true;
  } catch {
    return false;
  }
}
