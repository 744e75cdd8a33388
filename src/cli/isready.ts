import { parseDuration } from "../gocompat/duration.ts";
import { parseListenAddress } from "../http/listen-address.ts";
import type { CliIo, Command } from "./command.ts";
import { configFor, databaseFor } from "./context.ts";
import { CONFIG_FLAG, parseFlags } from "./flags.ts";
import { UsageError } from "./usage-error.ts";
import type { Config } from "../config/schema.ts";

const usage = `Usage: hanko isready [public|admin] [--config PATH] [--wait DURATION]

Exits 0 when the service answers, 1 when it does not.
  (no argument)  the database named in the configuration answers a query
  public|admin   that API answers GET /health/ready with 200 (as in Hanko)

Flags:
  --config PATH      configuration file (default ./config/config.yaml)
  --wait DURATION    keep trying this long before giving up, e.g. 30s (default: one try)
  -h, --help         show this help
`;

const RETRY_EVERY_MS = 250;

export const isready: Command = {
  name: "isready",
  summary: "exit 0 once the database (or an API) answers",
  usage,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, { ...CONFIG_FLAG, wait: { type: "string" } }, usage);
    const [target, ...rest] = positionals;
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`, usage);
    if (target !== undefined && target !== "public" && target !== "admin") {
      throw new UsageError(`unknown target "${target}"; use public, admin or nothing for the database`, usage);
    }
    let waitMs = 0;
    if (values.wait !== undefined) {
      try {
        waitMs = parseDuration(values.wait);
      } catch {
        throw new UsageError(`--wait: "${values.wait}" is not a duration; use e.g. 500ms, 30s or 2m`, usage);
      }
    }
    const config = configFor(values.config, io);
    const probe = target === undefined ? databaseProbe(config) : apiProbe(config, target);
    const deadline = Date.now() + waitMs;
    for (;;) {
      const failure = await probe();
      if (failure === undefined) return 0;
      if (Date.now() >= deadline) return notReady(io, failure);
      await Bun.sleep(RETRY_EVERY_MS);
    }
  },
};

/** Resolves to undefined when ready, else to the reason. */
type Probe = () => Promise<string | undefined>;

function databaseProbe(config: Config): Probe {
  // A fresh connection per try: a pool that failed to connect can linger in reconnect back-off.
  return async () => {
    const db = databaseFor(config);
    try {
      await db.ping();
      return undefined;
    } catch (error) {
      return `database: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      await db.close();
    }
  };
}

function apiProbe(config: Config, target: "public" | "admin"): Probe {
  const { hostname, port } = parseListenAddress(config.server[target].address);
  const host = hostname === "0.0.0.0" ? "localhost" : hostname.includes(":") ? `[${hostname}]` : hostname;
  const url = `http://${host}:${port}/health/ready`;
  return async () => {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      return response.status === 200 ? undefined : `${url} answered ${response.status}`;
    } catch (error) {
      return `${url}: ${error instanceof Error ? error.message : String(error)}`;
    }
  };
}

function notReady(io: CliIo, reason: string): number {
  io.stderr(`not ready: ${reason}\n`);
  return 1;
}
