// `make bench`: a bystander's password sign-in (flow start to session), unloaded and while 30 clients
// flood password checks, first on unknown identifiers, then on known ones, from three attacker addresses.
// The rate limiter has its defaults (RATE_LIMITER_* variables reach the server); SQLite and, when reachable,
// PostgreSQL. Clients tell the server their address by X-Forwarded-For, which it trusts from 127.0.0.1
// only; each bystander sign-in comes from an address of its own, as real users' do. The server runs in
// its own process; about 30 s in all.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/db/connect.ts";
import { migrateUp } from "../../src/db/migrations/migrator.ts";
import { ARGON2ID } from "../../src/services/password/password-hasher.ts";
import { passwordStore } from "../../src/store/passwords.ts";
import { userStore } from "../../src/store/users.ts";
import { type TestDatabase, testDatabases } from "../support/databases.ts";
import { FlowClient } from "../support/flow-stack.ts";
import type { FloodOrder, FloodReport } from "./password-flood-attacker.ts";
import { startBenchServer } from "./bench-server.ts";

const FLOOD_CLIENTS = 30;
const ATTACKER_ADDRESSES = 3;
const KNOWN_USERS = 30;
const PASSWORD = "a benchmark password";
const UNLOADED_SECONDS = Number(process.env.BENCH_UNLOADED_SECONDS ?? 2);
const FLOOD_SECONDS = Number(process.env.BENCH_FLOOD_SECONDS ?? 5);
/** The bystander's pause between sign-ins: a person, not a loop. */
const BYSTANDER_PAUSE_MS = 50;

let nextAddress = 0;
/** A client address nobody has used yet in this run. */
const freshAddress = () => `10.${(++nextAddress >> 16) & 255}.${(nextAddress >> 8) & 255}.${nextAddress & 255}`;

const knownEmail = (i: number) => `victim${i}@example.com`;
const BYSTANDER = "bystander@example.com";

async function atPasswordLogin(base: string, address: string, email: string): Promise<FlowClient | undefined> {
  const flow = new FlowClient(base, "login", { "x-forwarded-for": address });
  if ((await flow.start()).status !== 200) return undefined;
  await flow.run("register_client_capabilities", { webauthn_available: false });
  await flow.run("continue_with_login_identifier", { email });
  return flow;
}

/** One complete sign-in from a fresh address; its duration in ms. */
async function bystanderSignIn(base: string): Promise<number> {
  const start = performance.now();
  const flow = await atPasswordLogin(base, freshAddress(), BYSTANDER);
  const done = await flow?.run("password_login", { password: PASSWORD });
  if (done?.name !== "success") throw new Error(`bystander sign-in ended in ${done?.name ?? "a refused flow"}`);
  return performance.now() - start;
}

/** Bystander sign-ins for `seconds`, while a flood on `known` identifiers (if given) runs; latencies in ms. */
async function measure(base: string, seconds: number, known?: FloodOrder["known"]): Promise<{ latencies: number[]; flood: FloodReport }> {
  let worker: Worker | undefined;
  let reported = Promise.resolve<FloodReport>({ checked: 0, refused: 0 });
  if (known !== undefined) {
    const flood = new Worker(new URL("./password-flood-attacker.ts", import.meta.url).href);
    reported = new Promise((resolve) => (flood.onmessage = (event: MessageEvent<FloodReport>) => resolve(event.data)));
    const order: FloodOrder = { base, clients: FLOOD_CLIENTS, addresses: Array.from({ length: ATTACKER_ADDRESSES }, freshAddress), known };
    flood.postMessage(order);
    worker = flood;
  }
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  while (performance.now() < deadline) {
    latencies.push(await bystanderSignIn(base));
    await Bun.sleep(BYSTANDER_PAUSE_MS);
  }
  worker?.postMessage("stop");
  const flood = await reported;
  worker?.terminate();
  return { latencies, flood };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const ms = (value: number) => `${value.toFixed(0).padStart(5)} ms`;

function line(label: string, { latencies, flood }: { latencies: number[]; flood: FloodReport }, unloaded?: number): string {
  const median = percentile(latencies, 50);
  const factor = unloaded === undefined ? "" : `  (${(median / unloaded).toFixed(1)}× unloaded)`;
  const attack = unloaded === undefined ? "" : `; flood: ${flood.checked} checked, ${flood.refused} refused`;
  return `    ${label.padEnd(20)} median ${ms(median)}  p95 ${ms(percentile(latencies, 95))}  n=${latencies.length}${factor}${attack}`;
}

async function run(database: TestDatabase): Promise<string[]> {
  const created = await database.create();
  const db = openDatabase(created.target);
  await migrateUp(db);
  const hash = await Bun.password.hash(PASSWORD, ARGON2ID);
  for (const email of [BYSTANDER, ...Array.from({ length: KNOWN_USERS }, (_, i) => knownEmail(i))]) {
    const user = await userStore(db.kysely).create({ email: { address: email, verified: true } });
    await passwordStore(db.kysely).set(user.id, hash);
  }
  await db.close();
  const dir = mkdtempSync(join(tmpdir(), "hanko-bench-flood-"));
  const server = await startBenchServer(dir, {
    database: { url: created.url },
    server: { ip: { extractor: "x_forwarded_for", trusted_proxies: ["127.0.0.1/32"] } },
    password: { enabled: true },
    email: { use_for_authentication: false },
    passkey: { acquire_on_login: "never" },
    rate_limiter: { enabled: true },
  });
  try {
    const { base } = server;
    await bystanderSignIn(base);
    const unloaded = await measure(base, UNLOADED_SECONDS);
    const median = percentile(unloaded.latencies, 50);
    const unknown = await measure(base, FLOOD_SECONDS, "unknown");
    const known = await measure(
      base,
      FLOOD_SECONDS,
      Array.from({ length: KNOWN_USERS }, (_, i) => knownEmail(i)),
    );
    return [
      `  ${database.family}`,
      line("unloaded", unloaded),
      line("flood, unknown ids", unknown, median),
      line("flood, known ids", known, median),
    ];
  } finally {
    await server.stop();
    await created.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const results: string[] = [];
for (const database of (await testDatabases()).filter((d) => d.family === "sqlite" || d.family === "postgres")) {
  results.push(...(await run(database)));
}
console.log(
  `Bystander password sign-ins (flow start to session) against ${FLOOD_CLIENTS} flooding clients from ${ATTACKER_ADDRESSES} addresses, ` +
    `loopback (bun ${Bun.version})`,
);
for (const result of results) console.log(result);
