// `make bench`: complete passkey, passcode and password sign-ins per second (flow start to session)
// at 20 concurrent clients over loopback, on SQLite and, when reachable, PostgreSQL. The server runs in its
// own process; clients, their software authenticators and the SMTP server that receives the
// passcodes run in this one.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/db/connect.ts";
import { migrateUp } from "../../src/db/migrations/migrator.ts";
import { ARGON2ID, PasswordHasher } from "../../src/services/password/password-hasher.ts";
import { testDatabases } from "../support/databases.ts";
import { FlowClient, ORIGIN } from "../support/flow-stack.ts";
import { type MailCatcher, passcodeFrom, startMailCatcher } from "../support/mail-catcher.ts";
import { SoftwareAuthenticator } from "../support/software-authenticator.ts";
import { LOOPBACK_HOOKS } from "../support/webhook-receivers.ts";
import { startBenchServer } from "./bench-server.ts";

const CLIENTS = 20;
const PASSWORD = "a benchmark password";
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** With BENCH_HOOK=1, a webhook subscribed to every event receives them all, in this process. */
const HOOKED = process.env.BENCH_HOOK === "1";
const receiver = HOOKED ? Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response(null, { status: 204 }) }) : undefined;
const webhooks = receiver && {
  enabled: true,
  security: LOOPBACK_HOOKS,
  hooks: [{ callback: `http://127.0.0.1:${receiver.port}/hook`, events: ["user", "session", "email.send"] }],
};

interface Client {
  email: string;
  authenticator: SoftwareAuthenticator;
}

async function signUp(base: string, mail: MailCatcher, client: Client): Promise<void> {
  const flow = new FlowClient(base, "registration");
  await flow.start();
  await flow.capabilities();
  await flow.run("register_login_identifier", { email: client.email });
  await flow.run("verify_passcode", { code: passcodeFrom(await mail.waitForMail(client.email)) });
  await flow.run("register_password", { new_password: PASSWORD });
  await flow.run("webauthn_generate_creation_options");
  await flow.run("webauthn_verify_attestation_response", {
    public_key: client.authenticator.create(flow.body.payload!.creation_options, ORIGIN),
  });
  if (flow.body.name !== "success") throw new Error(`sign-up ended in ${flow.body.name}`);
}

async function passkeySignIn(base: string, client: Client): Promise<void> {
  const flow = new FlowClient(base, "login");
  await flow.start();
  await flow.capabilities();
  await flow.run("webauthn_generate_request_options");
  await flow.run("webauthn_verify_assertion_response", {
    assertion_response: client.authenticator.get(flow.body.payload!.request_options, ORIGIN),
  });
  if (flow.body.name !== "success") throw new Error(`passkey sign-in ended in ${flow.body.name}`);
}

async function passcodeSignIn(base: string, mail: MailCatcher, client: Client): Promise<void> {
  const flow = new FlowClient(base, "login");
  await flow.start();
  await flow.run("register_client_capabilities", { webauthn_available: false });
  await flow.run("continue_with_login_identifier", { email: client.email });
  await flow.run("continue_to_passcode_confirmation");
  await flow.run("verify_passcode", { code: passcodeFrom(await mail.waitForMail(client.email)) });
  if (flow.body.name !== "success") throw new Error(`passcode sign-in ended in ${flow.body.name}`);
}

async function passwordSignIn(base: string, client: Client): Promise<void> {
  const flow = new FlowClient(base, "login");
  await flow.start();
  await flow.run("register_client_capabilities", { webauthn_available: false });
  await flow.run("continue_with_login_identifier", { email: client.email });
  await flow.run("continue_to_password_login");
  await flow.run("password_login", { password: PASSWORD });
  if (flow.body.name !== "success") throw new Error(`password sign-in ended in ${flow.body.name}`);
}

/** Runs `work` in a loop on every client for SECONDS; returns completed runs per second. */
async function measure(clients: Client[], work: (client: Client) => Promise<void>): Promise<number> {
  const deadline = performance.now() + SECONDS * 1000;
  let done = 0;
  await Promise.all(
    clients.map(async (client) => {
      while (performance.now() < deadline) {
        await work(client);
        done++;
      }
    }),
  );
  return done / SECONDS;
}

const results: string[] = [];
for (const database of (await testDatabases()).filter((d) => d.family === "sqlite" || d.family === "postgres")) {
  const created = await database.create();
  const db = openDatabase(created.target);
  await migrateUp(db);
  await db.close();
  const mail = await startMailCatcher();
  const dir = mkdtempSync(join(tmpdir(), "hanko-bench-flows-"));
  const server = await startBenchServer(dir, {
    database: { url: created.url },
    rate_limiter: { enabled: false },
    email_delivery: { smtp: { host: mail.host, port: String(mail.port) } },
    webauthn: { relying_party: { id: "localhost", origins: [ORIGIN] } },
    passkey: { acquire_on_login: "never" },
    ...(webhooks && { webhooks }),
  });
  try {
    const { base } = server;
    const clients: Client[] = Array.from({ length: CLIENTS }, (_, i) => ({
      email: `bench${i}@example.com`,
      authenticator: new SoftwareAuthenticator(),
    }));
    for (const client of clients) await signUp(base, mail, client);
    const passkeys = await measure(clients, (client) => passkeySignIn(base, client));
    const passcodes = await measure(clients, (client) => passcodeSignIn(base, mail, client));
    const passwords = await measure(clients, (client) => passwordSignIn(base, client));
    const rate = (n: number) => `${n.toFixed(1).padStart(7)}/s`;
    results.push(`  ${database.family.padEnd(9)} passkey ${rate(passkeys)}   passcode ${rate(passcodes)}   password ${rate(passwords)}`);
  } finally {
    await server.stop();
    await mail.close();
    await created.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
const hashStart = performance.now();
for (let i = 0; i < 10; i++) await new PasswordHasher().hash(PASSWORD);
const hashMs = (performance.now() - hashStart) / 10;
receiver?.stop(true);
const hooked = HOOKED ? ", a webhook subscribed to every event" : "";
console.log(
  `Complete sign-ins (flow start to session), ${CLIENTS} concurrent clients, ${SECONDS}s each${hooked}, loopback (bun ${Bun.version})`,
);
for (const line of results) console.log(line);
console.log(
  `  password hashes: argon2id m=${ARGON2ID.memoryCost} KiB, t=${ARGON2ID.timeCost}, p=1; one hash takes ${hashMs.toFixed(1)} ms here`,
);
