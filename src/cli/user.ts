import { readFile, writeFile } from "node:fs/promises";
import { exportUsers } from "../users/import-export/export-users.ts";
import { importUsers } from "../users/import-export/import-users.ts";
import type { Command } from "./command.ts";
import { configFor, databaseFor } from "./context.ts";
import { CONFIG_FLAG, parseFlags } from "./flags.ts";
import { UsageError } from "./usage-error.ts";

const usage = `Usage: hanko user import (-i FILE | -u URL) [--config PATH]
       hanko user export -o FILE [--config PATH]

import reads a JSON array of users in Hanko's import format (plus password hashes in bcrypt,
$fbscrypt$ or argon2id form, and metadata) and creates them all in one transaction. The whole file
is checked first; every problem is printed with its entry's index (counting from 0) and field,
and then nothing is imported.

export writes every user in the same format, password hashes, usernames, WebAuthn credentials,
OTP secrets and metadata included, so that importing the file elsewhere recreates them.

Flags:
  -i, --inputFile FILE    import file
  -u, --inputUrl URL      import file to download instead
  -o, --outputFile FILE   where export writes
  --config PATH           configuration file (default ./config/config.yaml)
  -h, --help              show this help
`;

const FLAGS = {
  ...CONFIG_FLAG,
  inputFile: { type: "string", short: "i" },
  inputUrl: { type: "string", short: "u" },
  outputFile: { type: "string", short: "o" },
} as const;

export const user: Command = {
  name: "user",
  summary: "import or export users (user import -i FILE, user export -o FILE)",
  usage,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, FLAGS, usage);
    const [action, ...rest] = positionals;
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`, usage);
    if (action === "import") {
      if (values.outputFile !== undefined) throw new UsageError('"user import" takes no --outputFile', usage);
      if ((values.inputFile === undefined) === (values.inputUrl === undefined)) {
        throw new UsageError('"user import" needs exactly one of --inputFile and --inputUrl', usage);
      }
    } else if (action === "export") {
      if (values.inputFile !== undefined || values.inputUrl !== undefined) {
        throw new UsageError('"user export" takes no --inputFile or --inputUrl', usage);
      }
      if (values.outputFile === undefined) throw new UsageError('"user export" needs --outputFile', usage);
    } else {
      throw new UsageError(action === undefined ? "say import or export" : `unknown action "${action}"; use import or export`, usage);
    }

    const config = configFor(values.config, io);
    // Read before connecting: a missing file should not wait for the database.
    const text = action === "import" ? await readInput(values.inputFile, values.inputUrl) : "";
    const db = databaseFor(config);
    try {
      if (action === "export") {
        const users = await exportUsers(db.kysely);
        await writeFile(values.outputFile ?? "", `${JSON.stringify(users, null, 2)}\n`);
        io.stdout(`exported ${plural(users.length, "user")} to ${values.outputFile}\n`);
        return 0;
      }
      const outcome = await importUsers(db, text, config.username, io.clock);
      for (const error of outcome.errors) io.stderr(`${error}\n`);
      if (outcome.errors.length > 0) {
        io.stderr(`no users imported: ${plural(outcome.errors.length, "problem")}\n`);
        return 1;
      }
      io.stdout(`imported ${plural(outcome.imported, "user")}\n`);
      return 0;
    } finally {
      await db.close();
    }
  },
};

async function readInput(file: string | undefined, url: string | undefined): Promise<string> {
  if (file !== undefined) {
    try {
      return await readFile(file, "utf8");
    } catch (error) {
      throw new Error(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const response = await fetch(url ?? "");
  if (!response.ok) throw new Error(`cannot download ${url}: HTTP ${response.status}`);
  return response.text();
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
