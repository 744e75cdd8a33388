import type { Config } from "../../config/schema.ts";
import { negotiateLanguage, type MailLanguage } from "./language.ts";
import { renderMail, ttlMinutes, type MailContent } from "./render.ts";
import type { MailTransport } from "./transport.ts";

const PASSCODE_TEMPLATES = ["login", "email_verification", "recovery"] as const;

export type PasscodeTemplate = (typeof PASSCODE_TEMPLATES)[number];
export type NoticeTemplate = "email_login_attempted" | "email_registration_attempted";
export type MailTemplate = PasscodeTemplate | NoticeTemplate;

interface MailRequestBase {
  to: string;
  /** The raw `X-Language` request header, or null when absent. */
  language: string | null;
}

export interface PasscodeMailRequest extends MailRequestBase {
  template: PasscodeTemplate;
  code: string;
  ttlSeconds: number;
  validUntil: Date;
}

export interface NoticeMailRequest extends MailRequestBase {
  template: NoticeTemplate;
}

export type MailRequest = PasscodeMailRequest | NoticeMailRequest;

/**
 * The `data` object of Hanko's `email.send` webhook payload (PasscodeData in Hanko's
 * backend/dto/webhook/email.go at @teamhanko/hanko-elements@2.7.0).
 */
export interface MailData {
  service_name: string;
  otp_code?: string;
  /** Passcode validity in seconds. */
  ttl?: number;
  /** Unix seconds. */
  valid_until?: number;
}

/**
 * A rendered mail, holding what the `email.send` webhook reports. It contains the passcode: hand it to
 * the webhook, never to a logger.
 */
export interface RenderedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The language the mail was written in, e.g. "de". */
  language: MailLanguage;
  /** The raw `X-Language` header (Hanko's webhook reports this as `language` / `accept_language`). */
  requestedLanguage: string | null;
  /** The template name; the webhook's `type`. */
  type: MailTemplate;
  data: MailData;
}

/** Called for every rendered mail, delivered or not; `deliveredByHanko` is false when delivery is disabled. */
export type EmailSendListener = (mail: RenderedMail, deliveredByHanko: boolean) => void | Promise<void>;

/** A mail could not be handed to the mail server. The message never contains the passcode. */
export class MailDeliveryError extends Error {
  override readonly name = "MailDeliveryError";
  constructor(
    readonly template: MailTemplate,
    reason: string,
  ) {
    super(`sending the ${template} mail failed: ${reason}`);
  }
}

/**
 * Renders the passcode and notice mails of the login and registration flows and delivers them
 * through the transport when `email_delivery.enabled`. Every rendered mail is reported to
 * `onEmailSend` (where the `email.send` webhook hooks in) – after delivery, or instead of it when
 * delivery is disabled; a failed delivery rejects and reports nothing. Errors thrown by
 * `onEmailSend` propagate. This module logs nothing.
 */
export class Mailer {
  constructor(
    private readonly config: Config,
    private readonly transport: MailTransport,
    private readonly onEmailSend?: EmailSendListener,
  ) {}

  async send(request: MailRequest): Promise<RenderedMail> {
    const mail = this.render(request);
    const deliver = this.config.email_delivery.enabled;
    if (deliver) {
      try {
        await this.transport.send({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
      } catch (error) {
        throw new MailDeliveryError(request.template, redact(error, request));
      }
    }
    await this.onEmailSend?.(mail, deliver);
    return mail;
  }

  private render(request: MailRequest): RenderedMail {
    const language = negotiateLanguage(request.language);
    const serviceName = this.config.service.name;
    let content: MailContent;
    let data: MailData;
    if (isPasscodeRequest(request)) {
      content = renderMail(request.template, { serviceName, code: request.code, ttlMinutes: ttlMinutes(request.ttlSeconds) }, language);
      data = {
        service_name: serviceName,
        otp_code: request.code,
        ttl: request.ttlSeconds,
        valid_until: Math.floor(request.validUntil.getTime() / 1000),
      };
    } else {
      content = renderMail(request.template, { serviceName }, language);
      data = { service_name: serviceName };
    }
    return { to: request.to, ...content, language, requestedLanguage: request.language, type: request.template, data };
  }
}

function isPasscodeRequest(request: MailRequest): request is PasscodeMailRequest {
  return (PASSCODE_TEMPLATES as readonly string[]).includes(request.template);
}

/** The transport's error message, with the passcode blanked out should a server have echoed it. */
function redact(error: unknown, request: MailRequest): string {
  const message = error instanceof Error ? error.message : String(error);
  return isPasscodeRequest(request) && request.code !== "" ? message.replaceAll(request.code, "******") : message;
}
