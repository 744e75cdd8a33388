import { describe, expect, test } from "bun:test";
import { DurationError, isDuration, parseDuration } from "../../../src/gocompat/duration.ts";

describe("parseDuration follows Go time.ParseDuration", () => {
  test("milliseconds, hours, minutes and seconds parse into milliseconds", () => {
    expect(parseDuration("300ms")).toBe(300);
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("2h45m10s")).toBe(9_910_000);
    expect(parseDuration("12h")).toBe(43_200_000);
    expect(parseDuration("720h")).toBe(2_592_000_000);
  });

  test("a sign and fractions are allowed", () => {
    expect(parseDuration("-1.5h")).toBe(-5_400_000);
    expect(parseDuration("+5s")).toBe(5000);
    expect(parseDuration(".5s")).toBe(500);
    expect(parseDuration("5.s")).toBe(5000);
    expect(parseDuration("1.5m")).toBe(90_000);
  });

  test("sub-millisecond units give fractional milliseconds", () => {
    expect(parseDuration("1ns")).toBe(0.000001);
    expect(parseDuration("1us")).toBe(0.001);
    expect(parseDuration("1µs")).toBe(0.001);
    expect(parseDuration("1μs")).toBe(0.001);
    expect(parseDuration("1500us")).toBe(1.5);
  });

  test("fractions of a nanosecond are dropped as Go does", () => {
    expect(parseDuration("1.9ns")).toBe(0.000001);
  });

  test("a bare zero needs no unit, any other number does", () => {
    expect(parseDuration("0")).toBe(0);
    expect(parseDuration("-0")).toBe(0);
    expect(() => parseDuration("12")).toThrow(/missing unit/);
    expect(() => parseDuration("0.0")).toThrow(/missing unit/);
  });

  test("everything Go rejects is rejected with an error naming the input", () => {
    for (const input of ["", "12 hours", "1h 30m", " 1s", "h", "1d", ".s", "--1s", "1.2.3s", "one second", "1S"]) {
      expect(() => parseDuration(input)).toThrow(DurationError);
      expect(() => parseDuration(input)).toThrow(JSON.stringify(input));
    }
  });

  test("durations beyond Go int64 nanoseconds are out of range", () => {
    expect(parseDuration("2562047h")).toBe(2562047 * 3_600_000);
    expect(() => parseDuration("2562048h")).toThrow(/out of range/);
  });

  test("isDuration answers without throwing", () => {
    expect(isDuration("1m30s")).toBe(true);
    expect(isDuration("90")).toBe(false);
  });
});
