import { migrateDown, migrateUp } from "../db/migrations/migrator.ts";
import type { Command } from "./command.ts";
import { configFor, databaseFor } from "./context.ts";
import { CONFIG_FLAG, parseFlags } from "./flags.ts";
import { UsageError } from "./usage-error.ts";

const usage = `Usage: hanko migrate up [--config PATH]
       hanko migrate down N [--config PATH]

Applies the embedded database migrations (up) or reverts the newest N (down).
Applied migrations are recorded in the schema_migration table; running up twice changes nothing.

Flags:
  --config PATH   configuration file (default ./config/config.yaml)
  -h, --help      show this help
`;

export const migrate: Command = {
  name: "migrate",
  summary: "apply (up) or revert (down N) database migrations",
  usage,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, CONFIG_FLAG, usage);
    const [direction, stepsText, ...rest] = positionals;
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`, usage);
    let steps = 0;
    if (direction === "up") {
      if (stepsText !== undefined) throw new UsageError(`"migrate up" takes no count, got "${stepsText}"`, usage);
    } else if (direction === "down") {
      steps = Number(stepsText);
      if (stepsText === undefined || !/^\d+$/.test(stepsText) || steps < 1) {
        throw new UsageError(
          `"migrate down" needs the number of migrations to revert, a positive integer${stepsText === undefined ? "" : `, got "${stepsText}"`}`,
          usage,
        );
      }
    } else {
      throw new UsageError(direction === undefined ? "say up or down" : `unknown direction "${direction}"; use up or down`, usage);
    }
    const config = configFor(values.config, io);
    const db = databaseFor(config);
    try {
      const report = direction === "up" ? await migrateUp(db) : await migrateDown(db, steps);
      const verb = direction === "up" ? "applied" : "reverted";
      if (report.applied.length === 0) io.stdout(direction === "up" ? "database is up to date\n" : "nothing to revert\n");
      for (const name of report.applied) io.stdout(`${verb} ${name}\n`);
      return 0;
    } finally {
      await db.close();
    }
  },
};
