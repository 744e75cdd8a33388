import type { Clock } from "../../src/clock/clock.ts";
import type { Config } from "../../src/config/schema.ts";
import type { Db } from "../../src/db/connect.ts";
import type { AppDeps } from "../../src/http/app-deps.ts";
import { listen, type RunningApi } from "../../src/http/listen.ts";
import { publicApp } from "../../src/http/apps/public-app.ts";
import { testDeps } from "./app.ts";
import { testConfig } from "./config.ts";
import { openScratch, type TestDatabase } from "./databases.ts";
import { type MailCatcher, startMailCatcher } from "./mail-catcher.ts";

export const ORIGIN = "http://localhost:8888";

/** A public API over a scratch database of one kind, mailing to a catcher: passcodes and passkeys on, passwords off. */
export interface FlowStack {
  db: Db;
  deps: AppDeps;
  api: RunningApi;
  mail: MailCatcher;
  config: Config;
  /** Audit-log console lines, one JSON object each (`audit_log.console_output`). */
  auditLines: string[];
  /** The server's log lines, one JSON object each. */
  logLines: string[];
  close(): Promise<void>;
}

export async function startFlowStack(
  database: TestDatabase,
  overrides: Record<string, unknown> = {},
  options: { clock?: Clock } = {},
): Promise<FlowStack> {
  const { db, dispose } = await openScratch(database);
  const mail = await startMailCatcher();
  const config = testConfig({
    database: { dialect: "sqlite", database: ":memory:" },
    secrets: { keys: ["a-test-secret-of-enough-length"] },
    password: { enabled: false },
    email_delivery: { from_address: "auth@example.com", smtp: { host: mail.host, port: String(mail.port) } },
    webauthn: { relying_party: { id: "localhost", origins: [ORIGIN] } },
    session: { cookie: { secure: false } },
    ...overrides,
  });
  const built = await testDeps(config, db, options.clock);
  const api = listen("public", publicApp(built.deps), "127.0.0.1:0");
  return {
    db,
    deps: built.deps,
    api,
    mail,
    config,
    auditLines: built.auditLines,
    logLines: built.logLines,
    async close() {
      await api.stop();
      built.close();
      await mail.close();
      await dispose();
    },
  };
}

export interface FlowBody {
  name: string;
  status: number;
  payload?: Record<string, any>;
  csrf_token: string;
  actions: Record<string, { href: string; inputs: Record<string, any>; action: string; description: string }>;
  error?: { code: string; message: string };
  links: null;
}

/** Drives one flow as the frontend SDK does: each action by its href, with the last CSRF token. */
export class FlowClient {
  body!: FlowBody;
  response!: Response;

  constructor(
    private readonly base: string,
    private readonly flow: "login" | "registration" | "profile",
    private readonly headers: Record<string, string> = {},
  ) {}

  async start(): Promise<FlowBody> {
    return this.receive(await fetch(`${this.base}/${this.flow}`, { method: "POST", headers: this.headers }));
  }

  /** Runs an action the current state offers; fails the test when it is not offered. */
  async run(action: string, input: Record<string, unknown> = {}): Promise<FlowBody> {
    const offered = this.body.actions[action];
    if (!offered)
      throw new Error(`state ${this.body.name} does not offer ${action}; it offers ${Object.keys(this.body.actions).join(", ")}`);
    return this.post(offered.href, { input_data: input, csrf_token: this.body.csrf_token });
  }

  async post(href: string, body: unknown): Promise<FlowBody> {
    const response = await fetch(`${this.base}${href}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...this.headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return this.receive(response);
  }

  /** Capabilities as a browser with passkeys (and, if asked, autofill) reports them. */
  capabilities(conditional = false): Promise<FlowBody> {
    return this.run("register_client_capabilities", {
      webauthn_available: true,
      webauthn_conditional_mediation_available: conditional,
      webauthn_platform_authenticator_available: true,
    });
  }

  get flowId(): string {
    const href = Object.values(this.body.actions)[0]?.href ?? "";
    return decodeURIComponent(href).split("@")[1] ?? "";
  }

  private async receive(response: Response): Promise<FlowBody> {
    this.response = response;
    const body = (await response.json()) as FlowBody;
    if (body.status !== response.status) throw new Error(`body status ${body.status} differs from HTTP ${response.status}`);
    if (body.name !== "error" || body.csrf_token !== "") this.body = body;
    return body;
  }
}
