import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { SMTPServer } from "smtp-server";
import { mailTransport } from "../../../src/services/mail/transport.ts";

interface Received {
  from: string;
  to: string[];
  raw: string;
  user?: string;
}

const received: Received[] = [];
let server: SMTPServer;
let port = 0;

beforeAll(async () => {
  server = new SMTPServer({
    // A reverse DNS lookup per connection stalls for seconds on a network without DNS.
    disableReverseLookup: true,
    secure: false,
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    onAuth(auth, _session, callback) {
      if (auth.username === "mailer" && auth.password === "mail-secret") callback(null, { user: auth.username });
      else callback(new Error("bad credentials"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
          user: session.user as string | undefined,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  port = (server.server.address() as { port: number }).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const base = { from_address: "noreply@example.com", from_name: "Example", smtp: { host: "127.0.0.1", port: "0", user: "", password: "" } };

describe("mail transports", () => {
  test("smtp delivers the mail to a real SMTP server with the configured sender", async () => {
    const transport = mailTransport({ ...base, transport: "smtp", smtp: { ...base.smtp, port: String(port) } }, () => {});
    await transport.send({ to: "ada@example.com", subject: "Your passcode", text: "Your code is 123456" });
    transport.close();
    const mail = received.at(-1);
    expect(mail?.from).toBe("noreply@example.com");
    expect(mail?.to).toEqual(["ada@example.com"]);
    expect(mail?.raw).toContain("Subject: Your passcode");
    expect(mail?.raw).toContain("Your code is 123456");
    expect(mail?.raw).toContain("From: Example <noreply@example.com>");
  });

  test("smtp authenticates when a user is configured", async () => {
    const transport = mailTransport(
      { ...base, transport: "smtp", smtp: { host: "127.0.0.1", port: String(port), user: "mailer", password: "mail-secret" } },
      () => {},
    );
    await transport.send({ to: "grace@example.com", subject: "Hello", text: "hi" });
    transport.close();
    expect(received.at(-1)?.user).toBe("mailer");
  });

  test("smtp reports a refused login as a failed send", async () => {
    const transport = mailTransport(
      { ...base, transport: "smtp", smtp: { host: "127.0.0.1", port: String(port), user: "mailer", password: "wrong" } },
      () => {},
    );
    await expect(transport.send({ to: "x@example.com", subject: "s", text: "t" })).rejects.toThrow();
    transport.close();
  });

  test("console prints the whole mail under a development-only heading and sends nothing", async () => {
    const lines: string[] = [];
    const before = received.length;
    await mailTransport({ ...base, transport: "console" }, (line) => lines.push(line)).send({
      to: "dev@example.com",
      subject: "Your passcode",
      text: "Your code is 654321",
    });
    expect(lines.join("\n")).toContain("DEVELOPMENT ONLY - mail not sent");
    expect(lines.join("\n")).toContain("To: dev@example.com");
    expect(lines.join("\n")).toContain("Your code is 654321");
    expect(received.length).toBe(before);
  });
});
