import { CLEANUP_TABLES, type CleanupTable, countExpired, deleteExpired } from "../cleanup/expired-rows.ts";
import type { Command } from "./command.ts";
import { configFor, databaseFor } from "./context.ts";
import { parseFlags } from "./flags.ts";
import { UsageError } from "./usage-error.ts";

const usage = `Usage: hanko cleanup [--tables LIST] [--page-size N] [--run] [--config PATH]

Deletes expired rows: flows and WebAuthn challenges past their expiry, audit logs older than
audit_log.retention. Without --run it only counts them (a dry run). "serve" does the same on its
own every cleanup.interval unless cleanup.enabled is false.

Flags:
  -t, --tables LIST     comma-separated, of ${CLEANUP_TABLES.join(", ")} (default: all)
  -s, --page-size N     rows deleted per statement (default 512)
      --run             delete instead of counting
  -c, --config PATH     configuration file (default ./config/config.yaml)
  -h, --help            show this help
`;

const FLAGS = {
  config: { type: "string", short: "c" },
  tables: { type: "string", short: "t" },
  "page-size": { type: "string", short: "s" },
  run: { type: "boolean", default: false },
} as const;

export const cleanup: Command = {
  name: "cleanup",
  summary: "delete expired flows, WebAuthn challenges and audit logs (dry run without --run)",
  usage,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, FLAGS, usage);
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`, usage);
    const tables = tablesOf(values.tables);
    const pageSizeText = values["page-size"] ?? "512";
    const pageSize = Number(pageSizeText);
    if (!/^\d+$/.test(pageSizeText) || pageSize < 1)
      throw new UsageError(`--page-size must be a positive integer, got "${pageSizeText}"`, usage);

    const config = configFor(values.config, io);
    const db = databaseFor(config);
    try {
      io.stdout(`cleaning up ${tables.join(", ")}\n`);
      const now = io.clock.now();
      for (const table of tables) {
        const count = values.run ? await deleteExpired(db, table, config, now, pageSize) : await countExpired(db, table, config, now);
        io.stdout(`${values.run ? "deleted" : "would delete"} ${count} ${table}\n`);
      }
      if (!values.run) io.stdout("this was a dry run; add --run to delete\n");
      return 0;
    } finally {
      await db.close();
    }
  },
};

function tablesOf(list: string | undefined): CleanupTable[] {
  if (list === undefined) return [...CLEANUP_TABLES];
  const named = list.split(",").map((t) => t.trim());
  const unknown = named.filter((t) => !(CLEANUP_TABLES as readonly string[]).includes(t));
  if (unknown.length > 0) {
    throw new UsageError(`invalid table name(s): ${unknown.join(", ")}; allowed: ${CLEANUP_TABLES.join(", ")}`, usage);
  }
  return [...new Set(named)] as CleanupTable[];
}
