// `make bench`: webhook delivery from the outbox. 1,000 events are queued in the database of a server
// running in its own process; its worker delivers them to a receiver in this one. Reports deliveries
// per second and the time from queueing to receipt (p50, p99), on SQLite.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/db/connect.ts";
import { migrateUp } from "../../src/db/migrations/migrator.ts";
import { webhookDeliveryStore } from "../../src/store/webhook-deliveries.ts";
import { LOOPBACK_HOOKS } from "../support/webhook-receivers.ts";
import { startBenchServer } from "./bench-server.ts";

const EVENTS = 1_000;

const received = new Map<string, number>();
let allIn: () => void = () => {};
const done = new Promise<void>((resolve) => (allIn = resolve));
const receiver = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  async fetch(request) {
    await request.arrayBuffer();
    received.set(request.headers.get("x-hanko-delivery-id") ?? "", performance.now());
    if (received.size === EVENTS) allIn();
    return new Response(null, { status: 204 });
  },
});

const dir = mkdtempSync(join(tmpdir(), "hanko-bench-webhooks-"));
const file = join(dir, "hanko.db");
const db = openDatabase({ family: "sqlite", path: file });
await migrateUp(db);
const server = await startBenchServer(dir, {
  database: { url: `sqlite://${file}` },
  webhooks: { enabled: true, security: LOOPBACK_HOOKS, hooks: [{ callback: `http://127.0.0.1:${receiver.port}/hook`, events: ["user"] }] },
});
try {
  const queuedAt = performance.now();
  await webhookDeliveryStore(db.kysely).enqueue(
    Array.from({ length: EVENTS }, (_, i) => ({
      webhookId: null,
      callback: `http://127.0.0.1:${receiver.port}/hook`,
      event: "user.update",
      data: { id: crypto.randomUUID(), n: i },
    })),
  );
  await Promise.race([done, Bun.sleep(120_000).then(() => Promise.reject(new Error(`only ${received.size} of ${EVENTS} delivered`)))]);
  const latencies = [...received.values()].map((at) => at - queuedAt).sort((a, b) => a - b);
  const seconds = (latencies.at(-1)! - latencies[0]!) / 1000;
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  console.log(`Webhook delivery from the outbox, ${EVENTS} events queued at once, SQLite, receiver over loopback (bun ${Bun.version})`);
  console.log(
    `  ${(EVENTS / Math.max(seconds, 0.001)).toFixed(0)} deliveries/s; queued to received: p50 ${at(0.5).toFixed(0)} ms, p99 ${at(0.99).toFixed(0)} ms (the worker polls every second)`,
  );
} finally {
  await server.stop();
  receiver.stop(true);
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}
