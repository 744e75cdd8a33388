import { describe, expect, test } from "bun:test";
import { negotiateLanguage } from "../../../src/services/mail/language.ts";

describe("mail language negotiation", () => {
  test("a browser-style list preferring German picks German", () => {
    expect(negotiateLanguage("de-DE,de;q=0.9,en;q=0.8")).toBe("de");
  });

  test("a plain language code is taken as is", () => {
    expect(negotiateLanguage("de")).toBe("de");
  });

  test("a regional variant matches its language case-insensitively", () => {
    expect(negotiateLanguage("DE-at")).toBe("de");
  });

  test("a missing header falls back to English", () => {
    expect(negotiateLanguage(null)).toBe("en");
  });

  test("an empty header falls back to English", () => {
    expect(negotiateLanguage("")).toBe("en");
  });

  test("an unsupported language falls back to English", () => {
    expect(negotiateLanguage("fr-FR,fr;q=0.9")).toBe("en");
  });

  test("unsupported languages are skipped in favour of the next supported one", () => {
    expect(negotiateLanguage("fr-FR, nl;q=0.9, de;q=0.5")).toBe("de");
  });

  test("quality values decide the order, not the position", () => {
    expect(negotiateLanguage("en;q=0.3, de;q=0.8")).toBe("de");
  });

  test("a language with quality zero is refused", () => {
    expect(negotiateLanguage("de;q=0, fr")).toBe("en");
  });

  test("a wildcard alone falls back to English", () => {
    expect(negotiateLanguage("*")).toBe("en");
  });

  test("garbage falls back to English", () => {
    expect(negotiateLanguage(";;,,q=;")).toBe("en");
  });
});
