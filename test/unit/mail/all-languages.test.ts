import { describe, expect, test } from "bun:test";
import { MAIL_LANGUAGES, type MailLanguage } from "../../../src/services/mail/language.ts";
import { Mailer, type MailRequest, type MailTemplate, type RenderedMail } from "../../../src/services/mail/mailer.ts";
import type { MailTransport } from "../../../src/services/mail/transport.ts";
import { mailConfig } from "./helpers.ts";

const nullTransport: MailTransport = { send: async () => {}, close: () => {} };
const mailer = new Mailer(mailConfig({ serviceName: "Acme" }), nullTransport);

const CODE = "482915";
const OLD = "old.primary@example.com";
const NEW = "new.address@example.com";
const GONE = "gone.address@example.com";
const ADDRESSES = [OLD, NEW, GONE];

/** Every template with the values it fills in, and what of those must show in the mail. */
const REQUESTS: { template: MailTemplate; fields: Record<string, unknown>; shows: string[] }[] = [
  ...(["login", "email_verification", "recovery"] as const).map((template) => ({
    template,
    fields: { code: CODE, ttlSeconds: 300, validUntil: new Date("2025-01-01T00:05:00Z") },
    shows: [CODE],
  })),
  ...(["email_login_attempted", "email_registration_attempted"] as const).map((template) => ({ template, fields: {}, shows: [] })),
  ...(["password_update", "passkey_create", "mfa_create", "mfa_delete"] as const).map((template) => ({ template, fields: {}, shows: [] })),
  { template: "email_create", fields: { newEmailAddress: NEW }, shows: [NEW] },
  { template: "email_delete", fields: { deletedEmailAddress: GONE }, shows: [GONE] },
  { template: "primary_email_update", fields: { oldEmailAddress: OLD, newEmailAddress: NEW }, shows: [OLD, NEW] },
];

const render = (template: MailTemplate, fields: Record<string, unknown>, language: MailLanguage): Promise<RenderedMail> =>
  mailer.send({ to: "ada@example.com", language, template, ...fields } as MailRequest);

/** What an unfilled or wrongly filled value leaves behind in a rendered text. */
const LEFTOVERS = [/undefined/, /\bNaN\b/, /\[object/, /\bnull\b/, /\$\{/, /\{\{/, /\}\}/];

describe("every mail in every language", () => {
  for (const language of MAIL_LANGUAGES) {
    for (const { template, fields, shows } of REQUESTS) {
      test(`${template} in ${language}: subject, text and HTML are filled in, with the values where they belong`, async () => {
        const mail = await render(template, fields, language);
        expect(mail.language).toBe(language);
        expect(mail.html).toContain(`<html lang="${language}">`);
        for (const part of [mail.subject, mail.text, mail.html]) {
          expect(part.trim()).not.toBe("");
          for (const leftover of LEFTOVERS) expect(part).not.toMatch(leftover);
        }
        expect(mail.text).toContain("Acme");
        expect(mail.html).toContain("Acme");
        for (const value of shows) {
          expect(mail.text).toContain(value);
          expect(mail.html).toContain(value);
        }
        // A passcode belongs in the subject as well, so it shows in a mail client's list.
        if (shows.includes(CODE)) expect(mail.subject).toContain(CODE);
        else {
          expect(mail.text).not.toContain(CODE);
          expect(mail.html).not.toContain(CODE);
        }
        for (const address of ADDRESSES.filter((a) => !shows.includes(a))) {
          expect(mail.text).not.toContain(address);
          expect(mail.html).not.toContain(address);
        }
      });
    }

    test(`the ${language} mails each have their own subject`, async () => {
      const subjects = await Promise.all(REQUESTS.map(async ({ template, fields }) => (await render(template, fields, language)).subject));
      expect(new Set(subjects).size).toBe(REQUESTS.length);
    });

    if (language !== "en") {
      test(`the ${language} mails are translated, not the English ones`, async () => {
        for (const { template, fields } of REQUESTS) {
          const [own, english] = await Promise.all([render(template, fields, language), render(template, fields, "en")]);
          expect(own.subject).not.toBe(english.subject);
          expect(own.text).not.toBe(english.text);
        }
      });
    }
  }
});
