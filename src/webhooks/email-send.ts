import type { RenderedMail } from "../services/mail/mailer.ts";

/** Hanko's `email.send` data (EmailSend in its backend/dto/webhook/email.go): the mail, whether Hanko sent it, and its template's data. */
export function emailSendData(mail: RenderedMail, deliveredByHanko: boolean) {
  const language = mail.requestedLanguage ?? "";
  return {
    subject: mail.subject,
    body_plain: mail.text,
    ...(mail.html !== "" && { body: mail.html }),
    to_email_address: mail.to,
    delivered_by_hanko: deliveredByHanko,
    accept_language: language,
    language,
    type: mail.type,
    data: mail.data,
  };
}
