/**
 * Languages the mail texts exist in: those Hanko's backend/mail/locales ships. The first is the
 * fallback.
 */
export const MAIL_LANGUAGES = ["en", "bn", "de", "fr", "it", "nl", "pt-BR", "zh-CN"] as const;
export type MailLanguage = (typeof MAIL_LANGUAGES)[number];

export const FALLBACK_LANGUAGE: MailLanguage = "en";

/**
 * Picks the mail language for a raw `X-Language` header value, read like an Accept-Language list:
 * candidates ordered by quality (`q`, default 1; `q=0` means "not this one"), each matched first
 * exactly and then by its primary subtag (`de-DE` → `de`, `pt` → `pt-BR`, `zh-TW` → `zh-CN`, since
 * each language has one variant here). Nothing usable → English.
 */
export function negotiateLanguage(header: string | null | undefined): MailLanguage {
  if (!header) return FALLBACK_LANGUAGE;
  for (const tag of rankedTags(header)) {
    const match = matchLanguage(tag);
    if (match) return match;
  }
  return FALLBACK_LANGUAGE;
}

function rankedTags(header: string): string[] {
  const candidates: { tag: string; q: number; index: number }[] = [];
  header.split(",").forEach((part, index) => {
    const [range = "", ...params] = part.split(";").map((s) => s.trim());
    if (range === "" || range === "*") return;
    let q = 1;
    for (const param of params) {
      const [key, value] = param.split("=").map((s) => s.trim());
      if (key?.toLowerCase() === "q") q = value !== undefined && /^\d+(\.\d+)?$/.test(value) ? Number(value) : 0;
    }
    if (q > 0) candidates.push({ tag: range.toLowerCase().replaceAll("_", "-"), q, index });
  });
  return candidates.sort((a, b) => b.q - a.q || a.index - b.index).map((c) => c.tag);
}

function matchLanguage(tag: string): MailLanguage | undefined {
  const exact = MAIL_LANGUAGES.find((language) => language.toLowerCase() === tag);
  if (exact) return exact;
  const primary = tag.split("-")[0];
  return MAIL_LANGUAGES.find((language) => language.toLowerCase().split("-")[0] === primary);
}
