import { escapeHtml } from "./html.ts";
import type { Block } from "./texts/types.ts";

export interface HtmlMail {
  language: string;
  /** Document title; the mail's subject. */
  title: string;
  /** Shown as the header; the service name. */
  header: string;
  blocks: Block[];
  footer: string;
}

const FONT = "font-family:Helvetica,Arial,sans-serif;";
const PARAGRAPH = "margin:0 0 16px 0;";
const CODE =
  "margin:0 0 16px 0;padding:12px 0;background-color:#f1f3f5;border-radius:6px;text-align:center;" +
  "font-family:'Courier New',Courier,monospace;font-size:30px;font-weight:bold;letter-spacing:6px;";

/**
 * The HTML body of every mail: a centred card with the service name on top, the blocks, and a small
 * footer. Inline styles and tables only, as mail clients want. All text is escaped here.
 */
export function htmlLayout(mail: HtmlMail): string {
  const blocks = mail.blocks
    .map((block) =>
      typeof block === "string" ? `<p style="${PARAGRAPH}">${escapeHtml(block)}</p>` : `<p style="${CODE}">${escapeHtml(block.code)}</p>`,
    )
    .join("\n");
  return `<!DOCTYPE html>
<html lang="${escapeHtml(mail.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(mail.title)}</title>
</head>
<body style="margin:0;padding:0;background-color:#f4f5f7;">
<table role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0" style="background-color:#f4f5f7;">
<tr><td align="center" style="padding:32px 16px;">
<table role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0" style="max-width:560px;background-color:#ffffff;border-radius:8px;color:#1f2933;${FONT}">
<tr><td style="padding:24px 32px;border-bottom:1px solid #e4e7eb;font-size:20px;font-weight:bold;">${escapeHtml(mail.header)}</td></tr>
<tr><td style="padding:24px 32px 8px 32px;font-size:16px;line-height:1.5;">
${blocks}
</td></tr>
<tr><td style="padding:16px 32px;border-top:1px solid #e4e7eb;font-size:12px;line-height:1.4;color:#7b8794;">${escapeHtml(mail.footer)}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>`;
}
