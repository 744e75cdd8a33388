import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Mailer, MailDeliveryError, type MailRequest, type RenderedMail } from "../../../src/services/mail/mailer.ts";
import { mailTransport, type MailTransport, type OutgoingMail } from "../../../src/services/mail/transport.ts";
import { mailConfig, parseMessage, startSmtpServer, type TestSmtpServer } from "./helpers.ts";

const loginRequest: MailRequest = {
  to: "ada@example.com",
  language: "en-GB,en;q=0.9",
  template: "login",
  code: "482915",
  ttlSeconds: 300,
  validUntil: new Date("2025-01-01T00:05:00Z"),
};

function recordingTransport(): MailTransport & { sent: OutgoingMail[] } {
  const sent: OutgoingMail[] = [];
  return { sent, send: async (mail) => void sent.push(mail), close: () => {} };
}

let smtp: TestSmtpServer;

beforeAll(async () => {
  smtp = await startSmtpServer();
});

afterAll(() => smtp.close());

describe("mailer", () => {
  test("a passcode mail reaches a real SMTP server as multipart text and HTML with the configured sender", async () => {
    const config = mailConfig({ port: smtp.port });
    const transport = mailTransport(config.email_delivery, () => {});
    await new Mailer(config, transport).send(loginRequest);
    transport.close();

    const received = smtp.received.at(-1);
    expect(received?.from).toBe("noreply@acme.test");
    expect(received?.to).toEqual(["ada@example.com"]);
    const message = parseMessage(received?.raw ?? "");
    expect(message.headers["from"]).toBe("Acme Accounts <noreply@acme.test>");
    expect(message.headers["to"]).toBe("ada@example.com");
    expect(message.headers["subject"]).toBe("Your Acme sign-in code: 482915");
    expect(message.headers["content-type"]).toStartWith("multipart/alternative");
    const text = message.parts.find((part) => part.headers["content-type"]?.startsWith("text/plain"));
    const html = message.parts.find((part) => part.headers["content-type"]?.startsWith("text/html"));
    expect(text?.body).toContain("482915");
    expect(text?.body).not.toContain("<p");
    expect(html?.body).toContain("482915");
    expect(html?.body).toContain("<!DOCTYPE html>");
  });

  test("a German notice mail reaches the SMTP server with its text intact", async () => {
    const config = mailConfig({ port: smtp.port });
    const transport = mailTransport(config.email_delivery, () => {});
    await new Mailer(config, transport).send({ to: "grace@example.com", language: "de", template: "email_registration_attempted" });
    transport.close();

    const message = parseMessage(smtp.received.at(-1)?.raw ?? "");
    const text = message.parts.find((part) => part.headers["content-type"]?.startsWith("text/plain"));
    expect(text?.body).toContain("Falls nicht, können Sie diese Nachricht ignorieren");
  });

  test("a delivered mail is reported to onEmailSend as delivered by Hanko", async () => {
    const transport = recordingTransport();
    const reports: [RenderedMail, boolean][] = [];
    const mail = await new Mailer(mailConfig(), transport, (m, delivered) => void reports.push([m, delivered])).send(loginRequest);
    expect(transport.sent).toHaveLength(1);
    expect(reports).toEqual([[mail, true]]);
  });

  test("a security notification is reported to onEmailSend with Hanko's SecurityNotificationData", async () => {
    const transport = recordingTransport();
    const reports: [RenderedMail, boolean][] = [];
    await new Mailer(mailConfig(), transport, (m, delivered) => void reports.push([m, delivered])).send({
      to: "old@example.com",
      language: "nl-NL",
      template: "primary_email_update",
      oldEmailAddress: "old@example.com",
      newEmailAddress: "new@example.com",
    });
    expect(transport.sent.map((mail) => mail.to)).toEqual(["old@example.com"]);
    expect(reports).toHaveLength(1);
    const [mail, delivered] = reports[0]!;
    expect(delivered).toBe(true);
    expect(mail).toMatchObject({ to: "old@example.com", type: "security_notification", language: "nl", requestedLanguage: "nl-NL" });
    expect(mail.data).toEqual({
      template: "primary_email_update",
      service_name: "Acme",
      new_email_address: "new@example.com",
      old_email_address: "old@example.com",
    });
  });

  test("with delivery disabled nothing is sent but the mail is still reported to onEmailSend as not delivered by Hanko", async () => {
    const transport = recordingTransport();
    const reports: [RenderedMail, boolean][] = [];
    const mail = await new Mailer(mailConfig({ enabled: false }), transport, (m, delivered) => void reports.push([m, delivered])).send(
      loginRequest,
    );
    expect(transport.sent).toHaveLength(0);
    expect(reports).toHaveLength(1);
    expect(reports[0]?.[1]).toBe(false);
    expect(reports[0]?.[0]).toBe(mail);
    expect(mail.data).toMatchObject({ otp_code: "482915" });
  });

  test("with delivery disabled and no onEmailSend the mail is rendered and returned", async () => {
    const transport = recordingTransport();
    const mail = await new Mailer(mailConfig({ enabled: false }), transport).send(loginRequest);
    expect(transport.sent).toHaveLength(0);
    expect(mail.subject).toBe("Your Acme sign-in code: 482915");
  });

  test("an asynchronous onEmailSend is awaited before send resolves", async () => {
    let finished = false;
    await new Mailer(mailConfig({ enabled: false }), recordingTransport(), async () => {
      await Bun.sleep(5);
      finished = true;
    }).send(loginRequest);
    expect(finished).toBe(true);
  });

  test("a transport failure rejects without the code in the error and reports nothing to onEmailSend", async () => {
    const failing: MailTransport = {
      send: async (mail) => {
        throw new Error(`554 message refused: ${mail.subject} / ${mail.text}`);
      },
      close: () => {},
    };
    const reports: unknown[] = [];
    const error = await new Mailer(mailConfig(), failing, (m) => void reports.push(m)).send(loginRequest).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailDeliveryError);
    expect((error as Error).message).toContain("login");
    expect((error as Error).message).toContain("554 message refused");
    expect((error as Error).message).not.toContain("482915");
    expect(JSON.stringify(error)).not.toContain("482915");
    expect((error as Error).cause).toBeUndefined();
    expect(reports).toHaveLength(0);
  });

  test("an unreachable SMTP server rejects the send without the code in the error", async () => {
    const closed = await startSmtpServer();
    await closed.close();
    const config = mailConfig({ port: closed.port });
    const transport = mailTransport(config.email_delivery, () => {});
    const error = await new Mailer(config, transport).send(loginRequest).catch((e: unknown) => e);
    transport.close();
    expect(error).toBeInstanceOf(MailDeliveryError);
    expect((error as Error).message).not.toContain("482915");
  });

  test("the console transport shows the whole mail with the code to the developer and sends nothing", async () => {
    const lines: string[] = [];
    const before = smtp.received.length;
    const config = mailConfig({ transport: "console", port: smtp.port });
    await new Mailer(
      config,
      mailTransport(config.email_delivery, (line) => lines.push(line)),
    ).send({
      ...loginRequest,
      template: "email_verification",
    });
    const output = lines.join("\n");
    expect(output).toContain("DEVELOPMENT ONLY");
    expect(output).toContain("To: ada@example.com");
    expect(output).toContain("Subject: Confirm your email address for Acme: 482915");
    expect(output).toContain("    482915");
    expect(smtp.received.length).toBe(before);
  });
});
