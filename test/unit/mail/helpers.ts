import { SMTPServer } from "smtp-server";
import { defaultConfig, type Config } from "../../../src/config/schema.ts";

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export interface TestSmtpServer {
  port: number;
  received: ReceivedMail[];
  close(): Promise<void>;
}

/** A real SMTP server on a free local port that keeps every message it accepts. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    // A reverse DNS lookup per connection stalls for seconds on a network without DNS.
    disableReverseLookup: true,
    secure: false,
    disabledCommands: ["STARTTLS", "AUTH"],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.server.address() as { port: number }).port;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export interface MimePart {
  headers: Record<string, string>;
  body: string;
}

/** Splits a raw message into its top-level headers and decoded parts (enough MIME for these tests). */
export function parseMessage(raw: string): { headers: Record<string, string>; parts: MimePart[] } {
  const top = parsePart(raw);
  const boundary = /boundary="?([^";]+)"?/i.exec(top.headers["content-type"] ?? "")?.[1];
  if (!boundary) return { headers: top.headers, parts: [top] };
  const parts = raw
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((chunk) => parsePart(chunk.replace(/^\r?\n/, "")));
  return { headers: top.headers, parts };
}

function parsePart(raw: string): MimePart {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split === -1 ? raw : raw.slice(0, split);
  const body = split === -1 ? "" : raw.slice(split).replace(/^\r?\n\r?\n/, "");
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body: decode(body, headers["content-transfer-encoding"] ?? "7bit") };
}

function decode(body: string, encoding: string): string {
  switch (encoding.toLowerCase()) {
    case "quoted-printable": {
      const bytes = body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      return Buffer.from(bytes, "latin1").toString("utf8");
    }
    case "base64":
      return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
    default:
      return body;
  }
}

/** The default configuration with the mail settings the tests use. */
export function mailConfig(
  overrides: { enabled?: boolean; serviceName?: string; transport?: "smtp" | "console"; port?: number } = {},
): Config {
  const config = defaultConfig();
  config.service.name = overrides.serviceName ?? "Acme";
  config.email_delivery.enabled = overrides.enabled ?? true;
  config.email_delivery.transport = overrides.transport ?? "smtp";
  config.email_delivery.from_address = "noreply@acme.test";
  config.email_delivery.from_name = "Acme Accounts";
  config.email_delivery.smtp = { host: "127.0.0.1", port: String(overrides.port ?? 25), user: "", password: "" };
  return config;
}
