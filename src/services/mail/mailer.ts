import type { Config } from "../../config/schema.ts";
import { negotiateLanguage, type MailLanguage } from "./language.ts";
import { renderMail, ttlMinutes, type MailContent } from "./render.ts";
import type { MailTransport } from "./transport.ts";

const PASSCODE_TEMPLATES = ["login", "email_verification", "recovery"] as const;

/**
 * The kinds of security notification Hanko sends (SendSecurityNotificationParams.Template at its
 * callers, e.g. backend/flow_api/flow/profile/action_password_update.go), each a template of its own.
 */
export const SECURITY_NOTIFICATION_TEMPLATES = [
  "password_update",
  "primary_email_update",
  "email_create",
  "email_delete",
  "passkey_create",
  "mfa_create",
  "mfa_delete",
] as const;

export type PasscodeTemplate = (typeof PASSCODE_TEMPLATES)[number];
export type NoticeTemplate = "email_login_attempted" | "email_registration_attempted";
export type SecurityNotificationTemplate = (typeof SECURITY_NOTIFICATION_TEMPLATES)[number];
export type MailTemplate = PasscodeTemplate | NoticeTemplate | SecurityNotificationTemplate;

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

/** A security notification: its kind and the addresses it names. */
export type SecurityNotification =
  | { template: "password_update" | "passkey_create" | "mfa_create" | "mfa_delete" }
  | { template: "email_create"; newEmailAddress: string }
  | { template: "email_delete"; deletedEmailAddress: string }
  | { template: "primary_email_update"; oldEmailAddress: string; newEmailAddress: string };

export type SecurityNotificationRequest = MailRequestBase & SecurityNotification;

export type MailRequest = PasscodeMailRequest | NoticeMailRequest | SecurityNotificationRequest;

/**
 * The `data` object of Hanko's `email.send` webhook payload for passcode and notice mails
 * (PasscodeData in Hanko's backend/dto/webhook/email.go at @teamhanko/hanko-elements@2.7.0).
 */
export interface PasscodeData {
  service_name: string;
  otp_code?: string;
  /** Passcode validity in seconds. */
  ttl?: number;
  /** Unix seconds. */
  valid_until?: number;
}

/** The `data` of a security notification (SecurityNotificationData in the same file). */
export interface SecurityNotificationData {
  template: SecurityNotificationTemplate;
  service_name: string;
  new_email_address?: string;
  old_email_address?: string;
  deleted_email_address?: string;
}

export type MailData = PasscodeData | SecurityNotificationData;

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
  /**
   * The webhook's `type`: the template name, except for security notifications, which Hanko reports
   * as `security_notification` with the template in `data.template`.
   */
  type: PasscodeTemplate | NoticeTemplate | "security_notification";
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
 * Renders the passcode and notice mails of the flows and the security notifications, and delivers them
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
    const base = { to: request.to, language, requestedLanguage: request.language };
    if (isPasscodeRequest(request)) {
      const values = { serviceName, code: request.code, ttlMinutes: ttlMinutes(request.ttlSeconds) };
      const data: PasscodeData = {
        service_name: serviceName,
        otp_code: request.code,
        ttl: request.ttlSeconds,
        valid_until: Math.floor(request.validUntil.getTime() / 1000),
      };
      return { ...base, ...renderMail(request.template, values, language), type: request.template, data };
    }
    if (isNotificationRequest(request)) {
      const content = renderNotification(request, serviceName, language);
      return { ...base, ...content, type: "security_notification", data: notificationData(request, serviceName) };
    }
    return {
      ...base,
      ...renderMail(request.template, { serviceName }, language),
      type: request.template,
      data: { service_name: serviceName },
    };
  }
}

function renderNotification(notification: SecurityNotification, serviceName: string, language: MailLanguage): MailContent {
  switch (notification.template) {
    case "email_create":
      return renderMail("email_create", { serviceName, newAddress: notification.newEmailAddress }, language);
    case "email_delete":
      return renderMail("email_delete", { serviceName, deletedAddress: notification.deletedEmailAddress }, language);
    case "primary_email_update":
      return renderMail(
        "primary_email_update",
        { serviceName, oldAddress: notification.oldEmailAddress, newAddress: notification.newEmailAddress },
        language,
      );
    default:
      return renderMail(notification.template, { serviceName }, language);
  }
}

/** In Hanko's field order; an address only where the kind names one. */
function notificationData(notification: SecurityNotification, serviceName: string): SecurityNotificationData {
  return {
    template: notification.template,
    service_name: serviceName,
    ...("newEmailAddress" in notification && { new_email_address: notification.newEmailAddress }),
    ...("oldEmailAddress" in notification && { old_email_address: notification.oldEmailAddress }),
    ...("deletedEmailAddress" in notification && { deleted_email_address: notification.deletedEmailAddress }),
  };
}

function isPasscodeRequest(request: MailRequest): request is PasscodeMailRequest {
  return (PASSCODE_TEMPLATES as readonly string[]).includes(request.template);
}

function isNotificationRequest(request: MailRequest): request is SecurityNotificationRequest {
  return (SECURITY_NOTIFICATION_TEMPLATES as readonly string[]).includes(request.template);
}

/** The transport's error message, with the passcode blanked out should a server have echoed it. */
function redact(error: unknown, request: MailRequest): string {
  const message = error instanceof Error ? error.message : String(error);
  return isPasscodeRequest(request) && request.code !== "" ? message.replaceAll(request.code, "******") : message;
}
