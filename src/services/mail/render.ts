import type { MailLanguage } from "./language.ts";
import { htmlLayout } from "./layout.ts";
import { bn } from "./texts/bn.ts";
import { de } from "./texts/de.ts";
import { en } from "./texts/en.ts";
import { fr } from "./texts/fr.ts";
import { it } from "./texts/it.ts";
import { nl } from "./texts/nl.ts";
import { ptBR } from "./texts/pt-BR.ts";
import { zhCN } from "./texts/zh-CN.ts";
import type { Block, Catalogue, MailTexts, TemplateName, TemplateValues } from "./texts/types.ts";

const CATALOGUES: Record<MailLanguage, Catalogue> = { en, bn, de, fr, it, nl, "pt-BR": ptBR, "zh-CN": zhCN };

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

/** Renders one template in one language into subject, plain-text body and HTML body. */
export function renderMail<T extends TemplateName>(template: T, values: TemplateValues[T], language: MailLanguage): MailContent {
  const catalogue = CATALOGUES[language];
  const texts = catalogue[template] as MailTexts<TemplateValues[T]>;
  const subject = texts.subject(values);
  const blocks = texts.body(values);
  const footer = catalogue.footer(values);
  return {
    subject,
    text: plainText(blocks, footer),
    html: htmlLayout({ language, title: subject, header: values.serviceName, blocks, footer }),
  };
}

function plainText(blocks: Block[], footer: string): string {
  const body = blocks.map((block) => (typeof block === "string" ? block : `    ${block.code}`)).join("\n\n");
  return `${body}\n\n-- \n${footer}`;
}

/** Passcode validity as the mails state it: whole minutes, rounded half to even (as Go's `%.0f`). */
export function ttlMinutes(ttlSeconds: number): number {
  const minutes = ttlSeconds / 60;
  const floor = Math.floor(minutes);
  const rest = minutes - floor;
  if (rest > 0.5) return floor + 1;
  if (rest < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}
