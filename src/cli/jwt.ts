import { createLogger } from "../log/logger.ts";
import type { Command } from "./command.ts";
import { configFor, databaseFor } from "./context.ts";
import { CONFIG_FLAG, parseFlags } from "./flags.ts";
import { startRuntime } from "../app/runtime.ts";
import { UsageError } from "./usage-error.ts";

const usage = `Usage: hanko jwt create USER_ID [--config PATH] [--pretty=false]

Starts a session for the user, as a sign-in would, and prints its token and claims.
Useful for testing a back end that verifies Hanko tokens.

Flags:
  --config PATH   configuration file (default ./config/config.yaml)
  --pretty        indent the printed claims (default true)
  -h, --help      show this help
`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const jwt: Command = {
  name: "jwt",
  summary: "create a session token for a user (jwt create USER_ID)",
  usage,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, { ...CONFIG_FLAG, pretty: { type: "string", default: "true" } }, usage);
    const [action, userId, ...rest] = positionals;
    if (action !== "create") throw new UsageError(action === undefined ? "say create" : `unknown action "${action}"; use create`, usage);
    if (userId === undefined || !UUID.test(userId))
      throw new UsageError(`"jwt create" needs a user id (a UUID)${userId ? `, got "${userId}"` : ""}`, usage);
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`, usage);
    if (values.pretty !== "true" && values.pretty !== "false")
      throw new UsageError(`--pretty takes true or false, got "${values.pretty}"`, usage);
    const config = configFor(values.config, io);
    const db = databaseFor(config);
    try {
      const runtime = await startRuntime(
        config,
        db,
        createLogger((line) => io.stderr(`${line}\n`)),
        { clock: io.clock },
      );
      try {
        const issued = await runtime.sessions.issue(userId);
        io.stdout(`Token: ${issued.token}\n${JSON.stringify(issued.claims, null, values.pretty === "true" ? 2 : undefined)}\n`);
        return 0;
      } finally {
        runtime.close();
      }
    } finally {
      await db.close();
    }
  },
};
