import { describe, expect, test } from "bun:test";
import { characterCount, fitToColumn, VARCHAR_WIDTH } from "../../../src/db/column-width.ts";

describe("fitting a value to a VARCHAR(255) column", () => {
  test("counts characters as PostgreSQL and MySQL do: an emoji is one, not two UTF-16 units", () => {
    expect(characterCount("é😀x")).toBe(3);
    expect(characterCount("")).toBe(0);
  });

  test("keeps a value that fits, up to exactly 255 characters, emoji and all", () => {
    expect(fitToColumn("Mozilla/5.0")).toBe("Mozilla/5.0");
    const full = "😀".repeat(VARCHAR_WIDTH);
    expect(full.length).toBe(2 * VARCHAR_WIDTH);
    expect(fitToColumn(full)).toBe(full);
  });

  test("cuts a longer value to its first 255 characters without splitting a surrogate pair", () => {
    const fitted = fitToColumn("x".repeat(254) + "😀" + "é".repeat(100));
    expect(fitted).toBe("x".repeat(254) + "😀");
    expect(characterCount(fitted)).toBe(VARCHAR_WIDTH);
    expect(fitToColumn("é😀".repeat(500))).toBe("é😀".repeat(127) + "é");
  });

  test("replaces a lone surrogate, which no database stores, and honours a narrower width", () => {
    expect(fitToColumn("a\ud800b")).toBe("a\ufffdb");
    expect(fitToColumn("\udc00".repeat(300))).toBe("\ufffd".repeat(VARCHAR_WIDTH));
    expect(fitToColumn("abcdef", 3)).toBe("abc");
  });
});
