import { describe, expect, test } from "bun:test";
import {
  Mailer,
  type MailRequest,
  type NoticeTemplate,
  type PasscodeTemplate,
  type RenderedMail,
} from "../../../src/services/mail/mailer.ts";
import type { MailTransport } from "../../../src/services/mail/transport.ts";
import { mailConfig } from "./helpers.ts";

const nullTransport: MailTransport = { send: async () => {}, close: () => {} };
const validUntil = new Date("2025-01-01T00:05:00Z");

function render(request: Partial<MailRequest> & Pick<MailRequest, "template">, serviceName = "Acme"): Promise<RenderedMail> {
  const mailer = new Mailer(mailConfig({ serviceName }), nullTransport);
  return mailer.send({ to: "ada@example.com", language: null, code: "123456", ttlSeconds: 300, validUntil, ...request } as MailRequest);
}

const HEADERS = { en: "en", de: "de-DE,de;q=0.9,en;q=0.8" } as const;
const LANGUAGE_NAMES = { en: "English", de: "German" } as const;

const PASSCODE_SUBJECTS: Record<PasscodeTemplate, Record<keyof typeof HEADERS, string>> = {
  login: { en: "Your Acme sign-in code: 123456", de: "Ihr Anmeldecode für Acme: 123456" },
  email_verification: {
    en: "Confirm your email address for Acme: 123456",
    de: "Bestätigen Sie Ihre E-Mail-Adresse für Acme: 123456",
  },
  recovery: { en: "Reset your Acme password with code 123456", de: "Passwort für Acme zurücksetzen: Code 123456" },
};

const NOTICE_SUBJECTS: Record<NoticeTemplate, Record<keyof typeof HEADERS, string>> = {
  email_login_attempted: { en: "Sign-in attempt at Acme", de: "Anmeldeversuch bei Acme" },
  email_registration_attempted: { en: "Registration attempt at Acme", de: "Registrierungsversuch bei Acme" },
};

const VALIDITY = { en: "5 minutes", de: "5 Minuten" } as const;

describe("mail templates", () => {
  for (const [template, subjects] of Object.entries(PASSCODE_SUBJECTS) as [PasscodeTemplate, Record<"en" | "de", string>][]) {
    for (const language of ["en", "de"] as const) {
      test(`the ${template} mail in ${LANGUAGE_NAMES[language]} carries the code in subject, text and HTML and states the validity in minutes`, async () => {
        const mail = await render({ template, language: HEADERS[language] });
        expect(mail.language).toBe(language);
        expect(mail.type).toBe(template);
        expect(mail.subject).toBe(subjects[language]);
        expect(mail.text).toContain("123456");
        expect(mail.text).toContain(VALIDITY[language]);
        expect(mail.text).toContain("Acme");
        expect(mail.html).toContain("123456");
        expect(mail.html).toContain(VALIDITY[language]);
        expect(mail.html).toContain(`<html lang="${language}">`);
      });
    }
  }

  for (const [template, subjects] of Object.entries(NOTICE_SUBJECTS) as [NoticeTemplate, Record<"en" | "de", string>][]) {
    for (const language of ["en", "de"] as const) {
      test(`the ${template} mail in ${LANGUAGE_NAMES[language]} names the service and carries no code`, async () => {
        const mail = await render({ template, language: HEADERS[language] });
        expect(mail.language).toBe(language);
        expect(mail.subject).toBe(subjects[language]);
        expect(mail.text).toContain("Acme");
        expect(mail.html).toContain("Acme");
        expect(mail.text).not.toContain("123456");
        expect(mail.html).not.toContain("123456");
      });
    }
  }

  test("English and German texts differ for the same mail", async () => {
    const english = await render({ template: "login", language: "en" });
    const german = await render({ template: "login", language: "de" });
    expect(german.text).not.toBe(english.text);
    expect(german.html).not.toBe(english.html);
  });

  test("an unsupported language renders the English mail", async () => {
    const mail = await render({ template: "recovery", language: "es-ES,es;q=0.9" });
    expect(mail.language).toBe("en");
    expect(mail.subject).toBe("Reset your Acme password with code 123456");
    expect(mail.requestedLanguage).toBe("es-ES,es;q=0.9");
  });

  test("the HTML body shows the service name as its header", async () => {
    const mail = await render({ template: "login", language: "en" });
    expect(mail.html).toMatch(/font-weight:bold;">Acme<\/td>/);
    expect(mail.html).toContain("<title>Your Acme sign-in code: 123456</title>");
  });

  test("a service name with markup is escaped in the HTML body but kept verbatim in subject and text", async () => {
    const mail = await render({ template: "login", language: "en" }, "<Acme & Co>");
    expect(mail.html).toContain("&lt;Acme &amp; Co&gt;");
    expect(mail.html).not.toContain("<Acme & Co>");
    expect(mail.subject).toBe("Your <Acme & Co> sign-in code: 123456");
    expect(mail.text).toContain("<Acme & Co>");
  });

  test("a notice mail escapes the service name in the HTML body as well", async () => {
    const mail = await render({ template: "email_registration_attempted", language: "de" }, `"Acme" <script>`);
    expect(mail.html).toContain("&quot;Acme&quot; &lt;script&gt;");
    expect(mail.html).not.toContain("<script>");
  });

  test("a validity of one minute is stated in the singular", async () => {
    expect((await render({ template: "login", language: "en", ttlSeconds: 60 })).text).toContain("valid for 1 minute.");
    expect((await render({ template: "login", language: "de", ttlSeconds: 60 })).text).toContain("1 Minute lang");
  });

  test("a validity that is not whole minutes is rounded half to even, as Hanko does", async () => {
    expect((await render({ template: "login", language: "en", ttlSeconds: 150 })).text).toContain("valid for 2 minutes.");
    expect((await render({ template: "login", language: "en", ttlSeconds: 90 })).text).toContain("valid for 2 minutes.");
    expect((await render({ template: "login", language: "en", ttlSeconds: 100 })).text).toContain("valid for 2 minutes.");
  });

  test("a passcode mail carries the email.send data: service name, code, TTL in seconds and expiry in unix seconds", async () => {
    const mail = await render({ template: "email_verification", language: "de" });
    expect(mail.to).toBe("ada@example.com");
    expect(mail.data).toEqual({ service_name: "Acme", otp_code: "123456", ttl: 300, valid_until: 1735689900 });
  });

  test("a notice mail carries only the service name as email.send data", async () => {
    const mail = await render({ template: "email_login_attempted", language: "en" });
    expect(mail.data).toEqual({ service_name: "Acme" });
  });
});

describe("security notification mails", () => {
  const notify = (request: Record<string, unknown>) =>
    new Mailer(mailConfig(), nullTransport).send({ to: "ada@example.com", language: "de", ...request } as MailRequest);

  test("are reported as security_notification with Hanko's SecurityNotificationData, naming only the addresses of their kind", async () => {
    expect(await notify({ template: "password_update" })).toMatchObject({
      type: "security_notification",
      data: { template: "password_update", service_name: "Acme" },
    });
    expect((await notify({ template: "mfa_delete" })).data).toEqual({ template: "mfa_delete", service_name: "Acme" });
    expect((await notify({ template: "email_create", newEmailAddress: "new@example.com" })).data).toEqual({
      template: "email_create",
      service_name: "Acme",
      new_email_address: "new@example.com",
    });
    expect((await notify({ template: "email_delete", deletedEmailAddress: "gone@example.com" })).data).toEqual({
      template: "email_delete",
      service_name: "Acme",
      deleted_email_address: "gone@example.com",
    });
    expect(
      (await notify({ template: "primary_email_update", oldEmailAddress: "old@example.com", newEmailAddress: "new@example.com" })).data,
    ).toEqual({
      template: "primary_email_update",
      service_name: "Acme",
      new_email_address: "new@example.com",
      old_email_address: "old@example.com",
    });
  });

  test("are written in the requested language", async () => {
    const mail = await notify({ template: "primary_email_update", oldEmailAddress: "old@example.com", newEmailAddress: "new@example.com" });
    expect(mail.language).toBe("de");
    expect(mail.subject).toBe("Ihre primäre E-Mail-Adresse für Acme wurde geändert");
    expect(mail.text).toContain("von old@example.com auf new@example.com geändert");
    expect(mail.requestedLanguage).toBe("de");
  });

  test("escape the addresses they name in the HTML body", async () => {
    const mail = await notify({ template: "email_create", newEmailAddress: `"<b>"@example.com` });
    expect(mail.html).toContain("&quot;&lt;b&gt;&quot;@example.com");
    expect(mail.html).not.toContain("<b>");
    expect(mail.text).toContain(`"<b>"@example.com`);
  });
});
