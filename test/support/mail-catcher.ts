// An SMTP server inside the test process that keeps every mail it is sent, so end-to-end tests can read the
// passcodes the server mails. Plain SMTP only: no STARTTLS (nodemailer would try it and refuse the
// self-signed certificate) and no authentication.

import { SMTPServer } from "smtp-server";

export interface CaughtMail {
  /** Envelope recipients, lower-cased. */
  to: string[];
  from: string;
  subject: string;
  /** The text/plain part (or the whole body of a single-part mail), decoded. */
  text: string;
  /** The text/html part, decoded; empty when there is none. */
  html: string;
  raw: string;
}

export interface MailCatcher {
  host: string;
  port: number;
  mails: CaughtMail[];
  /** The first mail to `to` not returned before; waits up to `timeoutMs` for one to arrive. */
  waitForMail(to: string, timeoutMs?: number): Promise<CaughtMail>;
  /** Answers mail to `to` with a permanent failure (550), as a server that will not take it. */
  refuse(to: string): void;
  /** Holds mail to `to` before accepting it, until the returned function lets it through. */
  hold(to: string): () => void;
  /** Takes mail to `to` normally again. */
  accept(to: string): void;
  close(): Promise<void>;
}

export async function startMailCatcher(): Promise<MailCatcher> {
  const mails: CaughtMail[] = [];
  const taken = new Set<CaughtMail>();
  const waiters = new Set<() => void>();
  const refused = new Set<string>();
  const held = new Map<string, Promise<void>>();

  const server = new SMTPServer({
    // A reverse DNS lookup per connection stalls for seconds on a network without DNS.
    disableReverseLookup: true,
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    hideSTARTTLS: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      const to = address.address.toLowerCase();
      if (refused.has(to)) return callback(Object.assign(new Error("mailbox unavailable"), { responseCode: 550 }));
      void (held.get(to) ?? Promise.resolve()).then(() => callback());
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", callback);
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const envelopeTo = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
        mails.push({ ...parseMail(raw), to: envelopeTo, from: envelopeFrom, raw });
        for (const wake of [...waiters]) wake();
        callback();
      });
    },
  });

  const host = "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.server.address();
  if (address === null || typeof address === "string") throw new Error("the mail catcher did not get a TCP port");

  function take(to: string): CaughtMail | undefined {
    const wanted = to.toLowerCase();
    const mail = mails.find((m) => !taken.has(m) && m.to.includes(wanted));
    if (mail) taken.add(mail);
    return mail;
  }

  return {
    host,
    port: address.port,
    mails,
    waitForMail(to, timeoutMs = 10_000) {
      const ready = take(to);
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve, reject) => {
        const wake = () => {
          const mail = take(to);
          if (!mail) return;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(mail);
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          const seen = mails.map((m) => `${m.to.join(",")}: ${m.subject}`).join("; ") || "none";
          reject(new Error(`no mail to ${to} within ${timeoutMs} ms (mails so far: ${seen})`));
        }, timeoutMs);
        waiters.add(wake);
      });
    },
    refuse: (to) => void refused.add(to.toLowerCase()),
    hold(to) {
      let release = () => {};
      held.set(
        to.toLowerCase(),
        new Promise((resolve) => {
          release = resolve;
        }),
      );
      return release;
    },
    accept(to) {
      refused.delete(to.toLowerCase());
      held.delete(to.toLowerCase());
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The 6-digit passcode of a passcode mail (from the subject, else the text, else the HTML). */
export function passcodeFrom(mail: CaughtMail): string {
  for (const text of [mail.subject, mail.text, mail.html.replace(/<[^>]*>/g, " ")]) {
    const code = /(?<![\w#&])\d{6}(?!\w)/.exec(text)?.[0];
    if (code !== undefined) return code;
  }
  throw new Error(`no 6-digit passcode in the mail "${mail.subject}":\n${mail.text}`);
}

// A small MIME reader, enough for what nodemailer sends: headers, single-part or (nested) multipart bodies,
// quoted-printable or base64 transfer encodings, RFC 2047 encoded subjects.
function parseMail(raw: string): Omit<CaughtMail, "to" | "from" | "raw"> {
  const { headers, body } = splitEntity(raw);
  const parts: { type: string; text: string }[] = [];
  collectParts(headers, body, parts);
  return {
    subject: decodeWords(headers.get("subject") ?? ""),
    text: parts.find((p) => p.type === "text/plain")?.text ?? "",
    html: parts.find((p) => p.type === "text/html")?.text ?? "",
  };
}

function splitEntity(entity: string): { headers: Map<string, string>; body: string } {
  const normalized = entity.replace(/\r\n/g, "\n");
  const end = normalized.indexOf("\n\n");
  const head = end === -1 ? normalized : normalized.slice(0, end);
  const body = end === -1 ? "" : normalized.slice(end + 2);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\n[ \t]+/g, " ").split("\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function collectParts(headers: Map<string, string>, body: string, parts: { type: string; text: string }[]): void {
  const contentType = headers.get("content-type") ?? "text/plain";
  const type = (contentType.split(";")[0] ?? "").trim().toLowerCase();
  if (type.startsWith("multipart/")) {
    const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
    if (boundary === undefined) return;
    const sections = body.split(`--${boundary}`).slice(1);
    for (const section of sections) {
      if (section.startsWith("--")) break;
      const part = splitEntity(section.replace(/^\n/, ""));
      collectParts(part.headers, part.body, parts);
    }
    return;
  }
  const charset = /charset="?([^";]+)"?/i.exec(contentType)?.[1] ?? "utf-8";
  parts.push({ type, text: decodeBody(body, headers.get("content-transfer-encoding") ?? "7bit", charset) });
}

function decodeBody(body: string, encoding: string, charset: string): string {
  const bytes = (() => {
    switch (encoding.trim().toLowerCase()) {
      case "base64":
        return Buffer.from(body.replace(/\s+/g, ""), "base64");
      case "quoted-printable":
        return decodeQuotedPrintable(body.replace(/=\n/g, ""));
      default:
        return Buffer.from(body, "utf8");
    }
  })();
  return new TextDecoder(charset).decode(bytes).replace(/\n$/, "");
}

function decodeQuotedPrintable(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === "=" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i] as string, "utf8"));
    }
  }
  return Buffer.from(bytes);
}

function decodeWords(text: string): string {
  return text
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset: string, kind: string, data: string) => {
      const bytes = kind.toUpperCase() === "B" ? Buffer.from(data, "base64") : decodeQuotedPrintable(data.replace(/_/g, " "));
      return new TextDecoder(charset).decode(bytes);
    });
}
