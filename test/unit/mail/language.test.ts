import { describe, expect, test } from "bun:test";
import { MAIL_LANGUAGES, negotiateLanguage } from "../../../src/services/mail/language.ts";

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
    expect(negotiateLanguage("es-ES,es;q=0.9")).toBe("en");
  });

  test("unsupported languages are skipped in favour of the next supported one", () => {
    expect(negotiateLanguage("es-ES, ja;q=0.9, nl;q=0.5")).toBe("nl");
  });

  test("each of Hanko's eight mail languages is chosen by its own tag", () => {
    expect([...MAIL_LANGUAGES].sort()).toEqual(["bn", "de", "en", "fr", "it", "nl", "pt-BR", "zh-CN"]);
    for (const tag of MAIL_LANGUAGES) expect(negotiateLanguage(tag)).toBe(tag);
  });

  test("the regional tags match case-insensitively and with an underscore", () => {
    expect(negotiateLanguage("pt-br")).toBe("pt-BR");
    expect(negotiateLanguage("zh_CN")).toBe("zh-CN");
  });

  test("a bare language or another region finds the one variant there is", () => {
    expect(negotiateLanguage("pt")).toBe("pt-BR");
    expect(negotiateLanguage("pt-PT")).toBe("pt-BR");
    expect(negotiateLanguage("zh")).toBe("zh-CN");
    expect(negotiateLanguage("fr-CA")).toBe("fr");
  });

  test("quality values decide the order, not the position", () => {
    expect(negotiateLanguage("en;q=0.3, de;q=0.8")).toBe("de");
  });

  test("a language with quality zero is refused", () => {
    expect(negotiateLanguage("de;q=0, es")).toBe("en");
  });

  test("a wildcard alone falls back to English", () => {
    expect(negotiateLanguage("*")).toBe("en");
  });

  test("garbage falls back to English", () => {
    expect(negotiateLanguage(";;,,q=;")).toBe("en");
  });
});
