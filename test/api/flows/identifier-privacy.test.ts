import { afterEach, describe, expect, test } from "bun:test";
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from "kysely";
import type { Db } from "../../../src/db/connect.ts";
import { listen, type RunningApi } from "../../../src/http/listen.ts";
import { publicApp } from "../../../src/http/apps/public-app.ts";
import { passwordStore } from "../../../src/store/passwords.ts";
import { userStore } from "../../../src/store/users.ts";
import { testDeps } from "../../support/app.ts";
import { testConfig } from "../../support/config.ts";
import { openScratch, type TestDatabase, testDatabases } from "../../support/databases.ts";
import { type FlowBody, FlowClient, ORIGIN } from "../../support/flow-stack.ts";
import { type MailCatcher, startMailCatcher } from "../../support/mail-catcher.ts";

/** Notes, for every statement the server sends, its kind and the tables and columns it names. */
class StatementRecorder implements KyselyPlugin {
  statements: string[] = [];

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const names = new Set<string>();
    collectNames(args.node, names);
    this.statements.push(`${args.node.kind} ${[...names].sort().join(",")}`);
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

function collectNames(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) for (const child of node) collectNames(child, into);
  else if (node && typeof node === "object") {
    const record = node as Record<string, unknown>;
    if (record.kind === "IdentifierNode" && typeof record.name === "string") into.add(record.name);
    for (const value of Object.values(record)) collectNames(value, into);
  }
}

interface Stack {
  url: string;
  db: Db;
  recorder: StatementRecorder;
  close(): Promise<void>;
}

/** The public API over a scratch database whose statements are recorded; no hints, as Hanko's default. */
async function startStack(database: TestDatabase, mail: MailCatcher, overrides: Record<string, unknown>): Promise<Stack> {
  const { db, dispose } = await openScratch(database);
  const recorder = new StatementRecorder();
  const recorded: Db = { ...db, kysely: db.kysely.withPlugin(recorder) };
  const config = testConfig({
    database: { dialect: "sqlite", database: ":memory:" },
    secrets: { keys: ["a-test-secret-of-enough-length"] },
    email_delivery: { from_address: "auth@example.com", smtp: { host: mail.host, port: String(mail.port) } },
    webauthn: { relying_party: { id: "localhost", origins: [ORIGIN] } },
    session: { cookie: { secure: false } },
    privacy: { show_account_existence_hints: false },
    ...overrides,
  });
  const built = await testDeps(config, recorded);
  const api: RunningApi = listen("public", publicApp(built.deps), "127.0.0.1:0");
  return {
    url: api.url,
    db,
    recorder,
    async close() {
      await api.stop();
      built.close();
      await dispose();
    },
  };
}

/** A body as a client could compare two of them: without the CSRF token, and with every id blanked. */
function comparable(body: FlowBody): unknown {
  const { csrf_token: _csrf, ...rest } = body;
  return JSON.parse(JSON.stringify(rest).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, "<id>"));
}

const METHODS = [
  { name: "passwords and passcodes", settings: { password: { enabled: true } } },
  { name: "passwords only", settings: { password: { enabled: true }, email: { use_for_authentication: false } } },
  { name: "passcodes only", settings: { password: { enabled: false } } },
];

describe.each(await testDatabases())("login identifiers without existence hints on $family", (database) => {
  let stack: Stack | undefined;
  let mail: MailCatcher | undefined;
  afterEach(async () => {
    await stack?.close();
    await mail?.close();
    stack = mail = undefined;
  });
  const start = async (overrides: Record<string, unknown>) => {
    mail = await startMailCatcher();
    stack = await startStack(database, mail, overrides);
    const user = await userStore(stack.db.kysely).create({ email: { address: "known@example.com", verified: true }, username: "known" });
    await passwordStore(stack.db.kysely).set(user.id, await Bun.password.hash("a password", { algorithm: "bcrypt", cost: 4 }));
    return stack;
  };

  /** The answer to an identifier on a fresh login flow, with the statements the server ran for it. */
  async function submit(s: Stack, input: Record<string, string>): Promise<{ body: FlowBody; statements: string[] }> {
    const flow = new FlowClient(s.url, "login");
    await flow.start();
    await flow.run("register_client_capabilities", { webauthn_available: false });
    s.recorder.statements = [];
    const body = await flow.run("continue_with_login_identifier", input);
    return { body, statements: [...s.recorder.statements].sort() };
  }

  test.each(METHODS)("a known and an unknown address get the same answer, with $name", async ({ settings }) => {
    const s = await start(settings);
    const known = await submit(s, { email: "known@example.com" });
    const unknown = await submit(s, { email: "nobody@example.com" });
    expect(known.body.status).toBe(200);
    expect(comparable(unknown.body)).toEqual(comparable(known.body));
  });

  test("a known and an unknown address make the server run the same statements, so neither takes longer", async () => {
    const s = await start({ password: { enabled: true } });
    const known = await submit(s, { email: "known@example.com" });
    const unknown = await submit(s, { email: "nobody@example.com" });
    expect(known.statements.length).toBeGreaterThan(1);
    expect(unknown.statements).toEqual(known.statements);
  });

  test.each(METHODS)("an unknown username is named as unknown, as in Hanko 2.7, with $name", async ({ settings }) => {
    const s = await start({ ...settings, username: { enabled: true, use_as_login_identifier: true } });
    const { body } = await submit(s, { identifier: "nobody" });
    expect(body).toMatchObject({ name: "login_init", status: 400 });
    expect(body.actions.continue_with_login_identifier?.inputs.identifier.error).toEqual({
      code: "unknown_username_error",
      message: "The username is unknown.",
    });
  });

  test("a known and an unknown username run the same lookups before the answer is chosen", async () => {
    const s = await start({ password: { enabled: true }, username: { enabled: true, use_as_login_identifier: true } });
    const known = await submit(s, { identifier: "known" });
    const unknown = await submit(s, { identifier: "nobody" });
    const reads = (statements: string[]) => statements.filter((st) => st.startsWith("SelectQueryNode") && !st.includes("flows"));
    expect(reads(unknown.statements)).toEqual(reads(known.statements));
  });
});
