// The whole product for end-to-end tests: the real server as a child process (`migrate up`, then
// `serve all`) on free ports with a temporary SQLite database, its sign-in page enabled, and outgoing mail
// delivered over SMTP to a mail catcher in the test process.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { BUN, freePort, MAIN, ROOT, runCli, waitForOk } from "../support/cli.ts";
import { writeConfigFile } from "../support/config.ts";
import { startMailCatcher, type MailCatcher } from "../support/mail-catcher.ts";

export interface Stack {
  /** The public API as the page reaches it, e.g. http://localhost:41234. */
  apiUrl: string;
  /** The sign-in page, e.g. http://localhost:41235/. */
  pageUrl: string;
  pageOrigin: string;
  mail: MailCatcher;
  /** What the server printed so far (stdout and stderr), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** The passwordless setup the e2e suites use: passkeys and email passcodes, no passwords. */
export const PASSWORDLESS = {
  password: { enabled: false },
  passkey: { enabled: true },
  email: { enabled: true, use_for_authentication: true, require_verification: true },
} as const;

/** Starts the server with `settings` merged (top-level sections replaced shallowly) over the e2e base config. */
export async function startStack(settings: Record<string, unknown> = {}): Promise<Stack> {
  const mail = await startMailCatcher();
  const dir = mkdtempSync(join(tmpdir(), "hanko-e2e-"));
  const apiPort = freePort();
  const adminPort = freePort();
  const pagePort = freePort();
  const apiUrl = `http://localhost:${apiPort}`;
  const pageOrigin = `http://localhost:${pagePort}`;

  const config = writeConfigFile({
    database: { dialect: "sqlite", database: join(dir, "hanko.sqlite") },
    secrets: { keys: ["an-e2e-test-secret-of-enough-length"] },
    service: { name: "Hanko E2E" },
    server: {
      public: { address: `127.0.0.1:${apiPort}`, cors: { allow_origins: [pageOrigin] } },
      admin: { address: `127.0.0.1:${adminPort}` },
    },
    webauthn: { relying_party: { id: "localhost", display_name: "Hanko E2E", origins: [pageOrigin] } },
    session: { cookie: { secure: false } },
    email_delivery: {
      enabled: true,
      transport: "smtp",
      from_address: "noreply@e2e.test",
      smtp: { host: mail.host, port: String(mail.port) },
    },
    smtp: { host: mail.host, port: String(mail.port) },
    // The journeys send several passcodes from one address within a minute.
    rate_limiter: { enabled: false },
    audit_log: { console_output: { enabled: false } },
    sign_in_page: { enabled: true, address: `127.0.0.1:${pagePort}`, api_url: apiUrl },
    ...PASSWORDLESS,
    ...settings,
  });

  const migrated = await runCli(["migrate", "up", "--config", config]);
  if (migrated.code !== 0) {
    await mail.close();
    throw new Error(`migrate up failed (${migrated.code}):\n${migrated.stdout}${migrated.stderr}`);
  }

  const server: Subprocess<"ignore", "pipe", "pipe"> = Bun.spawn([BUN, MAIN, "serve", "all", "--config", config], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp" },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  let output = "";
  const collect = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      output += decoder.decode(value, { stream: true });
    }
  };
  const collecting = Promise.all([collect(server.stdout), collect(server.stderr)]);

  const stop = async () => {
    server.kill("SIGTERM");
    await Promise.race([server.exited, Bun.sleep(5_000)]);
    if (server.exitCode === null) server.kill("SIGKILL");
    await collecting.catch(() => undefined);
    await mail.close();
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await waitForOk(`${apiUrl}/health/ready`, 20_000);
    await waitForOk(`${pageOrigin}/`, 10_000).catch((error: Error) => {
      throw new Error(`the API is up but the sign-in page is not (does serve start it?): ${error.message}`);
    });
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\nserver output:\n${output}`);
  }

  return { apiUrl, pageUrl: `${pageOrigin}/`, pageOrigin, mail, output: () => output, stop };
}
