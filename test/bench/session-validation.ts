// `make bench`: POST /sessions/validate over loopback at 50 connections, with the server's RSS.
// The load generator (autocannon) runs in Node, in its own process, beside the server under test.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/db/connect.ts";
import { migrateUp } from "../../src/db/migrations/migrator.ts";
import { userStore } from "../../src/store/users.ts";
import { ROOT, runCli } from "../support/cli.ts";
import { startBenchServer } from "./bench-server.ts";

const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmRSS:"));
  return Number(line?.replace(/\D+/g, "") ?? 0) / 1024;
}

async function autocannon(url: string, body: string, seconds: number): Promise<Record<string, any>> {
  const proc = Bun.spawn(
    [
      "node",
      join(ROOT, "node_modules", "autocannon", "autocannon.js"),
      "-c",
      String(CONNECTIONS),
      "-d",
      String(seconds),
      "-m",
      "POST",
      "-H",
      "content-type=application/json",
      "-b",
      body,
      "--json",
      url,
    ],
    { stdout: "pipe", stderr: "ignore" },
  );
  const output = await new Response(proc.stdout).text();
  await proc.exited;
  return JSON.parse(output);
}

const dir = mkdtempSync(join(tmpdir(), "hanko-bench-"));
const db = openDatabase({ family: "sqlite", path: join(dir, "hanko.sqlite") });
await migrateUp(db);
const user = await userStore(db.kysely).create({ email: { address: "bench@example.com", verified: true } });
await db.close();

const server = await startBenchServer(dir, { database: { dialect: "sqlite", database: join(dir, "hanko.sqlite") } });
const { config } = server;
try {
  const created = await runCli(["jwt", "create", user.id, "--config", config, "--pretty=false"]);
  const token = /Token: (\S+)/.exec(created.stdout)?.[1];
  if (!token) throw new Error(`jwt create failed: ${created.stderr}`);
  const url = `${server.base}/sessions/validate`;
  const body = JSON.stringify({ session_token: token });
  const check = (await (await fetch(url, { method: "POST", body, headers: { "content-type": "application/json" } })).json()) as {
    is_valid?: boolean;
  };
  if (check.is_valid !== true) throw new Error(`the token does not validate: ${JSON.stringify(check)}`);

  await autocannon(url, body, 2); // warm-up
  const idleRss = rssMiB(server.pid);
  let peakRss = idleRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMiB(server.pid))), 250);
  const result = await autocannon(url, body, SECONDS);
  clearInterval(sampler);

  console.log(`POST /sessions/validate, ${CONNECTIONS} connections, ${SECONDS}s, SQLite, loopback (bun ${Bun.version})`);
  console.log(`  requests/s   mean ${Math.round(result.requests.average)}  (p50 ${result.requests.p50}, min ${result.requests.min})`);
  console.log(`  latency ms   p50 ${result.latency.p50}  p99 ${result.latency.p99}  max ${result.latency.max}`);
  console.log(`  responses    2xx ${result["2xx"]}  non-2xx ${result.non2xx}  errors ${result.errors}  timeouts ${result.timeouts}`);
  console.log(`  server RSS   ${idleRss.toFixed(1)} MiB after warm-up, ${peakRss.toFixed(1)} MiB peak under load`);
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
