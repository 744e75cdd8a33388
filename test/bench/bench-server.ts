import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { freePort, MAIN, waitForOk } from "../support/cli.ts";

/** The public API in a process of its own, as the benches measure it. */
export interface BenchServer {
  /** Its URL, `http://127.0.0.1:<port>`. */
  base: string;
  /** The config file it reads, for commands run beside it. */
  config: string;
  /** Its process id, for reading its memory use. */
  pid: number;
  stop(): Promise<void>;
}

/**
 * Writes `settings`, with the benchmark secret and a free loopback port for the public API, as the
 * config in `dir`, and serves the public API from it; resolves once it is ready.
 */
export async function startBenchServer(dir: string, settings: Record<string, unknown>): Promise<BenchServer> {
  const port = freePort();
  const config = join(dir, "config.yaml");
  const server = (settings.server ?? {}) as Record<string, unknown>;
  writeFileSync(
    config,
    stringify({
      secrets: { keys: ["a-benchmark-secret-of-enough-length"] },
      ...settings,
      server: { ...server, public: { address: `127.0.0.1:${port}` } },
    }),
  );
  const child = Bun.spawn([process.execPath, MAIN, "serve", "public", "--config", config], { stdout: "ignore", stderr: "inherit" });
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    child.kill("SIGTERM");
    await child.exited;
  };
  try {
    await waitForOk(`${base}/health/ready`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { base, config, pid: child.pid, stop };
}
