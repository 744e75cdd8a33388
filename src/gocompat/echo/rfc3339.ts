import { goQuote } from "./uuid.ts";

const LAYOUT = "2006-01-02T15:04:05Z07:00";

/**
 * Parses a timestamp as Go's `time.Time` JSON decoding does (`time.Parse` with RFC 3339, which is
 * laxer than the RFC: one-digit hours, fractions after a comma, offsets up to 24:60). The error is
 * Go's message, naming the element of the layout that did not match.
 */
export function parseGoRfc3339(value: string): { ok: true; date: Date } | { ok: false; error: string } {
  let rest = value;
  const cannotParse = (layoutElem: string) => ({
    ok: false as const,
    error: `parsing time ${goQuote(value)} as ${goQuote(LAYOUT)}: cannot parse ${goQuote(rest)} as ${goQuote(layoutElem)}`,
  });
  const outOfRange = (what: string) => ({ ok: false as const, error: `parsing time ${goQuote(value)}: ${what} out of range` });
  const digits = (pattern: RegExp): number | undefined => {
    const match = pattern.exec(rest)?.[0];
    if (match === undefined) return undefined;
    rest = rest.slice(match.length);
    return Number(match);
  };
  const literal = (c: string) => {
    if (!rest.startsWith(c)) return false;
    rest = rest.slice(1);
    return true;
  };

  const year = digits(/^\d{4}/);
  if (year === undefined) return cannotParse("2006");
  if (!literal("-")) return cannotParse("-");
  const month = digits(/^\d{2}/);
  if (month === undefined) return cannotParse("01");
  if (month < 1 || month > 12) return outOfRange("month");
  if (!literal("-")) return cannotParse("-");
  const day = digits(/^\d{2}/);
  if (day === undefined) return cannotParse("02");
  if (!literal("T")) return cannotParse("T");
  const hour = digits(/^\d\d?/);
  if (hour === undefined) return cannotParse("15");
  if (hour >= 24) return outOfRange("hour");
  if (!literal(":")) return cannotParse(":");
  const minute = digits(/^\d{2}/);
  if (minute === undefined) return cannotParse("04");
  if (minute >= 60) return outOfRange("minute");
  if (!literal(":")) return cannotParse(":");
  const second = digits(/^\d{2}/);
  if (second === undefined) return cannotParse("05");
  if (second >= 60) return outOfRange("second");
  let millis = 0;
  const fraction = /^[.,](\d+)/.exec(rest);
  if (fraction) {
    // JavaScript dates hold milliseconds; finer digits are dropped.
    millis = Number(fraction[1]!.slice(0, 3).padEnd(3, "0"));
    rest = rest.slice(fraction[0].length);
  }
  let offsetMinutes = 0;
  if (!literal("Z")) {
    const zone = /^([+-])(\d{2}):(\d{2})/.exec(rest);
    if (!zone) return cannotParse("Z07:00");
    const [, sign, hh, mm] = zone;
    if (Number(hh) > 24) return outOfRange("time zone offset hour");
    if (Number(mm) > 60) return outOfRange("time zone offset minute");
    offsetMinutes = (sign === "-" ? -1 : 1) * (Number(hh) * 60 + Number(mm));
    rest = rest.slice(6);
  }
  if (rest !== "") return { ok: false, error: `parsing time ${goQuote(value)}: extra text: ${goQuote(rest)}` };
  if (day < 1 || day > daysIn(year, month)) return outOfRange("day");
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  return { ok: true, date: new Date(date.getTime() - offsetMinutes * 60_000) };
}

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  // 2001 is not a leap year, so it gives every other month's length.
  return month === 2 && leap ? 29 : new Date(Date.UTC(2001, month, 0)).getUTCDate();
}
