// `make bench`: does the time `continue_with_login_identifier` takes tell a known identifier from an
// unknown one? Known and unknown requests alternate in random order, each on a fresh login flow, against a
// server in its own process on SQLite over 127.0.0.1. Reported per kind of identifier: the median of each
// and the AUC, the chance that a random known request was slower than a random unknown one (0.5: no tell).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/db/connect.ts";
import { migrateUp } from "../../src/db/migrations/migrator.ts";
import { passwordStore } from "../../src/store/passwords.ts";
import { userStore } from "../../src/store/users.ts";
import { FlowClient } from "../support/flow-stack.ts";
import { startBenchServer } from "./bench-server.ts";

const SAMPLES = Math.max(400, Number(process.env.BENCH_SAMPLES ?? 600));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const WARM_UP = 50;
const KNOWN_USERS = 100;
// Any well-formed hash: no password is checked here, the row only has to exist.
const SOME_HASH = "$2a$12$Ydz9r1e8PVtIR4cGMh6HUe2R1WcMuYzXvTAv8b6T2xcWkY7q6f8aG";

/** The probability that a random `slower` sample exceeds a random `faster` one, ties counting half. */
function auc(slower: readonly number[], faster: readonly number[]): number {
  const sorted = [...faster].sort((a, b) => a - b);
  let wins = 0;
  for (const x of slower) {
    let below = 0;
    let equal = 0;
    for (const y of sorted) {
      if (y < x) below++;
      else if (y === x) equal++;
      else break;
    }
    wins += below + equal / 2;
  }
  return wins / (slower.length * faster.length);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** A login flow standing at login_init, so only the identifier request is timed. */
async function freshFlow(base: string): Promise<FlowClient> {
  const flow = new FlowClient(base, "login");
  await flow.start();
  await flow.run("register_client_capabilities", { webauthn_available: false });
  return flow;
}

async function timedIdentifier(base: string, identifier: string): Promise<{ ms: number; state: string }> {
  const flow = await freshFlow(base);
  const start = performance.now();
  const body = await flow.run("continue_with_login_identifier", { identifier });
  return { ms: performance.now() - start, state: `${body.status} ${body.name}` };
}

interface Kind {
  name: string;
  known: (i: number) => string;
  unknown: (i: number) => string;
}

const KINDS: Kind[] = [
  { name: "email", known: (i) => `known${i % KNOWN_USERS}@example.com`, unknown: () => `${crypto.randomUUID()}@example.com` },
  { name: "username", known: (i) => `known${i % KNOWN_USERS}`, unknown: () => `u${crypto.randomUUID().replaceAll("-", "")}` },
];

const dir = mkdtempSync(join(tmpdir(), "hanko-bench-identifier-"));
const database = join(dir, "hanko.sqlite");
const db = openDatabase({ family: "sqlite", path: database });
await migrateUp(db);
for (let i = 0; i < KNOWN_USERS; i++) {
  const user = await userStore(db.kysely).create({ email: { address: `known${i}@example.com`, verified: true }, username: `known${i}` });
  await passwordStore(db.kysely).set(user.id, SOME_HASH);
}
await db.close();

const server = await startBenchServer(dir, {
  database: { dialect: "sqlite", database },
  // One client creates every flow: a per-IP limit would end the run.
  rate_limiter: { enabled: false },
  password: { enabled: true },
  username: { enabled: true, use_as_login_identifier: true },
  audit_log: { console_output: { enabled: false } },
});
const lines: string[] = [];
try {
  const { base } = server;
  for (const kind of KINDS) {
    const samples = { known: [] as number[], unknown: [] as number[] };
    const states = { known: new Set<string>(), unknown: new Set<string>() };
    const deadline = performance.now() + (SECONDS * 1000) / KINDS.length;
    for (let i = 0; i < WARM_UP + SAMPLES && performance.now() < deadline; i++) {
      const order: ("known" | "unknown")[] = Math.random() < 0.5 ? ["known", "unknown"] : ["unknown", "known"];
      for (const which of order) {
        const { ms, state } = await timedIdentifier(base, kind[which](i));
        if (i < WARM_UP) continue;
        samples[which].push(ms);
        states[which].add(state);
      }
    }
    const n = Math.min(samples.known.length, samples.unknown.length);
    lines.push(
      `  ${kind.name.padEnd(9)} known ${median(samples.known).toFixed(3)} ms, unknown ${median(samples.unknown).toFixed(3)} ms, ` +
        `AUC ${auc(samples.known, samples.unknown).toFixed(3)} (${n} samples each${n < SAMPLES ? ", cut short by BENCH_SECONDS" : ""}; ` +
        `answers: known ${[...states.known].join(", ")}; unknown ${[...states.unknown].join(", ")})`,
    );
  }
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`continue_with_login_identifier, known vs unknown, interleaved, fresh flows, SQLite over 127.0.0.1 (bun ${Bun.version})`);
for (const line of lines) console.log(line);
