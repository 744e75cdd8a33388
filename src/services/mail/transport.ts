import { createTransport } from "nodemailer";
import type { LineSink } from "../../log/logger.ts";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** The `email_delivery` settings a transport needs. */
export interface DeliverySettings {
  transport: "smtp" | "console";
  from_address: string;
  from_name: string;
  smtp: { host: string; port: string; user: string; password: string };
}

export function mailTransport(settings: DeliverySettings, consoleSink: LineSink): MailTransport {
  return settings.transport === "console" ? consoleTransport(settings, consoleSink) : smtpTransport(settings);
}

/** SMTP as Hanko sends: implicit TLS on port 465, STARTTLS elsewhere when the server offers it, AUTH when a user is set. */
function smtpTransport(settings: DeliverySettings): MailTransport {
  const port = Number(settings.smtp.port);
  const transporter = createTransport({
    host: settings.smtp.host,
    port,
    secure: port === 465,
    auth: settings.smtp.user === "" ? undefined : { user: settings.smtp.user, pass: settings.smtp.password },
  });
  return {
    async send(mail) {
      await transporter.sendMail({ from: { name: settings.from_name, address: settings.from_address }, ...mail });
    },
    close: () => transporter.close(),
  };
}

/**
 * Development only: prints the mail, passcodes included, where the developer reads the server's
 * output. The heading says so, because such output must never come from a production server.
 */
function consoleTransport(settings: DeliverySettings, sink: LineSink): MailTransport {
  return {
    async send(mail) {
      sink(
        [
          "==================== DEVELOPMENT ONLY - mail not sent ====================",
          `From: ${settings.from_name} <${settings.from_address}>`,
          `To: ${mail.to}`,
          `Subject: ${mail.subject}`,
          "",
          mail.text,
          "==========================================================================",
        ].join("\n"),
      );
    },
    close: () => {},
  };
}
